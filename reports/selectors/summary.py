"""Reading the completion summary (reports.models.CompletionFigure): the
dashboard's figures by region in one grouped query over the summary rows, whose
number depends on the regions, courses and months, not on the learners."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db.models import Q, Sum

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
