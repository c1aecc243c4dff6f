"""The completion dashboard: per region in the viewer's scope, learners, assigned
learning and its progress, and certificates by status. Counted with grouped aggregate
queries (one per source), so the number of queries never grows with the data."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import uuid
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from certificates.selectors import (
    Status,
    certificate_list,
    certificate_status_q,
    certificate_valid_q,
)
from courses.selectors import assignment_list_with_progress
from people.selectors import (
    position_list_active,
    region_list,
    region_sort,
    user_list,
    user_scope,
)

from .summary import summary_by_region, summary_state

if TYPE_CHECKING:
    from people.models import Region, User

# Admins (regional and national) hold these; mentors see learners but not reports.
PERMISSIONS = ("people.view_user", "certificates.view_certificate")


def can_view_reports(*, user: User) -> bool:
    """Regional and national admins: the permissions, and a scope of regions."""
    return (
        user.is_authenticated
        and user.has_perms(PERMISSIONS)
        and user_scope(user=user).is_admin
    )


@dataclasses.dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard counts: one region, learners of an organisation kind or
    holding a role, one course or program (translation_key), learning assigned
    and certificates issued between two dates."""

    region_id: int | None = None
    organization_kind: str = ""
    role: str = ""
    target_key: uuid.UUID | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclasses.dataclass
class DashboardRow:
    """One region's figures (region None: the totals)."""

    region: Region | None
    learners: int = 0
    assigned: int = 0
    in_progress: int = 0
    completed: int = 0
    overdue: int = 0
    certificates_valid: int = 0
    certificates_expiring: int = 0
    certificates_expired: int = 0
    certificates_revoked: int = 0
    # When the figures were counted (the summary's time; None: counted live).
    as_of: datetime.datetime | None = None

    COUNTS = (
        "learners",
        "assigned",
        "in_progress",
        "completed",
        "overdue",
        "certificates_valid",
        "certificates_expiring",
        "certificates_expired",
        "certificates_revoked",
    )

    @property
    def completion_rate(self) -> float | None:
        """Completed / assigned (None when nothing is assigned)."""
        return self.completed / self.assigned if self.assigned else None

    @property
    def overdue_rate(self) -> float | None:
        return self.overdue / self.assigned if self.assigned else None

    @property
    def completion_percent(self) -> float | None:
        rate = self.completion_rate
        return None if rate is None else 100 * rate

    @property
    def overdue_percent(self) -> float | None:
        rate = self.overdue_rate
        return None if rate is None else 100 * rate


def report_regions(*, viewer: User) -> list[Region]:
    """The regions in `viewer`'s scope, in their alphabetical order (one query)."""
    scope = user_scope(user=viewer)
    regions = region_list()
    if not scope.everything:
        regions = regions.filter(pk__in=sorted(scope.region_ids))
    return region_sort(regions)


def _learner_q(filters: DashboardFilters, field: str) -> Q:
    """The filters on the learner (reached through `field`)."""
    prefix = f"{field}__" if field else ""
    q = Q(**{f"{prefix}is_active": True})
    if filters.region_id is not None:
        q &= Q(**{f"{prefix}region_id": filters.region_id})
    if filters.organization_kind:
        q &= Q(**{f"{prefix}organization_kind": filters.organization_kind})
    if filters.role:
        holders = position_list_active().filter(role=filters.role).values("user_id")
        q &= Q(**{f"{prefix}pk__in": holders})
    return q


def period_q(filters: DashboardFilters, field: str) -> Q:
    q = Q()
    if filters.date_from:
        q &= Q(**{f"{field}__date__gte": filters.date_from})
    if filters.date_to:
        q &= Q(**{f"{field}__date__lte": filters.date_to})
    return q


def scoped_to_learners(
    queryset: QuerySet, *, region_ids, filters, field: str
) -> QuerySet:
    """Rows of learners living in one of `region_ids` (None: any region), matching
    the learner filters."""
    prefix = f"{field}__" if field else ""
    if region_ids is None:
        queryset = queryset.filter(**{f"{prefix}region__isnull": False})
    else:
        queryset = queryset.filter(**{f"{prefix}region_id__in": sorted(region_ids)})
    return queryset.filter(_learner_q(filters, field))


def grouped_counts(queryset: QuerySet, key: str, **counts) -> dict:
    """The counts of `queryset`'s rows grouped by `key` (a field path such as
    "learner__region" or "target_key"), by the key's value."""
    rows = queryset.order_by().values(key).annotate(**counts)
    return {row[key]: row for row in rows}


def completion_dashboard(
    *, viewer: User, filters: DashboardFilters | None = None
) -> tuple[list[DashboardRow], DashboardRow]:
    """The rows (one per region in scope, alphabetical) and the totals row, whose
    `as_of` says when the figures were counted. From the summary (reports.models.
    CompletionFigure, rebuilt every few minutes) once it exists, else counted live
    (`completion_by_region`). Six queries from the summary (the viewer's permissions
    and scope, the regions, the summary's state and its rows), whatever the numbers
    of learners, regions, courses or certificates. Raises PermissionDenied for
    anyone but regional and national admins."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    filters = filters or DashboardFilters()
    regions = report_regions(viewer=viewer)
    if filters.region_id is not None:
        regions = [r for r in regions if r.pk == filters.region_id]
    region_ids = [region.pk for region in regions]
    state = summary_state()
    if state is None:
        figures = completion_by_region(filters=filters, region_ids=region_ids)
    else:
        figures = {
            region_id: DashboardRow(region=None, **counts)
            for region_id, counts in summary_by_region(
                filters=filters, region_ids=region_ids
            ).items()
        }
    rows = []
    total = DashboardRow(region=None, as_of=state.refreshed_at if state else None)
    for region in regions:
        row = figures.get(region.pk) or DashboardRow(region=None)
        row.region = region
        rows.append(row)
        for name in DashboardRow.COUNTS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return rows, total


def _learning_counts(
    filters: DashboardFilters, region_ids: Collection[int] | None, key: str
) -> tuple[dict, dict]:
    """Assignments with their progress (overdue ones among them) and certificates of
    the learners living in `region_ids`, each grouped by `key` (two queries)."""
    scoped = functools.partial(
        scoped_to_learners, region_ids=region_ids, filters=filters, field="learner"
    )
    assignments = assignment_list_with_progress().filter(
        period_q(filters, "created_at")
    )
    certificates = certificate_list().filter(period_q(filters, "issued_at"))
    if filters.target_key is not None:
        assignments = assignments.filter(target_key=filters.target_key)
        certificates = certificates.filter(target_key=filters.target_key)
    progress = grouped_counts(
        scoped(assignments),
        key,
        assigned=Count("pk"),
        completed=Count("pk", filter=Q(is_completed=True)),
        in_progress=Count("pk", filter=Q(is_completed=False, is_started=True)),
        overdue=Count(
            "pk", filter=Q(is_completed=False, due_date__lt=timezone.localdate())
        ),
    )
    certified = grouped_counts(
        scoped(certificates),
        key,
        valid=Count("pk", filter=certificate_valid_q()),
        expiring=Count("pk", filter=certificate_status_q(Status.EXPIRING)),
        expired=Count("pk", filter=certificate_status_q(Status.EXPIRED)),
        revoked=Count("pk", filter=certificate_status_q(Status.REVOKED)),
    )
    return progress, certified


def _rows(learners: dict, progress: dict, certified: dict) -> dict:
    figures = {}
    for key in set(learners) | set(progress) | set(certified):
        done = progress.get(key, {})
        certs = certified.get(key, {})
        figures[key] = DashboardRow(
            region=None,
            learners=learners.get(key, {}).get("n", 0),
            assigned=done.get("assigned", 0),
            in_progress=done.get("in_progress", 0),
            completed=done.get("completed", 0),
            overdue=done.get("overdue", 0),
            certificates_valid=certs.get("valid", 0),
            certificates_expiring=certs.get("expiring", 0),
            certificates_expired=certs.get("expired", 0),
            certificates_revoked=certs.get("revoked", 0),
        )
    return figures


def completion_by_region(
    *, filters: DashboardFilters, region_ids: Collection[int] | None = None
) -> dict[int, DashboardRow]:
    """The dashboard's figures of the learners living in `region_ids` (None: every
    region), counted live, by region id (regions without a figure are left out;
    their rows carry region None). No permission check: callers decide who sees
    them (the dashboard before the summary's first rebuild, tasks such as target
    snapshots). Three queries."""
    learners = grouped_counts(
        scoped_to_learners(
            user_list(), region_ids=region_ids, filters=filters, field=""
        ),
        "region",
        n=Count("pk"),
    )
    return _rows(learners, *_learning_counts(filters, region_ids, "learner__region"))


def completion_by_target(
    *, filters: DashboardFilters, region_ids: Collection[int] | None = None
) -> dict[uuid.UUID, DashboardRow]:
    """The dashboard's figures of assigned learning and certificates of the learners
    living in `region_ids` (None: every region), by course or program
    (translation_key; learners is not counted, and those without a figure are left
    out), counted live. No permission check, as completion_by_region. Two queries."""
    return _rows({}, *_learning_counts(filters, region_ids, "target_key"))
