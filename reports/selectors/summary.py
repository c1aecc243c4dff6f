"""Reading the completion summary (reports.models.CompletionFigure): the
dashboard's figures by region in one grouped query over the summary rows, whose
number depends on the regions, courses and months, not on the learners."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db.models import Q, Sum
from django.utils import timezone

from ..models import FIGURES, CompletionFigure, SummaryState

if TYPE_CHECKING:
    from .dashboard import DashboardFilters


def summary_state() -> SummaryState | None:
    """When the summary was last rebuilt (None: never, the figures are counted
    live). One query."""
    return SummaryState.objects.filter(pk=1).first()


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def summary_q(filters: DashboardFilters, region_ids: Collection[int] | None) -> Q:
    """The summary rows counted for `filters`: the learner rows of the people
    matching them, and the assignment and certificate rows of the course or program
    and the months of the period."""
    q = Q(role=filters.role)
    if region_ids is not None:
        q &= Q(region_id__in=sorted(region_ids))
    if filters.organization_kind:
        q &= Q(organization_kind=filters.organization_kind)
    records = Q(target_key__isnull=False)
    if filters.target_key is not None:
        records &= Q(target_key=filters.target_key)
    if filters.date_from:
        records &= Q(month__gte=_month(filters.date_from))
    if filters.date_to:
        records &= Q(month__lte=_month(filters.date_to))
    return q & (Q(target_key__isnull=True) | records)


def summary_by_region(
    *, filters: DashboardFilters, region_ids: Collection[int] | None = None
) -> dict[int, dict[str, int]]:
    """The figures of `filters` by region id, from the summary (one query). The
    period counts whole months: assignments made and certificates issued in the
    months from `date_from`'s to `date_to`'s."""
    rows = (
        CompletionFigure.objects.filter(summary_q(filters, region_ids))
        .order_by()
        .values("region_id")
        .annotate(**{name: Sum(name) for name in FIGURES})
    )
    return {row.pop("region_id"): row for row in rows}


def summary_by_target(
    *, filters: DashboardFilters, region_ids: Collection[int] | None = None
) -> dict:
    """The figures of assigned learning and certificates of `filters` by course or
    program (translation_key), from the summary (one query; learners are not
    counted by course)."""
    rows = (
        CompletionFigure.objects.filter(
            summary_q(filters, region_ids), target_key__isnull=False
        )
        .order_by()
        .values("target_key")
        .annotate(**{name: Sum(name) for name in FIGURES if name != "learners"})
    )
    return {row.pop("target_key"): row for row in rows}


def _month_add(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def summary_completions_by_month(
    *,
    filters: DashboardFilters,
    region_ids: Collection[int] | None = None,
    months: int = 12,
) -> list[tuple[datetime.date, int]]:
    """Assignments completed a month, the last `months` months to this one, oldest
    first (0 for a month without any), from the summary, for the filters' region,
    kind, role and course (not their period: the chart is its own period). One
    query; reports.selectors.completions_by_month counts the same live."""
    this_month = timezone.localdate().replace(day=1)
    first = _month_add(this_month, -(months - 1))
    q = summary_q(
        dataclasses.replace(filters, date_from=None, date_to=None), region_ids
    )
    rows = (
        CompletionFigure.objects.filter(q, month__gte=first, completions__gt=0)
        .order_by()
        .values("month")
        .annotate(n=Sum("completions"))
    )
    counts = {row["month"]: row["n"] for row in rows}
    return [
        (month, counts.get(month, 0))
        for month in (_month_add(first, n) for n in range(months))
    ]


def summary_quizzes_by(
    *, key: str, filters: DashboardFilters, region_ids: Collection[int] | None = None
) -> dict:
    """The learner-quiz pairs attempted and passed, grouped by `key` ("region_id", or
    "target_key": a course), from the summary (one query). The summary counts the
    quizzes of no period: callers count a period's live (the filters' period is not
    read here)."""
    rows = (
        CompletionFigure.objects.filter(
            summary_q(filters, region_ids), quiz_attempted__gt=0
        )
        .order_by()
        .values(key)
        .annotate(attempted=Sum("quiz_attempted"), passed=Sum("quiz_passed"))
    )
    return {row.pop(key): row for row in rows}


def summary_people_by_region(
    *, filters: DashboardFilters, region_ids: Collection[int] | None = None
) -> dict[int, dict]:
    """By region id, from the summary's learner rows (one query): the people of
    `filters` (their region, kind and role), those cleared for each risk zone
    (`cleared`: {zone alias: count}), kept to a training cadence and overdue on it.
    A state when the summary was counted: the period filter does not apply."""
    q = Q(role=filters.role, target_key__isnull=True)
    if region_ids is not None:
        q &= Q(region_id__in=sorted(region_ids))
    if filters.organization_kind:
        q &= Q(organization_kind=filters.organization_kind)
    result: dict[int, dict] = {}
    rows = CompletionFigure.objects.filter(q).values_list(
        "region_id", "learners", "cleared", "cadence_covered", "cadence_overdue"
    )
    for region_id, learners, cleared, covered, overdue in rows:
        row = result.setdefault(
            region_id, {"learners": 0, "cleared": {}, "covered": 0, "overdue": 0}
        )
        row["learners"] += learners
        row["covered"] += covered
        row["overdue"] += overdue
        for alias, count in (cleared or {}).items():
            row["cleared"][alias] = row["cleared"].get(alias, 0) + count
    return result
