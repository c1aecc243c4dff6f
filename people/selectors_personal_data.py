"""People's sections of a person's data download (people.selectors.user_data_export)
beyond the profile: their hand-overs and the audit entries about their account."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import ModelLogEntry

from .models import Handover, HandoverContact, HandoverDuty, Position, User


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _contact(contact: HandoverContact) -> dict:
    return {
        "organization": contact.name,
        "contact_person": contact.contact_person,
        "phone": contact.phone,
        "email": contact.email,
        "note": contact.note,
    }


def handover_data_export(*, user: User) -> dict:
    """The hand-overs of positions the person left (their notes, open matters and the
    contacts they passed on), those they stood in for or took over, the duties they
    hold from hand-overs, and the contacts others passed on that name them (by
    e-mail). Four queries."""
    left = (
        Handover.objects.filter(leaver=user)
        .select_related("organization")
        .prefetch_related("contacts")
        .order_by("created_at", "pk")
    )
    received = (
        Handover.objects.filter(Q(stand_in=user) | Q(successor=user))
        .select_related("organization")
        .order_by("created_at", "pk")
    )
    return {
        "left": [
            {
                "organization": h.organization.name,
                "role": h.role,
                "status": h.status,
                "opened_at": _iso(h.created_at),
                "checklist_submitted_at": _iso(h.checklist_submitted_at),
                "notes": h.notes,
                "open_matters": h.open_matters,
                "contacts": [_contact(c) for c in h.contacts.all()],
            }
            for h in left
        ],
        "taken_over": [
            {
                "organization": h.organization.name,
                "role": h.role,
                "as": "successor" if h.successor_id == user.pk else "stand_in",
                "status": h.status,
                "notes_read_at": _iso(h.successor_read_at)
                if h.successor_id == user.pk
                else None,
                "completed_at": _iso(h.completed_at),
            }
            for h in received
        ],
        "duties_held": [
            {"duty": d.label, "kind": d.kind, "moved_at": _iso(d.moved_at)}
            for d in HandoverDuty.objects.filter(holder=user).order_by("pk")
        ],
        "named_in_contacts": [
            _contact(c)
            for c in HandoverContact.objects.filter(email__iexact=user.email)
            .exclude(handover__leaver=user)
            .order_by("pk")
        ],
    }


def account_audit_export(*, user: User) -> list[dict]:
    """The audit entries about the person's account and positions (changes of region,
    positions started and ended, consents declined, erasure requests...): what was
    done and when, and whether by the person. Two queries; who else acted is not
    given (their name is theirs)."""
    account = ContentType.objects.get_for_model(User)
    position = ContentType.objects.get_for_model(Position)
    position_ids = [
        str(pk)
        for pk in Position.objects.filter(user=user).values_list("pk", flat=True)
    ]
    entries = ModelLogEntry.objects.filter(
        Q(content_type=account, object_id=str(user.pk))
        | Q(content_type=position, object_id__in=position_ids)
    ).order_by("timestamp", "pk")
    return [
        {
            "action": entry.action,
            "about": "account" if entry.content_type_id == account.pk else "position",
            "at": entry.timestamp.isoformat(),
            "by_you": entry.user_id == user.pk,
        }
        for entry in entries
    ]
