"""The reports' reads, each through people.selectors.user_scope: the completion
dashboard, region by region (dashboard), the scheduled reports (subscriptions) and
the audit log of admin actions (audit)."""

from .audit import (
    AuditFilters,
    AuditRow,
    audit_action_choices,
    audit_details,
    audit_entry_list,
    audit_region,
    audit_rows,
)
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
    "AuditFilters",
    "AuditRow",
    "DashboardFilters",
    "DashboardRow",
    "audit_action_choices",
    "audit_details",
    "audit_entry_list",
    "audit_region",
    "audit_rows",
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
