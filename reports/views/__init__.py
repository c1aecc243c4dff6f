"""The admins' reports, one module per page family."""

from .audit import audit, audit_csv, audit_xlsx
from .dashboard import dashboard, dashboard_csv, dashboard_xlsx

__all__ = [
    "audit",
    "audit_csv",
    "audit_xlsx",
    "dashboard",
    "dashboard_csv",
    "dashboard_xlsx",
]
