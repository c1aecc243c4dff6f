"""Reads about sessions and registrations: who may manage which session, who is in a
session's audience, seats left, the waitlist, overlaps."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from people.models import User
from people.selectors import position_list_active, user_scope

from ..models import (
    ACTIVE_REGISTRATION,
    Registration,
    RegistrationStatus,
    SessionDay,
    SessionStatus,
    TrainingSession,
)

MANAGE_PERMISSION = "scheduling.manage_trainingsession"


def session_list_manageable(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions `user` may manage: every one for a national admin, their regions'
    for a regional admin (the one scope rule of people.selectors.user_scope; a
    national session only for national admins), none for anyone else."""
    sessions = TrainingSession.objects.select_related("region")
    if not user.is_authenticated or not user.has_perm(MANAGE_PERMISSION):
        return sessions.none()
    scope = user_scope(user=user)
    if scope.everything:
        return sessions
    if not scope.region_ids:
        return sessions.none()
    return sessions.filter(region_id__in=sorted(scope.region_ids))


def session_can_manage(*, user: User, session: TrainingSession) -> bool:
    """Whether `user` may edit `session`, decide on its registrations and register
    people for it (no query beyond the user's scope and permissions, memoised)."""
    if not user.is_authenticated or not user.has_perm(MANAGE_PERMISSION):
        return False
    scope = user_scope(user=user)
    if scope.everything:
        return True
    return session.region_id is not None and session.region_id in scope.region_ids


def session_is_trainer(*, user: User, session: TrainingSession) -> bool:
    """Whether `user` trains at `session` (trainers see and mark their sessions)."""
    if not user.is_authenticated:
        return False
    return session.trainers.filter(pk=user.pk).exists()


def session_list_trained(*, user: User) -> QuerySet[TrainingSession]:
    """The sessions `user` trains at."""
    return TrainingSession.objects.filter(trainers=user).select_related("region")


def person_in_audience(*, session: TrainingSession, person: User) -> bool:
    """Whether the session is for `person`: of its region (by the person's region or
    an organisation they work in; any region for a national session), holding one of
    its roles (any, when none is listed) and working in one of its organisation
    kinds (any, when none is listed). Roles count from active positions."""
    positions = list(
        position_list_active()
        .filter(user=person)
        .values_list("role", "organization__kind", "organization__region_id")
    )
    if session.region_id is not None:
        regions = {person.region_id} | {region for _r, _k, region in positions}
        if session.region_id not in regions:
            return False
    roles = set(session.audience_roles or [])
    if roles and not roles & {role for role, _k, _r in positions}:
        return False
    kinds = set(session.audience_organization_kinds or [])
    if kinds:
        held = {kind for _r, kind, _g in positions}
        if person.organization_kind:
            held.add(person.organization_kind)
        if not kinds & held:
            return False
    return True


def registration_active_get(
    *, session: TrainingSession, person: User
) -> Registration | None:
    """The person's registration for a session that still stands (registered,
    waitlisted or awaiting approval), or None."""
    return (
        Registration.objects.filter(
            session=session, person=person, status__in=ACTIVE_REGISTRATION
        )
        .order_by("-pk")
        .first()
    )


def registration_latest_get(
    *, session: TrainingSession, person: User
) -> Registration | None:
    """The person's latest registration for a session, whatever its state (the
    session page shows a refusal or a cancellation)."""
    return (
        Registration.objects.filter(session=session, person=person)
        .order_by("-pk")
        .first()
    )


def session_seats_taken(*, session: TrainingSession) -> int:
    """How many seats are taken."""
    return Registration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    ).count()


def session_seats_left(*, session: TrainingSession) -> int:
    """Seats still free (never below 0)."""
    return max(session.capacity - session_seats_taken(session=session), 0)


def session_counts(*, session_ids) -> dict[int, dict[str, int]]:
    """Registered, waitlisted and pending counts per session, in one query."""
    rows = (
        Registration.objects.filter(
            session_id__in=list(session_ids), status__in=ACTIVE_REGISTRATION
        )
        .values("session_id", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["session_id"], {})[row["status"]] = row["n"]
    return counts


def waitlist_position(*, registration: Registration) -> int | None:
    """The place of a waitlisted registration in its session's queue (1 = next)."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            session_id=registration.session_id,
            status=RegistrationStatus.WAITLISTED,
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def waitlist_first(*, session: TrainingSession) -> Registration | None:
    """The registration next in line for a freed seat (arrival order)."""
    return (
        Registration.objects.filter(
            session=session, status=RegistrationStatus.WAITLISTED
        )
        .order_by("created_at", "pk")
        .first()
    )


def session_overlapping_registration(
    *, session: TrainingSession, person: User
) -> Registration | None:
    """A registration of `person` that still stands, for another session that is
    not cancelled, with a day overlapping one of `session`'s days."""
    days = list(session.days.values_list("starts_at", "ends_at"))
    if not days:
        return None
    overlap = Q()
    for starts_at, ends_at in days:
        overlap |= Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
    clashing = (
        SessionDay.objects.filter(overlap)
        .exclude(session=session)
        .exclude(session__status=SessionStatus.CANCELLED)
        .values("session_id")
    )
    return (
        Registration.objects.filter(
            person=person,
            status__in=ACTIVE_REGISTRATION,
            session_id__in=clashing,
        )
        .select_related("session")
        .first()
    )


def session_has_started(
    *, session: TrainingSession, now: datetime.datetime | None = None
) -> bool:
    """Whether the session's first day has begun."""
    now = now or timezone.now()
    return session.starts_at is not None and session.starts_at <= now
