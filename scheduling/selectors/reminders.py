"""Reads of the reminders before a session: which registrations are due which
reminder today."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from ..ical import ALMATY
from ..models import Registration, RegistrationStatus, SessionStatus, TrainingSession

REMINDER_WEEK = "week"
REMINDER_DAY = "day"
# Sessions whose registered people are reminded (a cancelled one never).
REMINDED_STATUSES = [SessionStatus.OPEN, SessionStatus.CLOSED]


def days_before_start(session: TrainingSession, *, now: datetime.datetime) -> int:
    """Calendar days (in Almaty) from `now` to the session's first day."""
    today = now.astimezone(ALMATY).date()
    return (session.starts_at.astimezone(ALMATY).date() - today).days


def registration_list_reminder_due(
    *, now: datetime.datetime | None = None
) -> list[tuple[int, str]]:
    """The reminders due now, as (registration id, "week" or "day"): for each
    registration holding a seat at an open or closed session whose first day is
    ahead, the day reminder from the day before (Almaty dates), else the week
    reminder from seven days before; each only if not sent, and the week one not
    after the day one (a registration first seen late gets only the most urgent)."""
    now = now or timezone.now()
    today = now.astimezone(ALMATY).date()
    week = settings.LMS_SCHEDULING_REMINDER_WEEK_DAYS
    day = settings.LMS_SCHEDULING_REMINDER_DAY_DAYS
    horizon = datetime.datetime.combine(
        today + datetime.timedelta(days=week + 1), datetime.time(), tzinfo=ALMATY
    )
    rows = (
        Registration.objects.filter(
            status=RegistrationStatus.REGISTERED,
            session__status__in=REMINDED_STATUSES,
            session__starts_at__gt=now,
            session__starts_at__lt=horizon,
            reminder_day_sent_at__isnull=True,
        )
        .select_related("session")
        .order_by("session__starts_at", "pk")
    )
    due = []
    for registration in rows:
        days_before = days_before_start(registration.session, now=now)
        if days_before <= day:
            due.append((registration.pk, REMINDER_DAY))
        elif days_before <= week and registration.reminder_week_sent_at is None:
            due.append((registration.pk, REMINDER_WEEK))
    return due
