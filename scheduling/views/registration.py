"""A person's own sign-up on the session page: register (or join the waitlist, or
ask for a place) and cancel. Each is a POST calling one service; a refusal comes
back as a message on the session page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import services
from ..models import RegistrationStatus, TrainingSession
from ..selectors import calendar as selectors

SUCCESS = {
    RegistrationStatus.REGISTERED: gettext_lazy(
        "You are registered. A confirmation is on its way by e-mail."
    ),
    RegistrationStatus.WAITLISTED: gettext_lazy(
        "The session is full: you are on the waitlist. We will e-mail you when a seat frees up."
    ),
    RegistrationStatus.PENDING: gettext_lazy(
        "Your request is sent. The regional administrator will decide on it."
    ),
}


def _session(pk: int) -> TrainingSession:
    try:
        return selectors.session_get_public(pk=pk)
    except TrainingSession.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def session_register(request, pk: int):
    """Register the signed-in person (a seat, the waitlist or a request); a second
    click finds the registration made by the first."""
    session = _session(pk)
    try:
        registration = services.session_register(
            session=session, person=request.user, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, str(SUCCESS.get(registration.status, "")) or _("Done.")
        )
    return redirect("scheduling:session_detail", pk=session.pk)


@login_required
@require_POST
def registration_cancel(request, pk: int):
    """Cancel the signed-in person's registration (or leave the waitlist, or withdraw
    a request); the seat goes to the first on the waitlist."""
    session = _session(pk)
    registration = selectors.registration_for_person(
        session=session, person=request.user
    )
    if registration is None or registration.status not in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.PENDING,
    ):
        messages.info(request, _("You are not registered for this session."))
        return redirect("scheduling:session_detail", pk=session.pk)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("scheduling:session_detail", pk=session.pk)
