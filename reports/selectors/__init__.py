"""The reports' reads, each through people.selectors.learner_scope_q: the completion
dashboard, region by region (dashboard), and the learner record of one person
(record)."""

from .dashboard import (
    DashboardFilters,
    DashboardRow,
    can_view_reports,
    completion_by_region,
    completion_dashboard,
    report_regions,
)
from .record import (
    LearnerRecord,
    learner_record,
    learner_record_get,
    learner_record_own,
)

__all__ = [
    "DashboardFilters",
    "DashboardRow",
    "LearnerRecord",
    "can_view_reports",
    "completion_by_region",
    "completion_dashboard",
    "learner_record",
    "learner_record_get",
    "learner_record_own",
    "report_regions",
]
