"""The admins' and trainers' session pages: the list of sessions in scope, a session
with its registrations (waitlist, requests to decide, registering a person), creating
and editing a session with its days, opening, closing, marking held and cancelling.
National admins manage every session, regional admins their region's; trainers see
the sessions they train at, read-only. Anything else answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms.manage import (
    DayFormSet,
    PersonForm,
    PersonSearchForm,
    ReasonForm,
    SessionFilterForm,
    SessionForm,
    day_initial,
    day_specs,
)
from ..models import Registration, SessionStatus, TrainingSession

PAGE_SIZE = 50


def _staff_only(request) -> None:
    """The pages are for people who manage sessions, mentors (who train) and
    anyone who trains at a session: 404 for others."""
    user = request.user
    if not (
        user.has_perm(selectors.MANAGE_PERMISSION)
        or user.has_perm("people.view_user")
        or selectors.session_list_trained(user=user).exists()
    ):
        raise Http404


def _session(request, pk: int) -> TrainingSession:
    try:
        return selectors.session_get_for_staff(user=request.user, pk=pk)
    except TrainingSession.DoesNotExist:
        raise Http404 from None


def _managed(request, pk: int) -> TrainingSession:
    """A session the user manages (a trainer's own session is read-only: 404)."""
    session = _session(request, pk)
    if not selectors.session_can_manage(user=request.user, session=session):
        raise Http404
    return session


def _registration(request, pk: int) -> Registration:
    try:
        registration = selectors.registration_get_for_staff(user=request.user, pk=pk)
    except Registration.DoesNotExist:
        raise Http404 from None
    if not selectors.session_can_manage(
        user=request.user, session=registration.session
    ):
        raise Http404
    return registration


def _errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: its fields' errors under them,
    the others (days, the session as a whole) above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def session_list(request):
    """The sessions in the user's scope (and those they train at), filtered."""
    _staff_only(request)
    form = SessionFilterForm(request.GET or None, viewer=request.user)
    sessions = form.filter(selectors.session_list_for_staff(user=request.user))
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.session_counts(session_ids=[s.pk for s in page.object_list])
    return render(
        request,
        "scheduling/manage/session_list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                {"session": session, "counts": counts.get(session.pk, {})}
                for session in page.object_list
            ],
            "can_create": request.user.has_perm(selectors.MANAGE_PERMISSION),
        },
    )


def _render_detail(request, session, *, cancel_form=None, refuse_form=None, status=200):
    can_manage = selectors.session_can_manage(user=request.user, session=session)
    search = PersonSearchForm(request.GET or None)
    return render(
        request,
        "scheduling/manage/session_detail.html",
        {
            "session": session,
            "days": list(session.days.all()),
            "trainers": list(session.trainers.all()),
            "registrations": selectors.session_registrations(session=session),
            "seats_left": selectors.session_seats_left(session=session),
            "can_manage": can_manage,
            "cancel_form": cancel_form or ReasonForm(),
            "refuse_form": refuse_form or ReasonForm(),
            "search_form": search,
            "found": search.results(viewer=request.user) if can_manage else [],
            "Status": SessionStatus,
        },
        status=status,
    )


@login_required
def session_detail(request, pk: int):
    """A session with its registrations: seats, waitlist, requests, history."""
    return _render_detail(request, _session(request, pk))


def _session_form_page(request, *, session: TrainingSession | None):
    viewer = request.user
    if request.method == "POST":
        form = SessionForm(request.POST, instance=session, viewer=viewer)
        days = DayFormSet(request.POST, prefix="days")
        if form.is_valid() and days.is_valid():
            fields = form.service_fields()
            try:
                if session is None:
                    session = services.session_create(
                        by=viewer,
                        days=day_specs(days),
                        trainers=list(form.cleaned_data["trainers"]),
                        **fields,
                    )
                    messages.success(request, _("The session is created as a draft."))
                else:
                    services.session_update(
                        session=session,
                        by=viewer,
                        days=day_specs(days),
                        trainers=list(form.cleaned_data["trainers"]),
                        **fields,
                    )
                    messages.success(request, _("The session is saved."))
            except ValidationError as exc:
                _errors_to_form(form, exc)
            except PermissionDenied:
                raise Http404 from None
            else:
                return redirect("scheduling_manage:detail", pk=session.pk)
        messages.error(request, _("The session is not saved: correct what is marked."))
        status = 400
    else:
        form = SessionForm(instance=session, viewer=viewer)
        days = DayFormSet(
            prefix="days", initial=day_initial(session) if session else None
        )
        status = 200
    return render(
        request,
        "scheduling/manage/session_form.html",
        {"form": form, "days": days, "session": session},
        status=status,
    )


@login_required
def session_create(request):
    """A new session (a draft), with its days."""
    if not request.user.has_perm(selectors.MANAGE_PERMISSION):
        raise Http404
    return _session_form_page(request, session=None)


@login_required
def session_edit(request, pk: int):
    """Change a session and its days (the people registered are told of changes)."""
    return _session_form_page(request, session=_managed(request, pk))


STATUS_MESSAGES = {
    SessionStatus.OPEN: gettext_lazy("Registration is open."),
    SessionStatus.CLOSED: gettext_lazy("Registration is closed."),
    SessionStatus.HELD: gettext_lazy("The session is marked as held."),
}


@login_required
@require_POST
def session_status(request, pk: int):
    """Open, close or mark held."""
    session = _managed(request, pk)
    status = request.POST.get("status", "")
    if status not in STATUS_MESSAGES:
        messages.error(request, _("Choose what to do with the session."))
        return redirect("scheduling_manage:detail", pk=session.pk)
    try:
        services.session_status_set(session=session, by=request.user, status=status)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, str(STATUS_MESSAGES[status]))
    return redirect("scheduling_manage:detail", pk=session.pk)


@login_required
@require_POST
def session_cancel(request, pk: int):
    """Cancel with a reason (everyone registered is told)."""
    session = _managed(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling."))
        return _render_detail(request, session, cancel_form=form, status=400)
    try:
        services.session_cancel(
            session=session, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The session is cancelled."))
    return redirect("scheduling_manage:detail", pk=session.pk)


@login_required
@require_POST
def session_register_person(request, pk: int):
    """Register a person in the admin's scope (no audience rule nor approval)."""
    session = _managed(request, pk)
    form = PersonForm(request.POST, viewer=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a person you may register."))
        return redirect("scheduling_manage:detail", pk=session.pk)
    person = form.cleaned_data["person"]
    try:
        registration = services.session_register(
            session=session, person=person, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    except PermissionDenied:
        messages.error(request, _("Choose a person you may register."))
    else:
        messages.success(
            request,
            _("%(person)s: %(status)s.")
            % {"person": person, "status": registration.get_status_display()},
        )
    return redirect("scheduling_manage:detail", pk=session.pk)


@login_required
@require_POST
def registration_approve(request, pk: int):
    """Approve a request awaiting approval."""
    registration = _registration(request, pk)
    try:
        registration = services.registration_approve(
            registration=registration, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("%(person)s: %(status)s.")
            % {
                "person": registration.person,
                "status": registration.get_status_display(),
            },
        )
    return redirect("scheduling_manage:detail", pk=registration.session_id)


@login_required
@require_POST
def registration_refuse(request, pk: int):
    """Refuse a request, with the reason the person is told."""
    registration = _registration(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for refusing."))
        return redirect("scheduling_manage:detail", pk=registration.session_id)
    try:
        services.registration_refuse(
            registration=registration,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("The request of %(person)s is refused.")
            % {"person": registration.person},
        )
    return redirect("scheduling_manage:detail", pk=registration.session_id)


@login_required
@require_POST
def registration_cancel(request, pk: int):
    """Cancel a person's registration (the seat goes to the waitlist's first)."""
    registration = _registration(request, pk)
    try:
        services.registration_cancel(
            registration=registration,
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("The registration of %(person)s is cancelled.")
            % {"person": registration.person},
        )
    return redirect("scheduling_manage:detail", pk=registration.session_id)
