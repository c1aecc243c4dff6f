"""Hand-over pages: the leaver's checklist, the successor's reading of the notes, and
the regional (or national) admin's list and page of their region's hand-overs, where
they appoint the successor or name a stand-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import sensitive_action
from .forms import HandoverChecklistForm, HandoverContactFormSet, HandoverPersonForm
from .models import Handover


def _contacts_initial(handover: Handover) -> list[dict]:
    return [
        {
            "organization": c.organization_id,
            "name": c.display_name,
            "contact_person": c.contact_person,
            "phone": c.phone,
            "email": c.email,
            "note": c.note,
        }
        for c in handover.contacts.select_related("organization")
    ]


@login_required
def handover_checklist(request, pk: int):
    """The leaver fills in the checklist of their own hand-over (they may have lost
    the role, not the account)."""
    handover = (
        Handover.objects.filter(leaver=request.user)
        .select_related("organization", "successor", "stand_in")
        .filter(pk=pk)
        .first()
    )
    if handover is None:
        raise Http404
    if request.method == "POST" and not handover.is_completed:
        form = HandoverChecklistForm(request.POST)
        formset = HandoverContactFormSet(request.POST, prefix="contacts")
        if form.is_valid() and formset.is_valid():
            contacts = [
                row
                for row in formset.cleaned_data
                if row and not row.get("DELETE") and row.get("name")
            ]
            try:
                services.handover_checklist_save(
                    handover=handover,
                    user=request.user,
                    notes=form.cleaned_data["notes"],
                    open_matters=form.cleaned_data["open_matters"],
                    contacts=contacts,
                    submit="submit" in request.POST,
                )
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, _("Your checklist has been saved."))
                return redirect("people:handover_checklist", pk=handover.pk)
        else:
            messages.error(request, _("Please correct the errors below."))
    else:
        form = HandoverChecklistForm(
            initial={"notes": handover.notes, "open_matters": handover.open_matters}
        )
        formset = HandoverContactFormSet(
            initial=_contacts_initial(handover), prefix="contacts"
        )
    return render(
        request,
        "people/handover_checklist.html",
        {
            "handover": handover,
            "form": form,
            "formset": formset,
            "duties": selectors.handover_duty_list(handover=handover),
        },
    )


@login_required
def handover_notes(request, pk: int):
    """The successor (or the stand-in) reads the leaver's notes, and marks them read."""
    try:
        handover = selectors.handover_get_for_participant(user=request.user, pk=pk)
    except Handover.DoesNotExist:
        raise Http404 from None
    if request.user.pk not in (handover.successor_id, handover.stand_in_id):
        raise Http404
    if request.method == "POST":
        services.handover_notes_mark_read(handover=handover, user=request.user)
        messages.success(request, _("Marked as read."))
        return redirect("people:handover_notes", pk=handover.pk)
    return render(
        request,
        "people/handover_notes.html",
        {
            "handover": handover,
            "contacts": handover.contacts.select_related("organization"),
            "duties": selectors.handover_duty_list(handover=handover),
            "is_successor": request.user.pk == handover.successor_id,
        },
    )


@login_required
@permission_required("people.view_handover", raise_exception=True)
def handover_list(request):
    handovers = selectors.handover_list_visible(viewer=request.user)
    return render(
        request,
        "people/handover_list.html",
        {
            "open_handovers": list(handovers.exclude(status=Handover.Status.COMPLETED)),
            # The latest fifty: the audit log keeps the rest.
            "completed_handovers": list(
                handovers.filter(status=Handover.Status.COMPLETED)[:50]
            ),
        },
    )


def _handover_detail(request, handover, *, appoint_form=None, stand_in_form=None):
    return render(
        request,
        "people/handover_detail.html",
        {
            "handover": handover,
            "duties": selectors.handover_duty_list(handover=handover),
            "contacts": handover.contacts.select_related("organization"),
            "appoint_form": appoint_form or HandoverPersonForm(viewer=request.user),
            "stand_in_form": stand_in_form
            or HandoverPersonForm(viewer=request.user, prefix="stand_in"),
            "can_change": request.user.has_perm("people.change_handover"),
        },
        status=400 if (appoint_form or stand_in_form) else 200,
    )


def _visible_or_404(request, pk: int) -> Handover:
    try:
        return selectors.handover_get_visible(viewer=request.user, pk=pk)
    except Handover.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required("people.view_handover", raise_exception=True)
def handover_detail(request, pk: int):
    return _handover_detail(request, _visible_or_404(request, pk))


def _handover_person_set(
    request, pk: int, *, prefix: str | None, service, person_kwarg: str, done, failed
):
    """Name a person for a hand-over (the successor or a stand-in) from the form with
    `prefix`: call `service`, say `done` (with the person's name) and go back to the
    hand-over, or show it again with the form's errors and `failed`."""
    handover = _visible_or_404(request, pk)
    form = HandoverPersonForm(request.POST, viewer=request.user, prefix=prefix)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            service(
                handover=handover,
                date=form.cleaned_data["date"],
                actor=request.user,
                **{person_kwarg: person},
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done % {"name": person})
            return redirect("people:handover_detail", pk=handover.pk)
    messages.error(request, failed)
    form_name = "stand_in_form" if prefix else "appoint_form"
    return _handover_detail(request, handover, **{form_name: form})


@login_required
@permission_required("people.change_handover", raise_exception=True)
@require_POST
@sensitive_action
def handover_appoint(request, pk: int):
    return _handover_person_set(
        request,
        pk,
        prefix=None,
        service=services.handover_complete,
        person_kwarg="successor",
        done=_("%(name)s now holds the position; the duties are theirs."),
        failed=_("The successor was not appointed."),
    )


@login_required
@permission_required("people.change_handover", raise_exception=True)
@require_POST
@sensitive_action
def handover_stand_in(request, pk: int):
    return _handover_person_set(
        request,
        pk,
        prefix="stand_in",
        service=services.handover_stand_in_set,
        person_kwarg="stand_in",
        done=_("%(name)s stands in until the successor is appointed."),
        failed=_("The stand-in was not named."),
    )
