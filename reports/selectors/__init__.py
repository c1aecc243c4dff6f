"""The reports' reads, each through people.selectors.learner_scope_q: the completion
dashboard, region by region (dashboard), completion over time (history) and the
per-region targets with their trend (targets)."""

from .dashboard import (
    DashboardFilters,
    DashboardRow,
    can_view_reports,
    completion_by_region,
    completion_dashboard,
    report_regions,
)
from .history import completion_history_by_region, completions_by_month
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
    "CHANGE_PERMISSION",
    "DELETE_PERMISSION",
    "SNAPSHOT_DAYS_AFTER_DUE",
    "TREND_WEEKS",
    "DashboardFilters",
    "DashboardRow",
    "Standing",
    "TargetGroup",
    "TargetRow",
    "TrendPoint",
    "can_view_reports",
    "completion_by_region",
    "completion_dashboard",
    "completion_history_by_region",
    "completions_by_month",
    "report_regions",
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
