"""Helpers of the iCalendar and e-mail tests: registrations made directly (seat
numbers in order), and the .ics attached to an e-mail, parsed back."""

from __future__ import annotations

from icalendar import Calendar

from scheduling.models import Registration, RegistrationStatus


def registration_make(session, person, status=RegistrationStatus.REGISTERED, **fields):
    """A registration as the services would leave it (a seat when registered)."""
    seat = None
    if status == RegistrationStatus.REGISTERED:
        taken = Registration.objects.filter(session=session, seat__isnull=False)
        seat = taken.count() + 1
    return Registration.objects.create(
        session=session, person=person, status=status, seat=seat, **fields
    )


def ics_parts(message):
    """The text/calendar parts of a sent e-mail (django.core.mail message)."""
    return [
        part
        for part in message.message().walk()
        if part.get_content_type() == "text/calendar"
    ]


def ics_calendar(message) -> Calendar:
    """The one .ics attached to `message`, parsed back with icalendar."""
    (part,) = ics_parts(message)
    return Calendar.from_ical(part.get_payload(decode=True))
