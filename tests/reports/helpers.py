"""Building the records the dashboard counts, directly (the figures, not the
services that make them, are under test)."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import uuid

from django.utils import timezone

from certificates.models import Certificate
from courses.models import Assignment, Enrolment

_codes = itertools.count(1)


def assign(learner, key: uuid.UUID, *, due_in_days: int = 10, state: str = "new"):
    """An assignment of course `key`, due in `due_in_days` (negative: past), and the
    learner's enrolment: "new" (none), "started" or "completed"."""
    today = timezone.localdate()
    assignment = Assignment.objects.create(
        learner=learner,
        target_kind=Assignment.TargetKind.COURSE,
        target_key=key,
        due_date=today + datetime.timedelta(days=due_in_days),
    )
    if state == "started":
        Enrolment.objects.create(learner=learner, course_key=key)
    elif state == "completed":
        Enrolment.objects.create(
            learner=learner,
            course_key=key,
            status=Enrolment.Status.COMPLETED,
            completed_at=timezone.now(),
        )
    return assignment


def certify(learner, key: uuid.UUID, *, expires_in_days=None, revoked=False):
    now = timezone.now()
    return Certificate.objects.create(
        code=f"T-{next(_codes):06d}",
        learner=learner,
        kind=Certificate.Kind.COURSE,
        target_key=key,
        holder_name=learner.full_name,
        completed_at=now,
        issued_at=now,
        expires_at=None
        if expires_in_days is None
        else now + datetime.timedelta(days=expires_in_days),
        revoked_at=now if revoked else None,
        revoked_reason="Ошибка" if revoked else "",
    )


def csv_rows(response) -> dict[str, list[str]]:
    """The CSV export as {first cell: the line}, without the BOM and header."""
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text)))
    return {line[0]: line for line in lines[1:]}
