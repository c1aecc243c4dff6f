"""The reports' reads, each through people.selectors.learner_scope_q: the completion
dashboard, region by region (dashboard), the certificates expiring or lately expired
(expiring), every enrolment for the export (enrolments)."""

from .dashboard import (
    DashboardFilters,
    DashboardRow,
    can_view_reports,
    completion_by_region,
    completion_dashboard,
    report_regions,
)
from .enrolments import enrolment_export_rows
from .expiring import (
    EXPIRED_DAYS,
    WITHIN_DAYS,
    ExpiringFilters,
    ExpiringRow,
    certificate_expiring_list,
    expiring_rows,
)

__all__ = [
    "EXPIRED_DAYS",
    "WITHIN_DAYS",
    "DashboardFilters",
    "DashboardRow",
    "ExpiringFilters",
    "ExpiringRow",
    "can_view_reports",
    "certificate_expiring_list",
    "completion_by_region",
    "completion_dashboard",
    "enrolment_export_rows",
    "expiring_rows",
    "report_regions",
]
