"""State changes of scheduling, by sub-domain (re-exported here)."""

from .feeds import calendar_feed_get_or_create, calendar_feed_revoke

__all__ = [
    "calendar_feed_get_or_create",
    "calendar_feed_revoke",
]
