"""E-mails of scheduling, each sent once: what became of a registration, a session's
change or cancellation, and the reminders before a session. Plain text in the
recipient's language (templates/scheduling/emails/), with the session's .ics
attached where it belongs in their calendar (scheduling.ical).

Once only: a registration's event claims its own column before sending
(core.mail.mail_send_once); a session's change claims `notified_sequence` up to the
session's SEQUENCE with a conditional UPDATE, so a task that runs twice, or two at
once, sends nothing twice. A claim is released when sending failed, for the task's
retry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone, translation

from core.links import public_url
from core.mail import Recipient, mail_recipient, mail_send, mail_send_once

from .ical import ics_attachment, session_ics, session_page_url, session_title
from .models import (
    ACTIVE_REGISTRATION,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
)
from .selectors.reminders import (
    REMINDED_STATUSES,
    REMINDER_DAY,
    REMINDER_WEEK,
    days_before_start,
)

TEMPLATES = "scheduling/emails/"


@dataclass(frozen=True)
class RegistrationNotice:
    """What a registration's event sends: the column it claims, the status the
    registration must still have, the template, and whether the .ics goes with it."""

    flag: str
    status: str
    template: str
    ics: bool


# The six events the services enqueue (scheduling.tasks.registration_notice).
# "registered" and "waitlisted" share the confirmation (a sign-up ends in one of
# them, also after an approval); "refused" and "cancelled" the decision (each ends
# the registration).
REGISTRATION_NOTICES = {
    "registered": RegistrationNotice(
        "confirmation_sent_at",
        RegistrationStatus.REGISTERED,
        "registration_registered",
        True,
    ),
    "waitlisted": RegistrationNotice(
        "confirmation_sent_at",
        RegistrationStatus.WAITLISTED,
        "registration_waitlisted",
        False,
    ),
    "pending": RegistrationNotice(
        "request_sent_at", RegistrationStatus.PENDING, "registration_pending", False
    ),
    "promoted": RegistrationNotice(
        "promotion_sent_at",
        RegistrationStatus.REGISTERED,
        "registration_promoted",
        True,
    ),
    "refused": RegistrationNotice(
        "decision_sent_at", RegistrationStatus.REFUSED, "registration_refused", False
    ),
    "cancelled": RegistrationNotice(
        "decision_sent_at", RegistrationStatus.CANCELLED, "registration_cancelled", True
    ),
}
# Events that speak of a session still to come: not sent once it is cancelled (its
# cancellation notice says what matters).
UPCOMING_EVENTS = {"registered", "waitlisted", "pending", "promoted"}

REMINDER_FLAGS = {
    REMINDER_WEEK: "reminder_week_sent_at",
    REMINDER_DAY: "reminder_day_sent_at",
}


def _with_days(session: TrainingSession) -> TrainingSession:
    """The session with its days fetched once (the e-mail and the .ics read them)."""
    if "days" in getattr(session, "_prefetched_objects_cache", {}):
        return session
    return TrainingSession.objects.prefetch_related("days").get(pk=session.pk)


def _context(
    registration: Registration,
    session: TrainingSession,
    recipient: Recipient,
    **extra,
) -> dict:
    """What every scheduling e-mail shows (called in the recipient's language)."""
    # The meeting link is for those holding a seat at a session still to come.
    registered = (
        registration.status == RegistrationStatus.REGISTERED
        and session.status != SessionStatus.CANCELLED
    )
    return {
        "person": registration.person,
        "registration": registration,
        "session": session,
        "title": session_title(session, recipient.language),
        "kind": session.get_kind_display(),
        "days": list(session.days.all()),
        "venue": session.venue,
        "meeting_url": session.meeting_url if registered else "",
        "url": session_page_url(session),
        "calendar_url": public_url(reverse("scheduling:calendar_feed")),
        **extra,
    }


def _ics(session: TrainingSession, recipient: Recipient, state: str = "") -> list:
    content = session_ics(session=session, language=recipient.language, state=state)
    return [ics_attachment(content)]


def registration_notice_send(*, registration: Registration, event: str) -> int:
    """Tell a person what became of their registration (`event`: registered,
    waitlisted, pending, promoted, refused, cancelled), once. Nothing is sent when
    the registration has moved on since (its status no longer that of the event),
    when the session is cancelled (for the events of a session to come), or when
    the person cannot be written to. Returns how many e-mails were sent."""
    notice = REGISTRATION_NOTICES.get(event)
    if notice is None:
        raise ValueError(f"unknown registration event: {event!r}")
    registration = Registration.objects.select_related("person").get(pk=registration.pk)
    if registration.status != notice.status:
        return 0
    session = _with_days(registration.session)
    if event in UPCOMING_EVENTS and session.status == SessionStatus.CANCELLED:
        return 0
    recipient = mail_recipient(registration.person)
    if recipient is None:
        return 0
    # A cancelled registration's .ics (STATUS:CANCELLED) goes only to whom an .ics
    # was sent before: it takes the event out of their calendar.
    attach = notice.ics and (
        event != "cancelled"
        or registration.confirmation_sent_at is not None
        or registration.promotion_sent_at is not None
    )
    sent = mail_send_once(
        queryset=Registration.objects.filter(pk=registration.pk),
        flag_field=notice.flag,
        template=TEMPLATES + notice.template,
        to=recipient,
        context=lambda r: _context(
            registration, session, r, reason=registration.reason, has_ics=attach
        ),
        attachments=(
            (lambda r: _ics(session, r, state=registration.status)) if attach else None
        ),
    )
    if sent and event in UPCOMING_EVENTS:
        # What they were just sent is the session as it stands: no change notice
        # for an earlier change is owed to them.
        Registration.objects.filter(
            pk=registration.pk, notified_sequence__lt=session.sequence
        ).update(notified_sequence=session.sequence)
    return sent


def session_notice_send(*, session: TrainingSession) -> int:
    """Tell everyone with an active registration (registered, waitlisted, awaiting
    approval) that the session changed, or is cancelled with its reason, once per
    SEQUENCE: each registration is claimed by raising its `notified_sequence` to the
    session's. Those holding a seat get the updated .ics (STATUS:CANCELLED for a
    cancelled session). Returns how many e-mails were sent."""
    session = TrainingSession.objects.prefetch_related("days").get(pk=session.pk)
    if session.status == SessionStatus.DRAFT:
        return 0
    cancelled = session.status == SessionStatus.CANCELLED
    template = TEMPLATES + ("session_cancelled" if cancelled else "session_changed")
    sequence = session.sequence
    registrations = Registration.objects.filter(
        session=session,
        status__in=ACTIVE_REGISTRATION,
        notified_sequence__lt=sequence,
    ).select_related("person")
    sent = 0
    for registration in registrations:
        claimed = Registration.objects.filter(
            pk=registration.pk, notified_sequence__lt=sequence
        ).update(notified_sequence=sequence)
        if not claimed:
            continue  # another run told them
        recipient = mail_recipient(registration.person)
        if recipient is None:
            continue
        attach = registration.status == RegistrationStatus.REGISTERED
        try:
            _send_one(
                recipient,
                template,
                registration,
                session,
                attach,
                reason=session.cancelled_reason if cancelled else "",
            )
        except Exception:
            Registration.objects.filter(
                pk=registration.pk, notified_sequence=sequence
            ).update(notified_sequence=registration.notified_sequence)
            raise
        sent += 1
    return sent


def _send_one(
    recipient: Recipient,
    template: str,
    registration: Registration,
    session: TrainingSession,
    attach: bool,
    **extra,
) -> None:
    with translation.override(recipient.language):
        context = _context(registration, session, recipient, has_ics=attach, **extra)
        attachments = (
            _ics(session, recipient, state=registration.status) if attach else ()
        )
    mail_send(to=recipient, template=template, context=context, attachments=attachments)


def session_reminder_send(
    *, registration: Registration, kind: str, now: datetime.datetime | None = None
) -> int:
    """Remind a registered person of their session (`kind` "week" or "day"), once.
    Nothing for a registration no longer holding a seat, a cancelled or begun
    session, nor a week reminder once the day reminder went. Returns how many
    e-mails were sent."""
    flag = REMINDER_FLAGS[kind]
    now = now or timezone.now()
    registration = Registration.objects.select_related("person", "session").get(
        pk=registration.pk
    )
    session = registration.session
    if (
        registration.status != RegistrationStatus.REGISTERED
        or session.status not in REMINDED_STATUSES
        or session.starts_at is None
        or session.starts_at <= now
    ):
        return 0
    if kind == REMINDER_WEEK and registration.reminder_day_sent_at is not None:
        return 0
    recipient = mail_recipient(registration.person)
    if recipient is None:
        return 0
    session = _with_days(session)
    days_before = max(days_before_start(session, now=now), 0)
    return mail_send_once(
        queryset=Registration.objects.filter(pk=registration.pk),
        flag_field=flag,
        template=TEMPLATES + "session_reminder",
        to=recipient,
        context=lambda r: _context(registration, session, r, days_before=days_before),
    )
