"""Completion over time: completed assignments by month of completion (the
dashboard's column chart), and the dashboard's assigned and completed figures as
they stood on past days (a target's trend, backfilled). Each is one grouped query on
courses.selectors.assignment_list_with_completion."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence

from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from courses.selectors import assignment_list_with_completion

from .dashboard import DashboardFilters, period_q, scoped_to_learners


def _assignments(filters: DashboardFilters, region_ids: Collection[int] | None):
    """The assignments the dashboard counts for these filters and regions."""
    assignments = assignment_list_with_completion().filter(
        period_q(filters, "created_at")
    )
    if filters.target_key is not None:
        assignments = assignments.filter(target_key=filters.target_key)
    return scoped_to_learners(
        assignments, region_ids=region_ids, filters=filters, field="learner"
    )


def _month_add(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def completions_by_month(
    *,
    filters: DashboardFilters,
    region_ids: Collection[int] | None = None,
    months: int = 12,
) -> list[tuple[datetime.date, int]]:
    """Completed assignments (as the dashboard counts them, for the same filters
    and regions; None: every region) by month of completion, the last `months`
    months to this one, oldest first, each month's first day with its count (0 for
    a month without any). One query. No permission check: callers decide who sees
    them."""
    this_month = timezone.localdate().replace(day=1)
    first = _month_add(this_month, -(months - 1))
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        _assignments(filters, region_ids)
        .filter(completed_at__gte=start)
        .annotate(month=TruncMonth("completed_at", output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    counts = {row["month"]: row["n"] for row in rows}
    return [
        (month, counts.get(month, 0))
        for month in (_month_add(first, n) for n in range(months))
    ]


def completion_history_by_region(
    *,
    filters: DashboardFilters,
    region_ids: Collection[int] | None,
    days: Sequence[datetime.date],
) -> dict[int, dict[datetime.date, tuple[int, int]]]:
    """(assigned, completed) by region id and day, as they stood at the end of each
    of `days`: the assignments still required today that had been made by then, and
    those of them completed by then. At the end of today these are the dashboard's
    figures. One query, whatever the number of days or regions."""
    ends = {
        day: timezone.make_aware(
            datetime.datetime.combine(
                day + datetime.timedelta(days=1), datetime.time.min
            )
        )
        for day in days
    }
    counts = {}
    for n, end in enumerate(ends.values()):
        made = Q(created_at__lt=end)
        counts[f"a{n}"] = Count("pk", filter=made)
        counts[f"c{n}"] = Count("pk", filter=made & Q(completed_at__lt=end))
    if not counts:
        return {}
    rows = (
        _assignments(filters, region_ids)
        .order_by()
        .values("learner__region")
        .annotate(**counts)
    )
    return {
        row["learner__region"]: {
            day: (row[f"a{n}"], row[f"c{n}"]) for n, day in enumerate(ends)
        }
        for row in rows
    }
