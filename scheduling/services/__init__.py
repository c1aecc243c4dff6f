"""State changes of scheduling, by sub-domain (re-exported here): sessions,
registration, the yearly plan and the public holidays."""

from .compliance import compliance_overdue_notice_send
from .feeds import calendar_feed_get_or_create, calendar_feed_revoke
from .holidays import holiday_defaults_load
from .plan import PlanResult, plan_next_quarter_create, plan_quarter_create
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
    "calendar_feed_get_or_create",
    "calendar_feed_revoke",
    "PlanResult",
    "holiday_defaults_load",
    "plan_next_quarter_create",
    "plan_quarter_create",
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
