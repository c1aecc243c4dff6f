"""People's middleware: the consent gate (consent) and the protections of staff
sessions (staff). Re-exported here, as settings name them (`people.middleware.X`)."""

from .consent import ConsentRequiredMiddleware
from .staff import (
    LAST_SEEN_KEY,
    MFA_EXEMPT_VIEW_NAMES,
    TOUCH_SECONDS,
    StaffMFAMiddleware,
    StaffSessionIdleMiddleware,
    session_activity_mark,
)

__all__ = [
    "LAST_SEEN_KEY",
    "MFA_EXEMPT_VIEW_NAMES",
    "TOUCH_SECONDS",
    "ConsentRequiredMiddleware",
    "StaffMFAMiddleware",
    "StaffSessionIdleMiddleware",
    "session_activity_mark",
]
