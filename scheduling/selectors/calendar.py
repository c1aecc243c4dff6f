"""Reads of the public calendars and the session page: the days of the sessions in a
month (national, or a region's with the national ones), one session as learners see
it, and a person's place at it. Drafts are never shown to learners."""

from __future__ import annotations

import calendar
import dataclasses
import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from people.models import Region

from ..models import (
    ACTIVE_REGISTRATION,
    Registration,
    RegistrationStatus,
    SessionDay,
    SessionStatus,
    TrainingSession,
)
from .feeds import PUBLIC_STATUSES  # what learners see: never a draft
from .sessions import session_seats_left, waitlist_position

NATIONAL = "national"


def month_parse(
    value: str | None, *, today: datetime.date | None = None
) -> datetime.date:
    """The first day of the month `value` names ("2027-03"); this month when empty
    or not a month."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def month_shift(month: datetime.date, by: int) -> datetime.date:
    """The first day of the month `by` months after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + by
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    """The last day of `month`."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def public_session_q(prefix: str = "") -> Q:
    """Sessions learners may see (all but drafts)."""
    return Q(**{f"{prefix}status__in": PUBLIC_STATUSES})


def calendar_day_list(
    *,
    start: datetime.date,
    end: datetime.date,
    kind: str = "",
    region: Region | str | None = None,
    with_national: bool = False,
) -> QuerySet[SessionDay]:
    """The days (start to end, inclusive) of the sessions learners may see, with
    their session and its region (one query). `region`: a Region (its sessions, and
    the national ones with `with_national`), NATIONAL (national sessions only) or
    None (every region's and the national ones)."""
    days = SessionDay.objects.filter(
        public_session_q("session__"), date__gte=start, date__lte=end
    )
    if kind:
        days = days.filter(session__kind=kind)
    if region == NATIONAL:
        days = days.filter(session__region__isnull=True)
    elif region is not None:
        match = Q(session__region=region)
        if with_national:
            match |= Q(session__region__isnull=True)
        days = days.filter(match)
    return days.select_related("session", "session__region").order_by(
        "starts_at", "session_id"
    )


@dataclasses.dataclass
class CalendarEntry:
    """A session as a month's list shows it: the session and its days that month."""

    session: TrainingSession
    days: list[SessionDay]


def calendar_entries(days) -> list[CalendarEntry]:
    """Days grouped by session, in the order of each session's first day."""
    entries: dict[int, CalendarEntry] = {}
    for day in days:
        entry = entries.get(day.session_id)
        if entry is None:
            entries[day.session_id] = CalendarEntry(session=day.session, days=[day])
        else:
            entry.days.append(day)
    return list(entries.values())


@dataclasses.dataclass
class GridDay:
    """One cell of a month grid."""

    date: datetime.date
    in_month: bool
    is_today: bool
    days: list[SessionDay]


def calendar_month_grid(
    *, month: datetime.date, days, first_weekday: int = 0
) -> list[list[GridDay]]:
    """The weeks of `month` (each seven GridDays, from `first_weekday`, 0 Monday or
    6 Sunday), each day with the session days on it."""
    by_date: dict[datetime.date, list[SessionDay]] = {}
    for day in days:
        by_date.setdefault(day.date, []).append(day)
    today = timezone.localdate()
    weeks = calendar.Calendar(firstweekday=first_weekday).monthdatescalendar(
        month.year, month.month
    )
    return [
        [
            GridDay(
                date=date,
                in_month=date.month == month.month,
                is_today=date == today,
                days=by_date.get(date, []),
            )
            for date in week
        ]
        for week in weeks
    ]


def session_get_public(*, pk: int) -> TrainingSession:
    """A session learners may see, with its region, days and trainers (three
    queries); raises TrainingSession.DoesNotExist for a draft or an unknown id."""
    return (
        TrainingSession.objects.filter(public_session_q())
        .select_related("region")
        .prefetch_related("days", "trainers")
        .get(pk=pk)
    )


def session_get_with_days(*, pk: int) -> TrainingSession:
    """Any session (drafts too: for the people who manage it), as session_get_public."""
    return (
        TrainingSession.objects.select_related("region")
        .prefetch_related("days", "trainers")
        .get(pk=pk)
    )


def registration_for_person(*, session: TrainingSession, person) -> Registration | None:
    """The person's place at the session: their active registration, else the last
    one cancelled or refused, else None (one query)."""
    if not getattr(person, "is_authenticated", False):
        return None
    rows = list(
        Registration.objects.filter(session=session, person=person).order_by(
            "-created_at", "-pk"
        )[:5]
    )
    for row in rows:
        if row.status in ACTIVE_REGISTRATION:
            return row
    return rows[0] if rows else None


def registration_list_upcoming_for_person(
    *, person, now: datetime.datetime | None = None, limit: int = 5
) -> list[Registration]:
    """The person's active registrations for sessions not yet over, soonest first,
    with their sessions (one query)."""
    now = now or timezone.now()
    return list(
        Registration.objects.filter(
            person=person,
            status__in=ACTIVE_REGISTRATION,
            session__ends_at__gte=now,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session", "session__region")
        .order_by("session__starts_at", "session_id")[:limit]
    )


class Action:
    """The one thing a person can do on a session page."""

    REGISTER = "register"
    REQUEST = "request"  # register where sign-up needs approval
    WAITLIST = "waitlist"
    CANCEL = "cancel"
    SIGN_IN = "sign_in"


def session_registration_is_open(
    *, session: TrainingSession, now: datetime.datetime | None = None
) -> bool:
    """Whether the session takes sign-ups now: open, before its deadline and before
    it starts. (What the page offers; the registration service decides.)"""
    now = now or timezone.now()
    return (
        session.status == SessionStatus.OPEN
        and (
            session.registration_deadline is None or session.registration_deadline > now
        )
        and (session.starts_at is None or session.starts_at > now)
    )


def session_page_context(*, session: TrainingSession, user) -> dict:
    """What the session page shows to `user` (anyone): seats left, their place at the
    session (with their waitlist number), whether the meeting link is theirs to see,
    and the one action that applies (two or three queries)."""
    now = timezone.now()
    registration = registration_for_person(session=session, person=user)
    active = registration is not None and registration.status in ACTIVE_REGISTRATION
    seats_left = session_seats_left(session=session)
    is_open = session_registration_is_open(session=session, now=now)
    over = session.ends_at is not None and session.ends_at <= now
    action = None
    if active:
        if (
            session.status not in (SessionStatus.CANCELLED, SessionStatus.HELD)
            and not over
        ):
            action = Action.CANCEL
    elif is_open:
        if not getattr(user, "is_authenticated", False):
            action = Action.SIGN_IN
        elif (
            registration is not None
            and registration.status == RegistrationStatus.REFUSED
        ):
            action = None
        elif session.approval_required:
            action = Action.REQUEST
        elif seats_left > 0:
            action = Action.REGISTER
        elif session.waitlist:
            action = Action.WAITLIST
    trainers = list(session.trainers.all())
    days = list(session.days.all())
    today = timezone.localdate()
    return {
        "session": session,
        "days": days,
        # A seat holder checks in on the day itself (the code the trainer shows).
        "check_in_today": session.status
        in (SessionStatus.OPEN, SessionStatus.CLOSED, SessionStatus.HELD)
        and registration is not None
        and registration.status == RegistrationStatus.REGISTERED
        and any(day.date == today for day in days),
        "trainers": trainers,
        "registration": registration,
        "active": active,
        "waitlist_position": waitlist_position(registration=registration)
        if registration is not None
        else None,
        "seats_left": seats_left,
        "is_open": is_open,
        "is_over": over,
        # The link is for those holding a seat, and the trainers (as in the feeds).
        "show_meeting_url": bool(session.meeting_url)
        and (
            (
                registration is not None
                and registration.status == RegistrationStatus.REGISTERED
            )
            or any(trainer.pk == user.pk for trainer in trainers)
        ),
        "action": action,
        "Action": Action,
    }
