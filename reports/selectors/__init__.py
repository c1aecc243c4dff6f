"""The reports' reads, each through people.selectors.user_scope: the completion
dashboard, region by region (dashboard, from the summary), its other figures per
region (activity) and by course and program (by_course), per-region targets and
their trend (targets), the scheduled reports (subscriptions), the audit log of
admin actions (audit), the certificates expiring or lately expired (expiring) and
every enrolment for the export (enrolments); the learner record (record)."""

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
from .by_course import (
    CourseRow,
    QuizPass,
    course_report,
    quiz_pass_by_target,
)
from .dashboard import (
    DashboardFilters,
    DashboardRow,
    can_view_reports,
    completion_by_region,
    completion_by_target,
    completion_dashboard,
    report_regions,
)
from .enrolments import (
    enrolment_export_rows,
)
from .expiring import (
    EXPIRED_DAYS,
    WITHIN_DAYS,
    ExpiringFilters,
    ExpiringRow,
    certificate_expiring_list,
    expiring_rows,
)
from .history import (
    completion_history_by_region,
    completions_by_month,
)
from .record import (
    LearnerRecord,
    learner_record,
    learner_record_get,
    learner_record_own,
)
from .subscriptions import (
    report_period,
    report_period_start,
    report_subscription_data_export,
    report_subscription_list,
    report_subscription_list_due,
)
from .summary import (
    summary_by_region,
    summary_by_target,
    summary_completions_by_month,
    summary_state,
)
from .targets import (
    ADD_PERMISSION,
    CHANGE_PERMISSION,
    DELETE_PERMISSION,
    SNAPSHOT_DAYS_AFTER_DUE,
    TREND_WEEKS,
    Standing,
    TargetGroup,
    TargetRow,
    TrendPoint,
    target_actuals,
    target_choices,
    target_expected,
    target_filters,
    target_get,
    target_groups_by_filters,
    target_list,
    target_list_to_snapshot,
    target_overview,
    target_standing,
)

__all__ = [
    "ADD_PERMISSION",
    "ActivityRow",
    "AuditFilters",
    "AuditRow",
    "CHANGE_PERMISSION",
    "CourseRow",
    "DELETE_PERMISSION",
    "DashboardFilters",
    "DashboardRow",
    "EXPIRED_DAYS",
    "ExpiringFilters",
    "ExpiringRow",
    "LearnerRecord",
    "QuizPass",
    "SNAPSHOT_DAYS_AFTER_DUE",
    "Standing",
    "TREND_WEEKS",
    "TargetGroup",
    "TargetRow",
    "TrendPoint",
    "WITHIN_DAYS",
    "ZoneCell",
    "activity_by_region",
    "activity_report",
    "audit_action_choices",
    "audit_details",
    "audit_entry_list",
    "audit_region",
    "audit_rows",
    "can_view_reports",
    "certificate_expiring_list",
    "completion_by_region",
    "completion_by_target",
    "completion_dashboard",
    "completion_history_by_region",
    "completions_by_month",
    "course_report",
    "enrolment_export_rows",
    "expiring_rows",
    "learner_record",
    "learner_record_get",
    "learner_record_own",
    "quiz_pass_by_target",
    "report_period",
    "report_period_start",
    "report_regions",
    "report_subscription_data_export",
    "report_subscription_list",
    "report_subscription_list_due",
    "summary_by_region",
    "summary_by_target",
    "summary_completions_by_month",
    "summary_state",
    "target_actuals",
    "target_choices",
    "target_expected",
    "target_filters",
    "target_get",
    "target_groups_by_filters",
    "target_list",
    "target_list_to_snapshot",
    "target_overview",
    "target_standing",
]
