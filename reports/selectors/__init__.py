"""The reports' reads, each through people.selectors.learner_scope_q: the completion
dashboard, region by region (dashboard)."""

from .dashboard import (
    DashboardFilters,
    DashboardRow,
    can_view_reports,
    completion_by_region,
    completion_dashboard,
    report_regions,
)

__all__ = [
    "DashboardFilters",
    "DashboardRow",
    "can_view_reports",
    "completion_by_region",
    "completion_dashboard",
    "report_regions",
]
