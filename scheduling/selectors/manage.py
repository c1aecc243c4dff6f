"""Reads of the admins' and trainers' pages: the sessions a user may see there (the
ones they manage, and the ones they train at, read-only) and a session's
registrations sorted for its page."""

from __future__ import annotations

import dataclasses

from django.db.models import Q, QuerySet

from people.models import User

from ..models import Registration, RegistrationStatus, TrainingSession
from .sessions import session_list_manageable


def session_list_for_staff(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions `user` manages (national admin: all; regional admin: their
    region's) and those they train at, with their regions."""
    if not user.is_authenticated:
        return TrainingSession.objects.none()
    managed = session_list_manageable(user=user).values("pk")
    return (
        TrainingSession.objects.filter(Q(pk__in=managed) | Q(trainers=user))
        .distinct()
        .select_related("region")
    )


def session_get_for_staff(*, user: User, pk: int) -> TrainingSession:
    """One session of session_list_for_staff, with its days and trainers; raises
    TrainingSession.DoesNotExist otherwise (the views answer 404)."""
    return (
        session_list_for_staff(user=user)
        .prefetch_related("days", "trainers")
        .get(pk=pk)
    )


@dataclasses.dataclass
class SessionRegistrations:
    """A session's registrations as its page lists them."""

    registered: list[Registration]  # by seat
    waitlisted: list[Registration]  # in arrival order
    pending: list[Registration]  # in arrival order
    ended: list[Registration]  # cancelled and refused, newest first


def session_registrations(*, session: TrainingSession) -> SessionRegistrations:
    """Every registration of the session with its person and region (one query)."""
    rows = list(
        Registration.objects.filter(session=session)
        .select_related("person", "person__region")
        .order_by("created_at", "pk")
    )
    by_status: dict[str, list[Registration]] = {}
    for row in rows:
        by_status.setdefault(row.status, []).append(row)
    return SessionRegistrations(
        registered=sorted(
            by_status.get(RegistrationStatus.REGISTERED, []), key=lambda r: r.seat
        ),
        waitlisted=by_status.get(RegistrationStatus.WAITLISTED, []),
        pending=by_status.get(RegistrationStatus.PENDING, []),
        ended=sorted(
            by_status.get(RegistrationStatus.CANCELLED, [])
            + by_status.get(RegistrationStatus.REFUSED, []),
            key=lambda r: (r.updated_at, r.pk),
            reverse=True,
        ),
    )


def registration_get_for_staff(*, user: User, pk: int) -> Registration:
    """A registration of a session `user` may see on the manage pages, with its
    session and person; raises Registration.DoesNotExist otherwise."""
    return Registration.objects.select_related("session", "person").get(
        pk=pk, session__in=session_list_for_staff(user=user).values("pk")
    )
