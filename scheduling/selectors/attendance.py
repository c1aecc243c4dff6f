"""Reads for attendance: who may mark a day, the trainer's list of a day, the days a
person attended, the check-in codes of a day, and the sessions an "attend a session"
item lists."""

from __future__ import annotations

import dataclasses
import datetime
import hmac
import uuid

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from people.models import User

from ..models import (
    ACTIVE_REGISTRATION,
    Attendance,
    Registration,
    RegistrationStatus,
    SessionDay,
    SessionStatus,
    TrainingSession,
)
from .feeds import PUBLIC_STATUSES
from .sessions import session_can_manage, session_is_trainer, session_list_trained

# The salt of the check-in codes' HMAC (with SECRET_KEY): changing it voids every code.
CHECK_IN_SALT = "scheduling.attendance.check_in"
HUMAN_CODE_DIGITS = 6


# Who may mark
# ------------------------------------------------------------------------------


def attendance_can_mark(*, user: User, session: TrainingSession) -> bool:
    """Whether `user` may mark attendance at `session`: a trainer of the session or
    an admin who may manage it (people's scope rule: national admins every session,
    regional admins their region's; a mentor's scope lets them see learners, not
    run another trainer's session)."""
    return session_can_manage(user=user, session=session) or session_is_trainer(
        user=user, session=session
    )


def session_list_to_mark(*, user: User) -> QuerySet[TrainingSession]:
    """The sessions a trainer runs that are on, coming or just past (30 days), with
    their days (two queries), soonest first."""
    since = timezone.now() - datetime.timedelta(days=30)
    return (
        session_list_trained(user=user)
        .exclude(status=SessionStatus.CANCELLED)
        .filter(ends_at__gte=since)
        .prefetch_related("days")
        .order_by("starts_at", "pk")
    )


def day_get(*, pk: int) -> SessionDay:
    """One session day with its session; raises SessionDay.DoesNotExist."""
    return SessionDay.objects.select_related("session").get(pk=pk)


def day_get_public(*, pk: int) -> SessionDay:
    """One day of a session learners may see (never a draft's), with its session;
    raises SessionDay.DoesNotExist otherwise."""
    return (
        SessionDay.objects.select_related("session")
        .filter(session__status__in=PUBLIC_STATUSES)
        .get(pk=pk)
    )


def session_get_for_check_in(*, pk: int) -> TrainingSession:
    """A session learners may see (never a draft), to check in to; raises
    TrainingSession.DoesNotExist otherwise."""
    return TrainingSession.objects.filter(status__in=PUBLIC_STATUSES).get(pk=pk)


def day_list_for_session(*, session: TrainingSession) -> list[SessionDay]:
    """The days of a session in order."""
    return list(session.days.order_by("starts_at"))


def day_today(*, session: TrainingSession) -> SessionDay | None:
    """The session's day that is today in Almaty, if it has one."""
    return session.days.filter(date=timezone.localdate()).first()


# The trainer's list
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class AttendanceRow:
    """One registered person on a day's list, with their mark (None: not marked)."""

    registration: Registration
    person: User
    mark: str | None
    source: str | None
    marked_at: datetime.datetime | None


def registration_list_registered(*, session: TrainingSession) -> QuerySet[Registration]:
    """The session's registrations holding a seat, with person and organisation, in
    the order of their names."""
    return (
        Registration.objects.filter(
            session=session, status=RegistrationStatus.REGISTERED
        )
        .select_related("person", "person__organization")
        .order_by("person__full_name", "person__email", "pk")
    )


def attendance_list(*, day: SessionDay) -> list[AttendanceRow]:
    """The day's list: every registered person and their mark (two queries, whatever
    the number of people)."""
    marks = {
        person_id: (mark, source, marked_at)
        for person_id, mark, source, marked_at in Attendance.objects.filter(day=day)
        .order_by()
        .values_list("person_id", "mark", "source", "marked_at")
    }
    rows = []
    for registration in registration_list_registered(session=day.session):
        mark, source, marked_at = marks.get(registration.person_id, (None,) * 3)
        rows.append(
            AttendanceRow(
                registration=registration,
                person=registration.person,
                mark=mark,
                source=source,
                marked_at=marked_at,
            )
        )
    return rows


def attendance_get(*, day: SessionDay, person: User) -> Attendance | None:
    """A person's mark on a day, if any."""
    return Attendance.objects.filter(day=day, person=person).first()


def registration_is_registered(*, session: TrainingSession, person: User) -> bool:
    """Whether the person holds a seat at the session (status registered)."""
    return Registration.objects.filter(
        session=session, person=person, status=RegistrationStatus.REGISTERED
    ).exists()


def session_attended_all_days(*, session: TrainingSession, person: User) -> bool:
    """Whether the person was marked present on every day of the session."""
    days = session.days.count()
    if not days:
        return False
    present = Attendance.objects.filter(
        day__session=session, person=person, mark=Attendance.Mark.PRESENT
    ).count()
    return present == days


# Check-in codes (derived, never stored)
# ------------------------------------------------------------------------------


def _check_in_digest(day: SessionDay) -> str:
    return salted_hmac(
        CHECK_IN_SALT, f"{day.pk}:{day.date.isoformat()}", algorithm="sha256"
    ).hexdigest()


def check_in_token(*, day: SessionDay) -> str:
    """The code in the day's check-in URL (the QR code): an HMAC of the day's id and
    date with SECRET_KEY, so it differs every day and needs no storage."""
    return _check_in_digest(day)[:20]


def check_in_human_code(*, day: SessionDay) -> str:
    """The same code as six digits, for people to type during an online meeting."""
    number = int(_check_in_digest(day)[20:36], 16) % 10**HUMAN_CODE_DIGITS
    return f"{number:0{HUMAN_CODE_DIGITS}d}"


def check_in_code_matches(*, day: SessionDay, code: str) -> bool:
    """Whether `code` (the URL token or the six digits, spaces ignored) is the day's."""
    code = "".join(code.split())
    if not code:
        return False
    expected = (
        check_in_human_code(day=day) if code.isdigit() else check_in_token(day=day)
    )
    return hmac.compare_digest(code.encode(), expected.encode())


def check_in_open(*, day: SessionDay, now: datetime.datetime | None = None) -> bool:
    """Whether the day's code is valid now: only on the day itself (Almaty), until
    its end at midnight."""
    now = now or timezone.now()
    return timezone.localdate(now) == day.date


# The "attend a session" item
# ------------------------------------------------------------------------------


def session_list_for_course(
    *, course_key: uuid.UUID, kind: str = ""
) -> QuerySet[TrainingSession]:
    """Open sessions that belong to a course (any translation: its translation_key),
    of one kind when given, soonest first."""
    sessions = TrainingSession.objects.filter(
        course_key=course_key,
        status=SessionStatus.OPEN,
        ends_at__gte=timezone.now(),
    ).select_related("region")
    if kind:
        sessions = sessions.filter(kind=kind)
    return sessions.order_by("starts_at", "pk")


@dataclasses.dataclass
class ItemSession:
    """A session an "attend a session" item lists, and the learner's registration
    status there ("" when not registered)."""

    session: TrainingSession
    registration_status: str


def session_list_for_item(
    *, course_key: uuid.UUID, kind: str, person: User
) -> list[ItemSession]:
    """The open sessions of a course an item lists, with the learner's registration
    in each (two queries)."""
    sessions = list(session_list_for_course(course_key=course_key, kind=kind))
    statuses: dict[int, str] = {}
    if sessions and person.is_authenticated:
        statuses = dict(
            Registration.objects.filter(
                person=person,
                session__in=[session.pk for session in sessions],
                status__in=ACTIVE_REGISTRATION,
            ).values_list("session_id", "status")
        )
    return [
        ItemSession(session=session, registration_status=statuses.get(session.pk, ""))
        for session in sessions
    ]
