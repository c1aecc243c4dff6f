"""Per-region targets: those a viewer may see, their actual figures (the dashboard's,
through completion_by_region, one call for all the targets that count the same
learning), their trend (the snapshots, one a week) and whether each is on track."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.selectors import course_and_program_choices
from people.models import OrganizationKind
from people.roles import Role
from people.selectors import region_sort, user_scope

from ..models import Target, TargetSnapshot
from .dashboard import DashboardFilters, can_view_reports, completion_by_region
from .summary import summary_by_region, summary_state

if TYPE_CHECKING:
    from people.models import User

ADD_PERMISSION = "reports.add_target"
CHANGE_PERMISSION = "reports.change_target"
DELETE_PERMISSION = "reports.delete_target"
# The trend shows the last weeks, one snapshot a week (the latest of each week).
TREND_WEEKS = 12
# Snapshots are recorded until this many days after a target's due date.
SNAPSHOT_DAYS_AFTER_DUE = 30

FilterKey = tuple  # (target_key, organization_kind, role)


class Standing(models.TextChoices):
    """Where a target stands today."""

    REACHED = "reached", _("Reached")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    MISSED = "missed", _("Missed")
    NO_DATA = "no_data", _("Nothing assigned yet")


@dataclasses.dataclass(frozen=True)
class TrendPoint:
    day: datetime.date
    assigned: int
    completed: int

    @property
    def percent(self) -> float | None:
        return 100 * self.completed / self.assigned if self.assigned else None


@dataclasses.dataclass
class TargetRow:
    """One target with its figures today, its trend and where it stands."""

    target: Target
    assigned: int
    completed: int
    trend: list[TrendPoint]
    expected: float | None  # the percent expected by today (a straight line)
    standing: Standing

    @property
    def percent(self) -> float | None:
        """Completed out of assigned today, in % (None when nothing is assigned)."""
        return 100 * self.completed / self.assigned if self.assigned else None


@dataclasses.dataclass
class TargetGroup:
    """The targets that share a title, learning, audience and due date (set for
    every region at once, typically), one row a region."""

    title: str
    course_title: str
    organization_kind: str
    role: str
    due_date: datetime.date
    rows: list[TargetRow]

    @property
    def organization_kind_label(self) -> str:
        return (
            OrganizationKind(self.organization_kind).label
            if self.organization_kind
            else ""
        )

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""


def target_filter_key(target: Target) -> FilterKey:
    return (target.target_key, target.organization_kind, target.role)


def target_filters(key: FilterKey) -> DashboardFilters:
    """What a target counts, as the dashboard's filters."""
    target_key, organization_kind, role = key
    return DashboardFilters(
        target_key=target_key, organization_kind=organization_kind, role=role
    )


def target_groups_by_filters(
    targets: Iterable[Target],
) -> dict[FilterKey, list[Target]]:
    """Targets that count the same learning of the same learners (their regions
    aside): one figure query serves each group."""
    groups: dict[FilterKey, list[Target]] = defaultdict(list)
    for target in targets:
        groups[target_filter_key(target)].append(target)
    return groups


def target_list(*, viewer: User) -> QuerySet[Target]:
    """The targets of the regions in `viewer`'s scope (every one for national admins),
    with their regions."""
    scope = user_scope(user=viewer)
    targets = Target.objects.select_related("region")
    if scope.everything:
        return targets
    return targets.filter(region_id__in=sorted(scope.region_ids))


def target_get(*, viewer: User, pk: int) -> Target:
    """One target in `viewer`'s scope (Target.DoesNotExist otherwise)."""
    return target_list(viewer=viewer).get(pk=pk)


def target_list_to_snapshot() -> QuerySet[Target]:
    """The targets whose figures are still recorded daily: due at most
    SNAPSHOT_DAYS_AFTER_DUE days ago."""
    since = timezone.localdate() - datetime.timedelta(days=SNAPSHOT_DAYS_AFTER_DUE)
    return Target.objects.filter(due_date__gte=since)


def target_actuals(*, targets: Iterable[Target]) -> dict[int, tuple[int, int]]:
    """(assigned, completed) by target id: the dashboard's figures of the target's
    learning among the learners of its region matching its audience, from the
    summary as the dashboard shows them (else counted live). One query for the
    summary's state, then one per group of targets counting the same learning
    (target_groups_by_filters; three when counted live), whatever the number of
    regions."""
    actuals = {}
    from_summary = summary_state() is not None
    for key, group in target_groups_by_filters(targets).items():
        filters = target_filters(key)
        region_ids = sorted({target.region_id for target in group})
        if from_summary:
            figures = {
                region_id: (counts["assigned"], counts["completed"])
                for region_id, counts in summary_by_region(
                    filters=filters, region_ids=region_ids
                ).items()
            }
        else:
            figures = {
                region_id: (row.assigned, row.completed)
                for region_id, row in completion_by_region(
                    filters=filters, region_ids=region_ids
                ).items()
            }
        for target in group:
            actuals[target.pk] = figures.get(target.region_id, (0, 0))
    return actuals


def _weekly(snapshots: list[TargetSnapshot], today: datetime.date) -> list[TrendPoint]:
    """The latest snapshot of each of the last TREND_WEEKS weeks (counted back from
    today), oldest first."""
    latest: dict[int, TargetSnapshot] = {}
    for snapshot in snapshots:
        week = (today - snapshot.day).days // 7
        if week < TREND_WEEKS and (
            week not in latest or snapshot.day > latest[week].day
        ):
            latest[week] = snapshot
    return [
        TrendPoint(day=s.day, assigned=s.assigned, completed=s.completed)
        for _week, s in sorted(latest.items(), reverse=True)
    ]


def target_expected(
    *, target: Target, trend: list[TrendPoint], today: datetime.date
) -> float | None:
    """The percent a target should have reached by today on a straight line from its
    first figure in the trend to its percent on its due date (None without any)."""
    start = next((point for point in trend if point.percent is not None), None)
    if start is None:
        return None
    if today >= target.due_date or start.day >= target.due_date:
        return float(target.percent)
    share = (today - start.day).days / (target.due_date - start.day).days
    share = min(max(share, 0.0), 1.0)
    return start.percent + (target.percent - start.percent) * share


def target_standing(
    *, target: Target, percent: float | None, expected: float | None, today
) -> Standing:
    """Reached (the percent met), missed (past due, not met), on track (at or above
    the straight line, or no line yet), behind; nothing assigned: no figure."""
    if percent is None:
        return Standing.NO_DATA
    if percent >= target.percent:
        return Standing.REACHED
    if today > target.due_date:
        return Standing.MISSED
    if expected is None or percent >= expected:
        return Standing.ON_TRACK
    return Standing.BEHIND


def target_overview(*, viewer: User) -> list[TargetGroup]:
    """The targets in `viewer`'s scope, grouped (same title, learning, audience and
    due date; the earliest due first), each row a region in alphabetical order with
    its figures today, its trend and its standing. Queries: the viewer's permissions
    and scope, the targets, their snapshots, the titles of the learning (two), then
    four per group of targets counting the same learning, whatever the number of
    targets, regions or snapshots. Raises PermissionDenied for anyone but regional
    and national admins."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    today = timezone.localdate()
    targets = list(target_list(viewer=viewer))
    if not targets:
        return []
    since = today - datetime.timedelta(days=7 * TREND_WEEKS - 1)
    snapshots: dict[int, list[TargetSnapshot]] = defaultdict(list)
    for snapshot in TargetSnapshot.objects.filter(
        target__in=[t.pk for t in targets], day__gte=since, day__lte=today
    ).order_by("day"):
        snapshots[snapshot.target_id].append(snapshot)
    titles = dict(course_and_program_choices())
    actuals = target_actuals(targets=targets)
    groups: dict[tuple, TargetGroup] = {}
    for target in targets:
        assigned, completed = actuals[target.pk]
        trend = _weekly(snapshots[target.pk], today)
        expected = target_expected(target=target, trend=trend, today=today)
        row = TargetRow(
            target=target,
            assigned=assigned,
            completed=completed,
            trend=trend,
            expected=expected,
            standing=Standing.NO_DATA,
        )
        row.standing = target_standing(
            target=target, percent=row.percent, expected=expected, today=today
        )
        key = (target.title, *target_filter_key(target), target.due_date)
        if key not in groups:
            groups[key] = TargetGroup(
                title=target.title,
                course_title=titles.get(target.target_key, ""),
                organization_kind=target.organization_kind,
                role=target.role,
                due_date=target.due_date,
                rows=[],
            )
        groups[key].rows.append(row)
    for group in groups.values():
        order = {
            r.pk: n
            for n, r in enumerate(region_sort(row.target.region for row in group.rows))
        }
        group.rows.sort(key=lambda row: order[row.target.region_id])
    return sorted(groups.values(), key=lambda g: (g.due_date, g.title))


def target_choices() -> list[tuple]:
    """The courses and programs a target may count, as (translation_key, title)."""
    return course_and_program_choices()
