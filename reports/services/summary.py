"""Rebuilding the completion summary (reports.models.CompletionFigure) from the
records of the other apps: grouped counts read through their selectors, written
whole in one transaction, so a reader sees the old figures or the new, never half.
Its cost grows with the data (a few seconds at 120,000 learners); the dashboard's
does not."""

from __future__ import annotations

import datetime
import time
from collections import defaultdict

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, DateField, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from assessments.selectors.figures import (
    quiz_attempt_list_for_figures,
    quiz_course_keys,
    quiz_pass_counts,
)
from certificates.selectors import (
    Status,
    certificate_list,
    certificate_status_q,
    certificate_valid_q,
    clearance_zone_counts,
)
from core.outbox import enqueue_durably
from courses.selectors import (
    assignment_list_with_completion,
    assignment_list_with_progress,
)
from people.roles import Role
from people.selectors import user_list
from scheduling.selectors.compliance import compliance_list

from ..models import CompletionFigure, SummaryState
from ..selectors.dashboard import DashboardFilters, scoped_to_learners
from ..tasks import completion_summary_refresh as completion_summary_refresh_task

BATCH = 2000

# "" first: everyone, whatever their roles; then one set of rows per role.
ROLES = ("", *Role.values)


def _group(cells, queryset, *, role: str, field: str, month: str = "", **counts):
    """Count the rows of `queryset` (of learners, or of records reaching them
    through `field`) of the people holding `role` ("": everyone), grouped by the
    learner's region and kind, and by course and month when `month` names the date
    field; add the counts to `cells`."""
    prefix = f"{field}__" if field else ""
    queryset = scoped_to_learners(
        queryset, region_ids=None, filters=DashboardFilters(role=role), field=field
    )
    keys = {"r": F(f"{prefix}region_id"), "k": F(f"{prefix}organization_kind")}
    if month:
        keys["t"] = F("target_key")
        keys["m"] = TruncMonth(month, output_field=DateField())
    for row in queryset.order_by().values(**keys).annotate(**counts):
        key = (row["r"], row["k"] or "", role, row.get("t"), row.get("m"))
        cells[key].update({name: row[name] for name in counts})


def _quizzes(cells, *, role: str, course_of: dict) -> None:
    """The learner-quiz pairs attempted and passed of the people holding `role`, by
    region, kind and quiz, added to the cells of the quiz's course (no month)."""
    attempts = scoped_to_learners(
        quiz_attempt_list_for_figures(),
        region_ids=None,
        filters=DashboardFilters(role=role),
        field="learner",
    )
    rows = (
        attempts.order_by()
        .values(
            r=F("learner__region_id"),
            k=F("learner__organization_kind"),
            q=F("quiz_key"),
        )
        .annotate(**quiz_pass_counts())
    )
    for row in rows:
        key = (row["r"], row["k"] or "", role, course_of.get(row["q"], row["q"]), None)
        cell = cells[key]
        cell["quiz_attempted"] = cell.get("quiz_attempted", 0) + row["attempted"]
        cell["quiz_passed"] = cell.get("quiz_passed", 0) + row["passed"]


def _people(cells, *, role: str, now: datetime.datetime, zone_counts: dict) -> None:
    """The people holding `role` ("": everyone) by region and kind: how many, how
    many cleared for each risk zone, kept to a training cadence and overdue on it
    (added to the learner rows of `cells`)."""
    people = scoped_to_learners(
        user_list(), region_ids=None, filters=DashboardFilters(role=role), field=""
    )
    keys = {"r": F("region_id"), "k": F("organization_kind")}
    for row in people.order_by().values(**keys).annotate(n=Count("pk"), **zone_counts):
        cell = cells[(row["r"], row["k"] or "", role, None, None)]
        cell["learners"] = row["n"]
        cell["cleared"] = {alias: row[alias] for alias in zone_counts}
    for status in compliance_list(people=people, now=now):
        person = status.person
        cell = cells[
            (person.region_id, person.organization_kind or "", role, None, None)
        ]
        cell["cadence_covered"] = cell.get("cadence_covered", 0) + 1
        cell["cadence_overdue"] = cell.get("cadence_overdue", 0) + int(status.overdue)


def _cells(now: datetime.datetime) -> dict[tuple, dict[str, int]]:
    """Every cell of the summary with its counts (per role five grouped queries and
    the training cadence's six; the quizzes' courses and the risk zones once)."""
    today = timezone.localdate(now)
    cells: dict[tuple, dict[str, int]] = defaultdict(dict)
    course_of = quiz_course_keys()
    _zones, zone_counts = clearance_zone_counts(now=now)
    for role in ROLES:
        _quizzes(cells, role=role, course_of=course_of)
        _people(cells, role=role, now=now, zone_counts=zone_counts)
        _group(
            cells,
            assignment_list_with_progress(),
            role=role,
            field="learner",
            month="created_at",
            assigned=Count("pk"),
            completed=Count("pk", filter=Q(is_completed=True)),
            in_progress=Count("pk", filter=Q(is_completed=False, is_started=True)),
            overdue=Count("pk", filter=Q(is_completed=False, due_date__lt=today)),
        )
        _group(
            cells,
            assignment_list_with_completion().filter(completed_at__isnull=False),
            role=role,
            field="learner",
            month="completed_at",
            completions=Count("pk"),
        )
        _group(
            cells,
            certificate_list(),
            role=role,
            field="learner",
            month="issued_at",
            certificates_valid=Count("pk", filter=certificate_valid_q(now=now)),
            certificates_expiring=Count(
                "pk", filter=certificate_status_q(Status.EXPIRING, now=now)
            ),
            certificates_expired=Count(
                "pk", filter=certificate_status_q(Status.EXPIRED, now=now)
            ),
            certificates_revoked=Count(
                "pk", filter=certificate_status_q(Status.REVOKED, now=now)
            ),
        )
    return cells


def completion_summary_refresh(*, now: datetime.datetime | None = None) -> SummaryState:
    """Count every figure again and replace the summary with them. Two refreshes at
    once take turns (the state row is locked first), so the rows are never mixed."""
    now = now or timezone.now()
    started = time.monotonic()
    cells = _cells(now)
    figures = [
        CompletionFigure(
            region_id=region_id,
            organization_kind=kind,
            role=role,
            target_key=target_key,
            month=month,
            **counts,
        )
        for (region_id, kind, role, target_key, month), counts in cells.items()
    ]
    with transaction.atomic():
        state, _created = SummaryState.objects.select_for_update().get_or_create(
            pk=1, defaults={"refreshed_at": now}
        )
        CompletionFigure.objects.all().delete()
        CompletionFigure.objects.bulk_create(figures, batch_size=BATCH)
        state.refreshed_at = now
        state.rows = len(figures)
        state.seconds = round(time.monotonic() - started, 3)
        state.save()
    return state


# A count asked for within this many seconds of the last one is not queued again.
REFRESH_AGAIN_AFTER = 60


def completion_summary_refresh_request(*, now: datetime.datetime | None = None) -> bool:
    """An admin's "Count again": queue a rebuild unless the summary was rebuilt, or
    a rebuild was queued, in the last REFRESH_AGAIN_AFTER seconds (a double click
    queues one). True if queued."""
    now = now or timezone.now()
    state = SummaryState.objects.filter(pk=1).first()
    if state and (now - state.refreshed_at).total_seconds() < REFRESH_AGAIN_AFTER:
        return False
    if not cache.add("reports:summary-refresh-queued", 1, REFRESH_AGAIN_AFTER):
        return False
    enqueue_durably(completion_summary_refresh_task)
    return True
