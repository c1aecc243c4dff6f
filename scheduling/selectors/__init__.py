"""Reads of scheduling, by sub-domain (re-exported here)."""

from .feeds import (
    PUBLIC_STATUSES,
    calendar_feed_by_token,
    calendar_feed_get,
    session_list_for_person_feed,
    session_list_for_public_feed,
)
from .reminders import (
    REMINDED_STATUSES,
    REMINDER_DAY,
    REMINDER_WEEK,
    days_before_start,
    registration_list_reminder_due,
)

__all__ = [
    "PUBLIC_STATUSES",
    "REMINDED_STATUSES",
    "REMINDER_DAY",
    "REMINDER_WEEK",
    "days_before_start",
    "registration_list_reminder_due",
    "calendar_feed_by_token",
    "calendar_feed_get",
    "session_list_for_person_feed",
    "session_list_for_public_feed",
]
