"""Reads of scheduling, by sub-domain (re-exported here)."""

from .sessions import (
    MANAGE_PERMISSION,
    person_in_audience,
    registration_active_get,
    registration_latest_get,
    session_can_manage,
    session_counts,
    session_has_started,
    session_is_trainer,
    session_list_manageable,
    session_list_trained,
    session_overlapping_registration,
    session_seats_left,
    session_seats_taken,
    waitlist_first,
    waitlist_position,
)

__all__ = [
    "MANAGE_PERMISSION",
    "person_in_audience",
    "registration_active_get",
    "registration_latest_get",
    "session_can_manage",
    "session_counts",
    "session_has_started",
    "session_is_trainer",
    "session_list_manageable",
    "session_list_trained",
    "session_overlapping_registration",
    "session_seats_left",
    "session_seats_taken",
    "waitlist_first",
    "waitlist_position",
]
