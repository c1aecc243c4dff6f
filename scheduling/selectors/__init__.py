"""Reads for scheduling, by sub-domain (re-exported here)."""

from .attendance import (
    AttendanceRow,
    attendance_can_mark,
    attendance_get,
    attendance_list,
    check_in_code_matches,
    check_in_human_code,
    check_in_open,
    check_in_token,
    day_get,
    day_list_for_session,
    day_today,
    registration_is_registered,
    registration_list_registered,
    session_attended_all_days,
    session_list_for_course,
)

__all__ = [
    "AttendanceRow",
    "attendance_can_mark",
    "attendance_get",
    "attendance_list",
    "check_in_code_matches",
    "check_in_human_code",
    "check_in_open",
    "check_in_token",
    "day_get",
    "day_list_for_session",
    "day_today",
    "registration_is_registered",
    "registration_list_registered",
    "session_attended_all_days",
    "session_list_for_course",
]
