"""The admins' reports, one module per page family: the completion dashboard
(dashboard) and the learner record (record)."""

from .dashboard import dashboard, dashboard_csv, dashboard_xlsx
from .record import (
    learner_record,
    learner_record_csv,
    learner_record_xlsx,
    my_record,
    my_record_csv,
    my_record_xlsx,
)

__all__ = [
    "dashboard",
    "dashboard_csv",
    "dashboard_xlsx",
    "learner_record",
    "learner_record_csv",
    "learner_record_xlsx",
    "my_record",
    "my_record_csv",
    "my_record_xlsx",
]
