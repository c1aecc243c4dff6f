"""Reads of the iCalendar feeds: a person's feed by its token, the sessions of a
person's own feed and of the public feeds (with their days, in a constant number of
queries)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from people.models import Region, User

from ..models import (
    ACTIVE_REGISTRATION,
    CalendarFeed,
    Registration,
    SessionStatus,
    TrainingSession,
)

# What a public feed shows: never a draft.
PUBLIC_STATUSES = [
    SessionStatus.OPEN,
    SessionStatus.CLOSED,
    SessionStatus.HELD,
    SessionStatus.CANCELLED,
]


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(
        days=settings.LMS_SCHEDULING_FEED_PAST_DAYS
    )


def calendar_feed_get(*, person: User) -> CalendarFeed | None:
    """The person's calendar feed, if they made one."""
    return CalendarFeed.objects.filter(person=person).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    """The feed a token opens, with its person; None for an unknown (or revoked)
    token or a person who can no longer sign in."""
    return (
        CalendarFeed.objects.select_related("person")
        .filter(token=token, person__is_active=True)
        .first()
    )


def session_list_for_person_feed(
    *, person: User
) -> tuple[QuerySet[TrainingSession], dict[int, str]]:
    """The sessions of a person's own feed, with their days: those they are
    registered, waitlisted or awaiting approval for, and those they train (a
    cancelled session stays, never a draft), ended at most
    LMS_SCHEDULING_FEED_PAST_DAYS ago. Also the person's registration status per
    session id."""
    states = dict(
        Registration.objects.filter(
            person=person, status__in=ACTIVE_REGISTRATION
        ).values_list("session_id", "status")
    )
    trained = TrainingSession.trainers.through.objects.filter(user=person).values(
        "trainingsession_id"
    )
    sessions = (
        TrainingSession.objects.filter(Q(pk__in=list(states)) | Q(pk__in=trained))
        .exclude(status=SessionStatus.DRAFT)
        .filter(ends_at__gte=_window_start())
        .prefetch_related("days")
        .order_by("starts_at", "pk")
    )
    return sessions, states


def session_list_for_public_feed(*, region: Region | None) -> QuerySet[TrainingSession]:
    """The sessions of a public feed, with their days: open, closed, held or
    cancelled (never a draft), ended at most LMS_SCHEDULING_FEED_PAST_DAYS ago. A
    region's feed: its own sessions and the national ones; the national feed
    (`region` None): every region's and the national ones."""
    sessions = TrainingSession.objects.filter(
        status__in=PUBLIC_STATUSES, ends_at__gte=_window_start()
    )
    if region is not None:
        sessions = sessions.filter(Q(region=region) | Q(region__isnull=True))
    return sessions.prefetch_related("days").order_by("starts_at", "pk")
