"""E-mails of scheduling (being written on the sched-ical branch; until it lands
nothing is sent)."""

from __future__ import annotations


def registration_notice_send(*, registration, event: str) -> int:
    """Send the notice of a registration's event once; how many e-mails were sent."""
    return 0


def session_notice_send(*, session) -> int:
    """Send the notice of a session's change or cancellation once per change."""
    return 0
