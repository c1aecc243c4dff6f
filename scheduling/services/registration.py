"""Registration for a session: seats, the waitlist, approval, cancelling.

The seats are kept by the database: a registered row holds a seat number, unique per
session (a constraint), chosen while the session row is locked (SELECT ... FOR
UPDATE on PostgreSQL; SQLite takes the write lock at BEGIN IMMEDIATE). So when many
people ask for the last seats at once, exactly `capacity` get one and the rest are
waitlisted in the order they arrived. A second click finds the registration the
first made and returns it (a partial unique constraint backs that up)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.outbox import enqueue_durably
from people.models import User
from people.selectors import learner_scope_q

from .. import selectors
from ..models import (
    ACTIVE_REGISTRATION,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
)
from ..tasks import registration_notice as registration_notice_task

MSG_CANCELLED = _("This session has been cancelled.")
MSG_NOT_OPEN = _("Registration for this session is not open.")
MSG_DEADLINE_PASSED = _("The registration deadline for this session has passed.")
MSG_PAST = _("This session has already begun.")
MSG_FULL = _("This session is full and has no waitlist.")
MSG_NOT_IN_AUDIENCE = _("This session is only for: %(audience)s.")
MSG_OVERLAP = _(
    "You are already registered for “%(other)s” at the same time. Cancel that "
    "registration first."
)
MSG_PERSON_OVERLAP = _(
    "%(person)s is already registered for “%(other)s” at the same time."
)
MSG_NOT_ACTIVE = _("This registration has already been cancelled or refused.")
MSG_NOT_PENDING = _("This request has already been decided.")
MSG_REFUSE_REASON = _("Give the reason for refusing.")
MSG_CANCEL_STARTED = _(
    "The session has begun: ask the organisers to change your registration."
)


def _notify(registration: Registration, event: str) -> None:
    registration_id = registration.pk
    enqueue_durably(
        registration_notice_task, registration_id=registration_id, event=event
    )


def _lock(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _free_seat(session: TrainingSession) -> int | None:
    """The lowest seat number not taken, or None when every seat is taken."""
    taken = set(
        Registration.objects.filter(
            session=session, status=RegistrationStatus.REGISTERED
        ).values_list("seat", flat=True)
    )
    for seat in range(1, session.capacity + 1):
        if seat not in taken:
            return seat
    return None


def _open_check(session: TrainingSession, now) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(MSG_CANCELLED, code="cancelled")
    if session.status != SessionStatus.OPEN:
        raise ValidationError(MSG_NOT_OPEN, code="not_open")
    if selectors.session_has_started(session=session, now=now):
        raise ValidationError(MSG_PAST, code="past")
    if session.registration_deadline and session.registration_deadline < now:
        raise ValidationError(MSG_DEADLINE_PASSED, code="deadline")


def _audience_text(session: TrainingSession) -> str:
    from people.models import OrganizationKind
    from people.roles import Role

    parts = [str(Role(role).label) for role in session.audience_roles or []]
    parts += [
        str(OrganizationKind(kind).label)
        for kind in session.audience_organization_kinds or []
    ]
    if session.region_id:
        parts.append(str(session.region))
    return ", ".join(parts)


def _may_register_others(by: User, session: TrainingSession, person: User) -> bool:
    return (
        selectors.session_can_manage(user=by, session=session)
        and User.objects.filter(learner_scope_q(viewer=by), pk=person.pk).exists()
    )


def session_register(
    *, session: TrainingSession, person: User, by: User
) -> Registration:
    """Register `person` for `session`: a seat when one is free, else the waitlist
    (if the session keeps one); a request awaiting approval when the session needs
    it and `person` signs up themselves. `by` is the person, or an admin who may
    manage the session and see the person (no audience rule nor approval for them).
    Refused with a message: a cancelled, closed, begun or full session without a
    waitlist, a person outside the audience, a clash with another registration.
    Registering again returns the registration that stands."""
    on_behalf = by.pk != person.pk
    if on_behalf and not _may_register_others(by, session, person):
        raise PermissionDenied
    existing = selectors.registration_active_get(session=session, person=person)
    if existing is not None:
        return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = _lock(session)
            existing = selectors.registration_active_get(session=locked, person=person)
            if existing is not None:
                return existing
            _open_check(locked, now)
            if not on_behalf and not selectors.person_in_audience(
                session=locked, person=person
            ):
                raise ValidationError(
                    MSG_NOT_IN_AUDIENCE,
                    code="audience",
                    params={"audience": _audience_text(locked)},
                )
            clash = selectors.session_overlapping_registration(
                session=locked, person=person
            )
            if clash is not None:
                raise ValidationError(
                    MSG_PERSON_OVERLAP if on_behalf else MSG_OVERLAP,
                    code="overlap",
                    params={"other": clash.session.title, "person": str(person)},
                )
            seat = None
            if locked.approval_required and not on_behalf:
                status = RegistrationStatus.PENDING
            else:
                seat = _free_seat(locked)
                if seat is not None:
                    status = RegistrationStatus.REGISTERED
                elif locked.waitlist:
                    status = RegistrationStatus.WAITLISTED
                else:
                    raise ValidationError(MSG_FULL, code="full")
            registration = Registration.objects.create(
                session=locked,
                person=person,
                status=status,
                seat=seat,
                registered_by=by if on_behalf else None,
                # Changes made before the sign-up are no news to them: no change
                # notice is owed for those (scheduling.notices).
                notified_sequence=locked.sequence,
            )
            if on_behalf:
                audit_log(
                    locked,
                    "scheduling.register",
                    user=by,
                    region_id=locked.region_id,
                    data={"person": person.pk, "status": status},
                )
            _notify(registration, status)
    except IntegrityError:
        # Another request of the same person got there first (the partial unique
        # constraint): theirs stands.
        existing = selectors.registration_active_get(session=session, person=person)
        if existing is None:
            raise
        return existing
    return registration


def _waitlist_promote(session: TrainingSession) -> list[Registration]:
    """Give free seats to the waitlist in arrival order (the session row is locked
    by the caller); each promoted person is told once."""
    promoted = []
    if session.status not in (SessionStatus.OPEN, SessionStatus.CLOSED):
        return promoted
    while True:
        first = selectors.waitlist_first(session=session)
        if first is None:
            break
        seat = _free_seat(session)
        if seat is None:
            break
        Registration.objects.filter(pk=first.pk).update(
            status=RegistrationStatus.REGISTERED, seat=seat, updated_at=timezone.now()
        )
        first.status, first.seat = RegistrationStatus.REGISTERED, seat
        _notify(first, "promoted")
        promoted.append(first)
    return promoted


def _may_act(by: User, registration: Registration) -> bool:
    return by.pk == registration.person_id or selectors.session_can_manage(
        user=by, session=registration.session
    )


def registration_cancel(
    *, registration: Registration, by: User, reason: str = ""
) -> Registration:
    """Cancel a registration (the person themselves before the session begins, or
    an admin of the session at any time): the seat goes to the first person on the
    waitlist, who is told. Cancelling twice changes nothing."""
    if not _may_act(by, registration):
        raise PermissionDenied
    on_behalf = by.pk != registration.person_id
    with transaction.atomic():
        session = _lock(registration.session)
        current = Registration.objects.get(pk=registration.pk)
        if current.status not in ACTIVE_REGISTRATION:
            return current
        if not on_behalf and selectors.session_has_started(session=session):
            raise ValidationError(MSG_CANCEL_STARTED, code="started")
        current.status = RegistrationStatus.CANCELLED
        current.seat = None
        current.cancelled_at = timezone.now()
        current.reason = (reason or "").strip()
        if on_behalf:
            current.decided_by = by
        current.save()
        _waitlist_promote(session)
        if on_behalf:
            audit_log(
                session,
                "scheduling.registration_cancel",
                user=by,
                region_id=session.region_id,
                data={"person": current.person_id, "reason": current.reason},
            )
            _notify(current, "cancelled")
    return current


def registration_approve(*, registration: Registration, by: User) -> Registration:
    """Approve a request awaiting approval: a seat, else the waitlist, else refused
    as full. Only an admin of the session; deciding twice is refused."""
    if not selectors.session_can_manage(user=by, session=registration.session):
        raise PermissionDenied
    with transaction.atomic():
        session = _lock(registration.session)
        current = Registration.objects.get(pk=registration.pk)
        if current.status != RegistrationStatus.PENDING:
            raise ValidationError(MSG_NOT_PENDING, code="decided")
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError(MSG_CANCELLED, code="cancelled")
        seat = _free_seat(session)
        if seat is not None:
            current.status, current.seat = RegistrationStatus.REGISTERED, seat
        elif session.waitlist:
            current.status = RegistrationStatus.WAITLISTED
        else:
            raise ValidationError(MSG_FULL, code="full")
        current.decided_by = by
        current.save()
        audit_log(
            session,
            "scheduling.approve",
            user=by,
            region_id=session.region_id,
            data={"person": current.person_id, "status": current.status},
        )
        _notify(current, current.status)
    return current


def registration_refuse(
    *, registration: Registration, by: User, reason: str
) -> Registration:
    """Refuse a request awaiting approval, with the reason the person is told."""
    if not selectors.session_can_manage(user=by, session=registration.session):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [MSG_REFUSE_REASON]})
    with transaction.atomic():
        session = _lock(registration.session)
        current = Registration.objects.get(pk=registration.pk)
        if current.status != RegistrationStatus.PENDING:
            raise ValidationError(MSG_NOT_PENDING, code="decided")
        current.status = RegistrationStatus.REFUSED
        current.reason = reason
        current.decided_by = by
        current.save()
        audit_log(
            session,
            "scheduling.refuse",
            user=by,
            region_id=session.region_id,
            data={"person": current.person_id, "reason": reason},
        )
        _notify(current, "refused")
    return current
