"""The admins' reports, one module per page family."""

from .dashboard import dashboard, dashboard_csv, dashboard_refresh, dashboard_xlsx

__all__ = ["dashboard", "dashboard_csv", "dashboard_refresh", "dashboard_xlsx"]
