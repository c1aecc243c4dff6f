"""The reports' reads, each through people.selectors.learner_scope_q: the completion
dashboard, region by region (dashboard), its other figures per region (activity),
and its figures by course and program (by_course)."""

from .activity import (
    ActivityRow,
    ZoneCell,
    activity_by_region,
    activity_report,
)
from .by_course import CourseRow, QuizPass, course_report, quiz_pass_by_target
from .dashboard import (
    DashboardFilters,
    DashboardRow,
    can_view_reports,
    completion_by_region,
    completion_by_target,
    completion_dashboard,
    report_regions,
)

__all__ = [
    "ActivityRow",
    "CourseRow",
    "DashboardFilters",
    "DashboardRow",
    "QuizPass",
    "ZoneCell",
    "activity_by_region",
    "activity_report",
    "can_view_reports",
    "completion_by_region",
    "completion_by_target",
    "completion_dashboard",
    "course_report",
    "quiz_pass_by_target",
    "report_regions",
]
