"""Erasing what scheduling keeps that identifies a person."""

from __future__ import annotations

from ..models import CalendarFeed, Registration


def scheduling_personal_data_erase(*, user) -> None:
    """Inside people's erasure transaction: the person's calendar feed goes (its
    URL stops answering) and the free-text reasons of their registrations are
    blanked; registrations and attendance stay as anonymous counts of who came."""
    CalendarFeed.objects.filter(person=user).delete()
    Registration.objects.filter(person=user).exclude(reason="").update(reason="")
