"""The admins' reports, one module per page family."""

from .audit import audit, audit_csv, audit_xlsx
from .dashboard import dashboard, dashboard_csv, dashboard_refresh, dashboard_xlsx
from .subscriptions import subscription_cancel, subscription_create, subscriptions

__all__ = [
    "audit",
    "audit_csv",
    "audit_xlsx",
    "dashboard",
    "dashboard_csv",
    "dashboard_refresh",
    "dashboard_xlsx",
    "subscription_cancel",
    "subscription_create",
    "subscriptions",
]
