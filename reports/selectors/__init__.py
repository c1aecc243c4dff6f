"""The reports' reads, each through people.selectors.learner_scope_q: the completion
dashboard, region by region (dashboard); the scheduled reports (subscriptions)."""

from .dashboard import (
    DashboardFilters,
    DashboardRow,
    can_view_reports,
    completion_by_region,
    completion_dashboard,
    report_regions,
)
from .subscriptions import (
    report_period,
    report_period_start,
    report_subscription_data_export,
    report_subscription_list,
    report_subscription_list_due,
)

__all__ = [
    "DashboardFilters",
    "DashboardRow",
    "can_view_reports",
    "completion_by_region",
    "completion_dashboard",
    "report_period",
    "report_period_start",
    "report_regions",
    "report_subscription_data_export",
    "report_subscription_list",
    "report_subscription_list_due",
]
