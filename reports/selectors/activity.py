"""The dashboard's other figures, per region in the viewer's scope: quiz pass rates,
people cleared per risk zone, the training cadence kept, the Standard acknowledged
and the newcomers' onboarding. Each is read through the owning app's selectors,
grouped by region in a fixed number of queries whatever the numbers of learners,
regions or courses."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone

from assessments.selectors.figures import (
    quiz_attempt_list_for_figures,
    quiz_pass_counts,
)
from certificates.selectors import ClearanceZone, clearance_zone_counts
from courses.selectors import (
    onboarding_newcomers_by_region,
    standard_counts_by_region,
    standard_page_for_rates,
)
from people.selectors import user_list
from scheduling.selectors import (
    ComplianceScope,
    compliance_list,
    compliance_region_summary,
)

from .dashboard import (
    DashboardFilters,
    can_view_reports,
    grouped_counts,
    period_q,
    report_regions,
    scoped_to_learners,
)
from .summary import summary_people_by_region, summary_quizzes_by, summary_state

if TYPE_CHECKING:
    from people.models import Region, User


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclasses.dataclass(frozen=True)
class ZoneCell:
    """People of a region cleared for one risk zone, out of its learners."""

    zone: ClearanceZone
    cleared: int
    learners: int

    @property
    def percent(self) -> float | None:
        return _percent(self.cleared, self.learners)


@dataclasses.dataclass
class ActivityRow:
    """One region's figures (region None: the totals). `cleared` maps each risk zone
    (ClearanceZone.alias, in the order of `zones`) to the people cleared for it."""

    region: Region | None
    zones: list[ClearanceZone] = dataclasses.field(default_factory=list)
    learners: int = 0
    quiz_attempted: int = 0
    quiz_passed: int = 0
    cleared: dict[str, int] = dataclasses.field(default_factory=dict)
    cadence_covered: int = 0
    cadence_overdue: int = 0
    standard_people: int = 0
    standard_current: int = 0
    newcomers: int = 0
    newcomers_onboarded: int = 0
    onboarding_done: int = 0
    onboarding_required: int = 0

    COUNTS = (
        "learners",
        "quiz_attempted",
        "quiz_passed",
        "cadence_covered",
        "cadence_overdue",
        "standard_people",
        "standard_current",
        "newcomers",
        "newcomers_onboarded",
        "onboarding_done",
        "onboarding_required",
    )

    def add(self, other: ActivityRow) -> None:
        """Add `other`'s counts to this row's (the totals)."""
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for alias, cleared in other.cleared.items():
            self.cleared[alias] = self.cleared.get(alias, 0) + cleared

    @property
    def zone_cells(self) -> list[ZoneCell]:
        return [
            ZoneCell(
                zone=zone,
                cleared=self.cleared.get(zone.alias, 0),
                learners=self.learners,
            )
            for zone in self.zones
        ]

    @property
    def quiz_pass_percent(self) -> float | None:
        return _percent(self.quiz_passed, self.quiz_attempted)

    @property
    def cadence_kept(self) -> int:
        return self.cadence_covered - self.cadence_overdue

    @property
    def cadence_kept_percent(self) -> float | None:
        return _percent(self.cadence_kept, self.cadence_covered)

    @property
    def cadence_overdue_percent(self) -> float | None:
        return _percent(self.cadence_overdue, self.cadence_covered)

    @property
    def standard_percent(self) -> float | None:
        return _percent(self.standard_current, self.standard_people)

    @property
    def onboarded_percent(self) -> float | None:
        return _percent(self.newcomers_onboarded, self.newcomers)

    @property
    def onboarding_percent(self) -> float | None:
        """Courses of the newcomers' rule-assigned learning completed, in %."""
        return _percent(self.onboarding_done, self.onboarding_required)


def activity_report(
    *, viewer: User, filters: DashboardFilters | None = None
) -> tuple[list[ActivityRow], ActivityRow]:
    """The rows (one per region in scope, alphabetical) and the totals row; the risk
    zones are each row's `zones`. Raises PermissionDenied for anyone but regional and
    national admins (reports.selectors.can_view_reports)."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    filters = filters or DashboardFilters()
    regions = report_regions(viewer=viewer)
    if filters.region_id is not None:
        regions = [r for r in regions if r.pk == filters.region_id]
    figures = activity_by_region(
        filters=filters, region_ids=[region.pk for region in regions]
    )
    rows = []
    total = None
    for region in regions:
        row = figures[region.pk]
        row.region = region
        rows.append(row)
        if total is None:
            total = ActivityRow(region=None, zones=row.zones)
        total.add(row)
    return rows, total or ActivityRow(region=None)


def activity_by_region(
    *,
    filters: DashboardFilters,
    region_ids: Collection[int] | None = None,
    now: datetime.datetime | None = None,
) -> dict[int, ActivityRow]:
    """The figures of the learners living in `region_ids` (None: every region) at
    `now`, by region id: a row for each of `region_ids` and for each other region
    with a figure (rows carry region None). No permission check: callers decide who
    sees them. The period filter applies to quiz attempts (submitted in it); the
    rest is a state at `now`.

    - learners, and the people cleared for each risk zone (certificates'
      clearance_zone_counts): one query, after the clearance rules (memoized);
    - quizzes: learner-quiz pairs attempted and passed (assessments): from the
      summary without a period (two queries: its state, its rows), else counted
      live (one);
    - training cadence: scheduling's compliance_list and compliance_region_summary
      (people kept to a cadence by their role, those overdue): seven queries;
    - once the summary exists, the learners, their clearance and cadence come from
      it instead (one query: summary_people_by_region), and so do the quizzes
      without a period;
    - the Standard (the first published, as /manage/standard/ shows): people in
      its roles and those who acknowledged its current version: three queries;
    - newcomers (courses' onboarding_newcomers_by_region): five queries at most."""
    now = now or timezone.now()
    people = scoped_to_learners(
        user_list(), region_ids=region_ids, filters=filters, field=""
    )
    zones, zone_counts = clearance_zone_counts(now=now)
    summed = summary_state() is not None
    if summed:
        # The people, their clearance and cadence as the summary counted them.
        counted_people = summary_people_by_region(
            filters=filters, region_ids=region_ids
        )
        learners = {
            key: {"n": row["learners"], **row["cleared"]}
            for key, row in counted_people.items()
        }
        cadence = {
            key: (row["covered"], row["overdue"]) for key, row in counted_people.items()
        }
    else:
        learners = grouped_counts(people, "region", n=Count("pk"), **zone_counts)
        scope = (
            ComplianceScope(everything=True)
            if region_ids is None
            else ComplianceScope(region_ids=frozenset(region_ids))
        )
        cadence = {
            summary.region.pk: (summary.covered, summary.overdue)
            for summary in compliance_region_summary(
                scope=scope, statuses=compliance_list(people=people, now=now)
            )
            if summary.region is not None
        }
    if summed and not (filters.date_from or filters.date_to):
        quizzes = summary_quizzes_by(
            key="region_id", filters=filters, region_ids=region_ids
        )
    else:
        attempts = quiz_attempt_list_for_figures().filter(
            period_q(filters, "submitted_at")
        )
        quizzes = grouped_counts(
            scoped_to_learners(
                attempts, region_ids=region_ids, filters=filters, field="learner"
            ),
            "learner__region",
            **quiz_pass_counts(),
        )
    standard = standard_page_for_rates(page_id=None)
    acknowledged = (
        standard_counts_by_region(page=standard, people=people) if standard else {}
    )
    newcomers = onboarding_newcomers_by_region(
        people=people, on=timezone.localdate(now)
    )
    keys = set(region_ids or ()) | set(learners) | set(quizzes)
    keys |= {k for k, (covered, _overdue) in cadence.items() if covered}
    keys |= set(acknowledged) | set(newcomers)
    keys.discard(None)
    figures = {}
    for key in keys:
        counted = learners.get(key, {})
        quiz = quizzes.get(key, {})
        covered, overdue = cadence.get(key, (0, 0))
        rate = acknowledged.get(key)
        newcomer = newcomers.get(key)
        figures[key] = ActivityRow(
            region=None,
            zones=zones,
            learners=counted.get("n", 0),
            cleared={zone.alias: counted.get(zone.alias, 0) for zone in zones},
            quiz_attempted=quiz.get("attempted", 0),
            quiz_passed=quiz.get("passed", 0),
            cadence_covered=covered,
            cadence_overdue=overdue,
            standard_people=rate.people if rate else 0,
            standard_current=rate.current if rate else 0,
            newcomers=newcomer.positions if newcomer else 0,
            newcomers_onboarded=newcomer.onboarded if newcomer else 0,
            onboarding_done=newcomer.courses_done if newcomer else 0,
            onboarding_required=newcomer.courses_required if newcomer else 0,
        )
    return figures
