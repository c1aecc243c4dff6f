"""The reports' reads, each through people.selectors.user_scope: the completion
dashboard, region by region (dashboard, from the summary), its other figures per
region (activity) and by course and program (by_course), the scheduled reports
(subscriptions) and the audit log of admin actions (audit)."""

from .activity import (
    ActivityRow,
    ZoneCell,
    activity_by_region,
    activity_report,
)
from .audit import (
    AuditFilters,
    AuditRow,
    audit_action_choices,
    audit_details,
    audit_entry_list,
    audit_region,
    audit_rows,
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
from .subscriptions import (
    report_period,
    report_period_start,
    report_subscription_data_export,
    report_subscription_list,
    report_subscription_list_due,
)
from .summary import summary_by_region, summary_by_target, summary_state

__all__ = [
    "ActivityRow",
    "AuditFilters",
    "AuditRow",
    "CourseRow",
    "DashboardFilters",
    "DashboardRow",
    "QuizPass",
    "ZoneCell",
    "activity_by_region",
    "activity_report",
    "audit_action_choices",
    "audit_details",
    "audit_entry_list",
    "audit_region",
    "audit_rows",
    "can_view_reports",
    "completion_by_region",
    "completion_by_target",
    "completion_dashboard",
    "report_period",
    "report_period_start",
    "course_report",
    "quiz_pass_by_target",
    "report_regions",
    "summary_by_region",
    "summary_by_target",
    "summary_state",
    "report_subscription_data_export",
    "report_subscription_list",
    "report_subscription_list_due",
]
