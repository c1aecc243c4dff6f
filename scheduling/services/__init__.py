"""State changes of scheduling, by sub-domain (re-exported here)."""

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
    "registration_approve",
    "registration_cancel",
    "registration_refuse",
    "session_cancel",
    "session_create",
    "session_register",
    "session_status_set",
    "session_update",
]
