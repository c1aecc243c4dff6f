"""Reads of scheduling, by sub-domain (re-exported here)."""

from .feeds import (
    PUBLIC_STATUSES,
    calendar_feed_by_token,
    calendar_feed_get,
    session_list_for_person_feed,
    session_list_for_public_feed,
)

__all__ = [
    "PUBLIC_STATUSES",
    "calendar_feed_by_token",
    "calendar_feed_get",
    "session_list_for_person_feed",
    "session_list_for_public_feed",
]
