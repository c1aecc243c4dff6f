"""The admins' reports, one module per page family."""

from .dashboard import dashboard, dashboard_csv, dashboard_xlsx
from .enrolments import enrolments_csv, enrolments_xlsx
from .expiring import (
    expiring_certificates,
    expiring_certificates_csv,
    expiring_certificates_remind,
    expiring_certificates_xlsx,
)

__all__ = [
    "dashboard",
    "dashboard_csv",
    "dashboard_xlsx",
    "enrolments_csv",
    "enrolments_xlsx",
    "expiring_certificates",
    "expiring_certificates_csv",
    "expiring_certificates_remind",
    "expiring_certificates_xlsx",
]
