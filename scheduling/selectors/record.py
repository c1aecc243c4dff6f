"""A person's training sessions as their record (transcript) shows them: the sessions
they registered for or were marked at, with their registration and their attendance
marks. Three queries (two for someone with neither), whatever the numbers of
sessions, days or marks."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from people.models import User

from ..models import (
    Attendance,
    AttendanceMark,
    Registration,
    SessionDay,
    TrainingSession,
)


@dataclasses.dataclass
class SessionRecord:
    """One session of a person: their latest registration for it (None when they
    were marked without one), its number of days and their marks."""

    session: TrainingSession
    registration: Registration | None
    days: int
    present: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def attended(self) -> bool:
        return self.present > 0


def _days_count() -> Coalesce:
    days = (
        SessionDay.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(days, output_field=IntegerField()), 0)


def session_record_list(*, person: User) -> list[SessionRecord]:
    """Every session `person` registered for (any status, the latest registration
    kept) or was marked at, the latest session first."""
    registrations = list(
        Registration.objects.filter(person=person).order_by("created_at", "pk")
    )
    marks: dict[int, dict[str, int]] = defaultdict(dict)
    for session_id, mark, n in (
        Attendance.objects.filter(person=person)
        .order_by()
        .values_list("day__session_id", "mark")
        .annotate(n=Count("pk"))
    ):
        marks[session_id][mark] = n
    latest = {r.session_id: r for r in registrations}
    session_ids = set(latest) | set(marks)
    sessions = (
        {
            s.pk: s
            for s in TrainingSession.objects.filter(pk__in=sorted(session_ids))
            .annotate(days_count=_days_count())
            .select_related("region")
        }
        if session_ids
        else {}
    )
    records = [
        SessionRecord(
            session=session,
            registration=latest.get(pk),
            days=session.days_count,
            present=marks[pk].get(AttendanceMark.PRESENT, 0),
            absent=marks[pk].get(AttendanceMark.ABSENT, 0),
            excused=marks[pk].get(AttendanceMark.EXCUSED, 0),
        )
        for pk, session in sessions.items()
    ]
    # The latest first; sessions without days yet (no start) at the end.
    return sorted(
        records,
        key=lambda r: (
            r.session.starts_at is not None,
            r.session.starts_at or datetime.datetime.min.replace(tzinfo=datetime.UTC),
            r.session.pk,
        ),
        reverse=True,
    )
