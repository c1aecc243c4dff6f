"""The admins' reports, one module per page family."""

from .dashboard import dashboard, dashboard_csv, dashboard_xlsx
from .targets import target_create, target_delete, target_edit, targets

__all__ = [
    "dashboard",
    "dashboard_csv",
    "dashboard_xlsx",
    "target_create",
    "target_delete",
    "target_edit",
    "targets",
]
