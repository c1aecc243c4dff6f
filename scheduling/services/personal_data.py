"""Erasing what scheduling keeps that identifies a person."""

from __future__ import annotations

from wagtail.models import ModelLogEntry

from core.audit import audit_entries_anonymise

from ..models import CalendarFeed, ComplianceNotice, Registration

# Audit actions whose `data` keeps a free-text reason about the person (`person`).
REASON_ACTIONS = ("scheduling.registration_cancel", "scheduling.refuse")


def scheduling_personal_data_erase(*, user) -> None:
    """Inside people's erasure transaction: the person's calendar feed goes (its
    URL stops answering), and so do the records of the monthly cadence notices
    they got as an admin; the free-text reasons of their registrations are
    blanked, in the registrations and in the audit entries that copied them (the
    entries stay, anonymised: who decided what, when). Registrations and attendance
    stay as anonymous counts of who came."""
    CalendarFeed.objects.filter(person=user).delete()
    ComplianceNotice.objects.filter(person=user).delete()
    Registration.objects.filter(person=user).exclude(reason="").update(reason="")
    audit_entries_anonymise(
        ModelLogEntry.objects.filter(action__in=REASON_ACTIONS, data__person=user.pk),
        keys=("reason",),
    )
