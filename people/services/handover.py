"""State changes of hand-overs: a position ends and its hand-over opens with the duties
the leaver carried; the leaver fills the checklist; a stand-in, then the successor,
takes the duties over; the successor reads the notes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.outbox import enqueue_durably

from ..models import (
    Handover,
    HandoverContact,
    HandoverDuty,
    Organization,
    OrganizationKind,
    Position,
    User,
)
from ..selectors import role_duty_label
from ..signals import (
    HandoverDutyInfo,
    handover_duties_collect,
    handover_duties_transfer,
)
from ..tasks import handover_leaver_notify as handover_leaver_notify_task
from ..tasks import handover_successor_notify as handover_successor_notify_task
from .positions import position_end, position_start

MSG_HANDOVER_COMPLETED = _("This hand-over is already completed.")
MSG_HANDOVER_NOT_LEAVER = _("Only the person who left may fill in this checklist.")
MSG_HANDOVER_LEAVER_CANNOT_TAKE_OVER = _(
    "The person who left cannot take over their own position."
)
MSG_HANDOVER_SAME_STAND_IN = _("This person already stands in.")

DUTY_ROLE = "role"
# The organisations whose contacts a leaver passes on.
CONTACT_KINDS = (OrganizationKind.VOLUNTEER_NGO, OrganizationKind.INITIATIVE_GROUP)


def _role_duty(position: Position) -> HandoverDutyInfo:
    return HandoverDutyInfo(
        kind=DUTY_ROLE,
        object_type="people.position",
        object_id=str(position.pk),
        label=role_duty_label(position),
    )


def handover_is_acting_position(*, position: Position) -> bool:
    """Whether a position is a stand-in's acting one (its end opens no hand-over)."""
    return Handover.objects.filter(stand_in_position=position).exists()


@transaction.atomic
def handover_open(*, position: Position, actor: User | None = None) -> Handover | None:
    """Open the hand-over of an ended position (idempotent: one per position): the
    duties the leaver carried, collected from every app, and the contacts of the
    region's volunteer organisations and initiative groups for the checklist.

    A stand-in's acting position opens none: its duties go on to the successor.
    """
    if handover_is_acting_position(position=position):
        return None
    organization = position.organization
    try:
        with transaction.atomic():
            handover, created = Handover.objects.get_or_create(
                position=position,
                defaults={
                    "leaver": position.user,
                    "organization": organization,
                    "role": position.role,
                    "region_id": organization.region_id,
                },
            )
    except IntegrityError:
        # The same position ended twice at once: the other request opened it.
        return Handover.objects.get(position=position)
    if not created:
        return handover
    # The labels are kept as written, in the default language (whoever ended the
    # position, in whatever language).
    with translation.override(settings.LANGUAGE_CODE):
        duties: list[HandoverDutyInfo] = [_role_duty(position)]
        for _receiver, response in handover_duties_collect.send(
            sender=Handover, position=position
        ):
            duties.extend(response or [])
    HandoverDuty.objects.bulk_create(
        [
            HandoverDuty(
                handover=handover,
                kind=duty.kind,
                object_type=duty.object_type,
                object_id=duty.object_id,
                label=duty.label[:255],
                moves=duty.moves,
                holder=position.user if duty.moves else None,
            )
            for duty in duties
        ],
        ignore_conflicts=True,
    )
    if organization.region_id is not None:
        contacts = Organization.objects.filter(
            region_id=organization.region_id, kind__in=CONTACT_KINDS, is_active=True
        ).order_by("name")
        HandoverContact.objects.bulk_create(
            [
                HandoverContact(
                    handover=handover, organization=org, name=org.name, sort_order=i
                )
                for i, org in enumerate(contacts)
            ]
        )
    audit_log(
        handover,
        "people.handover_open",
        user=actor,
        region_id=handover.region_id,
        data={"position": position.pk, "duties": len(duties)},
    )
    handover_id = handover.pk
    enqueue_durably(handover_leaver_notify_task, handover_id=handover_id)
    return handover


@transaction.atomic
def handover_checklist_save(
    *,
    handover: Handover,
    user: User,
    notes: str,
    open_matters: str,
    contacts: Iterable[dict],
    submit: bool = False,
) -> Handover:
    """Save the leaver's checklist: notes, open matters and the contacts (dicts of
    HandoverContact's fields, `organization` an id; the list replaces the previous
    one, so saving twice changes nothing). `submit` marks it
    handed in (once); it stays editable until the successor is appointed."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.leaver_id != user.pk:
        raise ValidationError(MSG_HANDOVER_NOT_LEAVER, code="not_leaver")
    if handover.is_completed:
        raise ValidationError(MSG_HANDOVER_COMPLETED, code="completed")
    handover.notes = notes
    handover.open_matters = open_matters
    if submit and handover.checklist_submitted_at is None:
        handover.checklist_submitted_at = timezone.now()
    handover.save(
        update_fields=["notes", "open_matters", "checklist_submitted_at", "updated_at"]
    )
    contacts = list(contacts)
    known = set(
        Organization.objects.filter(
            pk__in=[c["organization"] for c in contacts if c.get("organization")],
            kind__in=CONTACT_KINDS,
        ).values_list("pk", flat=True)
    )
    handover.contacts.all().delete()
    rows = []
    for i, contact in enumerate(contacts):
        row = HandoverContact(
            handover=handover,
            organization_id=contact.get("organization")
            if contact.get("organization") in known
            else None,
            name=contact["name"],
            contact_person=contact.get("contact_person", ""),
            phone=contact.get("phone", ""),
            email=contact.get("email", ""),
            note=contact.get("note", ""),
            sort_order=i,
        )
        row.full_clean(exclude=["handover"])
        rows.append(row)
    HandoverContact.objects.bulk_create(rows)
    return handover


def _duties_move(*, handover: Handover, from_user: User | None, to_user: User) -> None:
    """Move the hand-over's moving duties to `to_user`: every app moves its part
    (handover_duties_transfer), then the duties record their new holder."""
    duties = list(handover.duties.filter(moves=True))
    handover_duties_transfer.send(
        sender=Handover,
        handover=handover,
        duties=duties,
        from_user=from_user,
        to_user=to_user,
    )
    handover.duties.filter(moves=True).update(
        holder=to_user, moved_at=timezone.now(), updated_at=timezone.now()
    )


def _last_day_before(position: Position, date: datetime.date) -> datetime.date:
    return max(position.start_date, date - datetime.timedelta(days=1))


@transaction.atomic
def handover_stand_in_set(
    *,
    handover: Handover,
    stand_in: User,
    date: datetime.date | None = None,
    actor: User | None = None,
) -> Handover:
    """Name a stand-in while the position is vacant: they get an acting position (same
    organisation and role, the title marked acting) and the duties. Naming another
    stand-in ends the previous one's acting position and moves the duties on."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.is_completed:
        raise ValidationError(MSG_HANDOVER_COMPLETED, code="completed")
    if stand_in.pk == handover.leaver_id:
        raise ValidationError(MSG_HANDOVER_LEAVER_CANNOT_TAKE_OVER, code="leaver")
    if stand_in.pk == handover.stand_in_id:
        raise ValidationError(MSG_HANDOVER_SAME_STAND_IN, code="same")
    date = date or timezone.localdate()
    previous = handover.stand_in
    if handover.stand_in_position is not None:
        position_end(
            position=handover.stand_in_position,
            end_date=_last_day_before(handover.stand_in_position, date),
            actor=actor,
        )
    position = handover.position
    title = position.title or position.get_role_display()
    acting = position_start(
        user=stand_in,
        organization=handover.organization,
        role=handover.role,
        start_date=date,
        title=gettext("%(title)s (acting)") % {"title": title},
        actor=actor,
    )
    handover.stand_in = stand_in
    handover.stand_in_position = acting
    handover.status = Handover.Status.STAND_IN
    handover.save(
        update_fields=["stand_in", "stand_in_position", "status", "updated_at"]
    )
    _duties_move(
        handover=handover, from_user=previous or handover.leaver, to_user=stand_in
    )
    audit_log(
        handover,
        "people.handover_stand_in",
        user=actor,
        region_id=handover.region_id,
        data={"stand_in": stand_in.pk, "position": acting.pk},
    )
    return handover


@transaction.atomic
def handover_complete(
    *,
    handover: Handover,
    successor: User,
    date: datetime.date | None = None,
    actor: User | None = None,
) -> Handover:
    """Appoint the successor: they hold the position from `date` (today by default;
    the assignment rules give them the role's program), a stand-in's acting position
    ends the day before, and the duties move to them. A second submit of the same
    appointment changes nothing."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.is_completed:
        if handover.successor_id == successor.pk:
            return handover
        raise ValidationError(MSG_HANDOVER_COMPLETED, code="completed")
    if successor.pk == handover.leaver_id:
        raise ValidationError(MSG_HANDOVER_LEAVER_CANNOT_TAKE_OVER, code="leaver")
    date = date or timezone.localdate()
    from_user = handover.stand_in or handover.leaver
    if handover.stand_in_position is not None and (
        handover.stand_in_position.end_date is None
        or handover.stand_in_position.end_date >= date
    ):
        position_end(
            position=handover.stand_in_position,
            end_date=_last_day_before(handover.stand_in_position, date),
            actor=actor,
        )
    position = handover.position
    new_position = position_start(
        user=successor,
        organization=handover.organization,
        role=handover.role,
        start_date=date,
        title=position.title,
        actor=actor,
    )
    handover.successor = successor
    handover.successor_position = new_position
    handover.status = Handover.Status.COMPLETED
    handover.completed_at = timezone.now()
    handover.save(
        update_fields=[
            "successor",
            "successor_position",
            "status",
            "completed_at",
            "updated_at",
        ]
    )
    _duties_move(handover=handover, from_user=from_user, to_user=successor)
    audit_log(
        handover,
        "people.handover_complete",
        user=actor,
        region_id=handover.region_id,
        data={"successor": successor.pk, "position": new_position.pk},
    )
    handover_id = handover.pk
    enqueue_durably(handover_successor_notify_task, handover_id=handover_id)
    return handover


def handover_notes_mark_read(*, handover: Handover, user: User) -> Handover:
    """The successor has read the leaver's notes (recorded once)."""
    if handover.successor_id == user.pk and handover.successor_read_at is None:
        handover.successor_read_at = timezone.now()
        handover.save(update_fields=["successor_read_at", "updated_at"])
    return handover
