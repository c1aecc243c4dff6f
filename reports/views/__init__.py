"""The admins' reports, one module per page family; per-region targets and their trend (targets); the learner record (record)."""

from .activity import (
    activity,
    activity_csv,
    activity_xlsx,
)
from .audit import (
    audit,
    audit_csv,
    audit_xlsx,
)
from .by_course import (
    by_course,
    by_course_csv,
    by_course_xlsx,
)
from .dashboard import (
    dashboard,
    dashboard_csv,
    dashboard_refresh,
    dashboard_xlsx,
)
from .enrolments import (
    enrolments_csv,
    enrolments_xlsx,
)
from .expiring import (
    expiring_certificates,
    expiring_certificates_csv,
    expiring_certificates_remind,
    expiring_certificates_xlsx,
)
from .overdue import overdue_csv, overdue_xlsx
from .record import (
    learner_record,
    learner_record_csv,
    learner_record_xlsx,
    my_record,
    my_record_csv,
    my_record_xlsx,
)
from .subscriptions import (
    subscription_cancel,
    subscription_create,
    subscriptions,
)
from .targets import (
    target_create,
    target_delete,
    target_edit,
    targets,
)

__all__ = [
    "activity",
    "activity_csv",
    "activity_xlsx",
    "audit",
    "audit_csv",
    "audit_xlsx",
    "by_course",
    "by_course_csv",
    "by_course_xlsx",
    "dashboard",
    "dashboard_csv",
    "dashboard_refresh",
    "dashboard_xlsx",
    "enrolments_csv",
    "enrolments_xlsx",
    "expiring_certificates",
    "expiring_certificates_csv",
    "expiring_certificates_remind",
    "expiring_certificates_xlsx",
    "learner_record",
    "learner_record_csv",
    "learner_record_xlsx",
    "my_record",
    "my_record_csv",
    "my_record_xlsx",
    "overdue_csv",
    "overdue_xlsx",
    "subscription_cancel",
    "subscription_create",
    "subscriptions",
    "target_create",
    "target_delete",
    "target_edit",
    "targets",
]
