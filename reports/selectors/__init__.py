"""The reports' reads, each through people.selectors.user_scope: the completion
dashboard, region by region (dashboard), and the audit log of admin actions (audit)."""

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
    "report_regions",
]
