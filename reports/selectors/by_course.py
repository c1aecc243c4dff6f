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
    _grouped,
    _period_q,
    _scoped,
    can_view_reports,
    completion_by_target,
    report_regions,
)

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
    program (its courses' quizzes), by translation_key. Five queries: the attempts
    grouped by quiz, then the quizzes' courses and the programs' courses."""
    attempts = _scoped(
        quiz_attempt_list_for_figures().filter(_period_q(filters, "submitted_at")),
        region_ids=region_ids,
        filters=filters,
        field="learner",
    )
    by_quiz = _grouped(attempts, "quiz_key", **quiz_pass_counts())
    course_of = quiz_course_keys()
    result: dict[uuid.UUID, QuizPass] = {}
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
    the figures of the learners in `viewer`'s scope (completion_by_target and
    quiz_pass_by_target). Fixed queries: the viewer's permissions and scope, the
    regions, the titles, then eight for the figures. Raises PermissionDenied for
    anyone but regional and national admins."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    filters = filters or DashboardFilters()
    regions = report_regions(viewer=viewer)
    if filters.region_id is not None:
        regions = [r for r in regions if r.pk == filters.region_id]
    region_ids = [region.pk for region in regions]
    figures = completion_by_target(filters=filters, region_ids=region_ids)
    quizzes = quiz_pass_by_target(filters=filters, region_ids=region_ids)
    return [
        CourseRow(
            target=target,
            figures=figures.get(target.key) or DashboardRow(region=None),
            quiz=quizzes.get(target.key) or QuizPass(),
        )
        for target in learning_target_list()
    ]
