"""The admins' reports, one module per page family."""

from .activity import activity, activity_csv, activity_xlsx
from .by_course import by_course, by_course_csv, by_course_xlsx
from .dashboard import dashboard, dashboard_csv, dashboard_xlsx

__all__ = [
    "activity",
    "activity_csv",
    "activity_xlsx",
    "by_course",
    "by_course_csv",
    "by_course_xlsx",
    "dashboard",
    "dashboard_csv",
    "dashboard_xlsx",
]
