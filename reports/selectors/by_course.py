"""The dashboard's figures by course and program instead of by region: assigned
learning and its progress, overdue, the quizzes' pass rate and certificates by status,
for the learners in the viewer's scope. Grouped queries, so the number of queries
never grows with the data."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from assessments.selectors.figures import (
    quiz_attempt_list_for_figures,
    quiz_course_keys,
    quiz_pass_counts,
)
from courses.selectors import LearningTarget, learning_target_list, program_course_map

from .dashboard import (
    DashboardFilters,
    DashboardRow,
    can_view_reports,
    completion_by_target,
    grouped_counts,
    period_q,
    report_regions,
    scoped_to_learners,
)
from .summary import summary_by_target, summary_quizzes_by, summary_state

if TYPE_CHECKING:
    from people.models import User


@dataclasses.dataclass
class QuizPass:
    """Learner-quiz pairs attempted, and passed (at least one passing attempt)."""

    attempted: int = 0
    passed: int = 0

    @property
    def percent(self) -> float | None:
        return 100 * self.passed / self.attempted if self.attempted else None


@dataclasses.dataclass
class CourseRow:
    """A course's or program's line: the dashboard's figures of it and its quizzes'."""

    target: LearningTarget
    figures: DashboardRow
    quiz: QuizPass


def quiz_pass_by_target(
    *, filters: DashboardFilters, region_ids: Collection[int] | None = None
) -> dict[uuid.UUID, QuizPass]:
    """The quizzes' pass figures of the learners living in `region_ids` (None: every
    region), attempts submitted in the filters' period, by course (its quizzes) and
    program (its courses' quizzes), by translation_key. Without a period, from the
    summary once it exists (its state, its rows, the programs' courses); else
    counted live (the attempts grouped by quiz, the quizzes' courses, the programs'
    courses)."""
    result: dict[uuid.UUID, QuizPass] = {}
    if not (filters.date_from or filters.date_to) and summary_state() is not None:
        # From the summary, already by course.
        for course, counts in summary_quizzes_by(
            key="target_key", filters=filters, region_ids=region_ids
        ).items():
            result[course] = QuizPass(counts["attempted"], counts["passed"])
    else:
        attempts = scoped_to_learners(
            quiz_attempt_list_for_figures().filter(period_q(filters, "submitted_at")),
            region_ids=region_ids,
            filters=filters,
            field="learner",
        )
        by_quiz = grouped_counts(attempts, "quiz_key", **quiz_pass_counts())
        course_of = quiz_course_keys()
        for quiz_key, counts in by_quiz.items():
            course = course_of.get(quiz_key)
            if course is None:
                continue
            row = result.setdefault(course, QuizPass())
            row.attempted += counts["attempted"]
            row.passed += counts["passed"]
    for program, courses in program_course_map().items():
        counted = [result[course] for course in courses if course in result]
        if counted:
            result[program] = QuizPass(
                attempted=sum(row.attempted for row in counted),
                passed=sum(row.passed for row in counted),
            )
    return result


def course_report(
    *, viewer: User, filters: DashboardFilters | None = None
) -> list[CourseRow]:
    """A line per live program and course (programs first, each group by title) with
    the figures of the learners in `viewer`'s scope: assigned learning and
    certificates from the summary once it exists (summary_by_target; else counted
    live, completion_by_target), the quizzes counted live (quiz_pass_by_target).
    Fixed queries: the viewer's permissions and scope, the regions, the titles, the
    summary's state, then the figures. Raises PermissionDenied for
    anyone but regional and national admins."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    filters = filters or DashboardFilters()
    regions = report_regions(viewer=viewer)
    if filters.region_id is not None:
        regions = [r for r in regions if r.pk == filters.region_id]
    region_ids = [region.pk for region in regions]
    if summary_state() is None:
        figures = completion_by_target(filters=filters, region_ids=region_ids)
    else:
        figures = {
            key: DashboardRow(region=None, **counts)
            for key, counts in summary_by_target(
                filters=filters, region_ids=region_ids
            ).items()
        }
    quizzes = quiz_pass_by_target(filters=filters, region_ids=region_ids)
    return [
        CourseRow(
            target=target,
            figures=figures.get(target.key) or DashboardRow(region=None),
            quiz=quizzes.get(target.key) or QuizPass(),
        )
        for target in learning_target_list()
    ]
