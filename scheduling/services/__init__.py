"""State changes of scheduling, by sub-domain (re-exported here)."""

from .compliance import compliance_overdue_notice_send
from .registration import (
    registration_approve,
    registration_cancel,
    registration_refuse,
    session_register,
)
from .sessions import (
    DaySpec,
    session_cancel,
    session_create,
    session_status_set,
    session_update,
)

__all__ = [
    "DaySpec",
    "compliance_overdue_notice_send",
    "registration_approve",
    "registration_cancel",
    "registration_refuse",
    "session_cancel",
    "session_create",
    "session_register",
    "session_status_set",
    "session_update",
]
