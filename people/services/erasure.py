"""State changes of the erasure of personal data: a learner's request, its
cancellation, and the erasure itself (after the grace period)."""

from __future__ import annotations

import datetime
import re
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from core.audit import audit_entries_anonymise, audit_log
from core.outbox import enqueue_durably

from ..models import ErasureRequest, Handover, HandoverContact, Position, User
from ..signals import personal_data_erase
from ..tasks import erasure_request_notify as erasure_request_notify_task

MSG_ERASURE_PENDING = _("An erasure request is already pending.")
# What an erased person's name or address becomes in others' hand-over notes (a
# shorter text is not looked for: it would strike ordinary words).
ERASED_MENTION = "[…]"
MENTION_MIN_LENGTH = 5


@transaction.atomic
def user_erasure_request(*, user: User) -> ErasureRequest:
    """Ask for the erasure of one's personal data; it happens after a grace period."""
    if ErasureRequest.objects.filter(
        user=user, status=ErasureRequest.Status.PENDING
    ).exists():
        raise ValidationError(MSG_ERASURE_PENDING, code="pending")
    request = ErasureRequest(
        user=user,
        due_at=timezone.now()
        + datetime.timedelta(days=settings.LMS_ERASURE_GRACE_DAYS),
    )
    request.full_clean()
    request.save()
    audit_log(user, "people.erasure_request", user=user, region_id=user.region_id)
    enqueue_durably(erasure_request_notify_task, erasure_request_id=request.pk)
    return request


@transaction.atomic
def user_erasure_cancel(*, user: User) -> int:
    """Cancel a pending erasure request. Returns how many were cancelled (0 or 1)."""
    cancelled = ErasureRequest.objects.filter(
        user=user, status=ErasureRequest.Status.PENDING
    ).update(status=ErasureRequest.Status.CANCELLED, processed_at=timezone.now())
    if cancelled:
        audit_log(user, "people.erasure_cancel", user=user, region_id=user.region_id)
    return cancelled


@transaction.atomic
def user_erase(*, user: User) -> bool:
    """Erase a user's personal data (idempotent: an erased user is left as is).

    The account row stays, anonymised, so that region statistics keep their counts;
    the e-mail, name, date of birth and login are gone, and every app erases its own
    identifying records through personal_data_erase.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        return False
    from allauth.account.models import EmailAddress

    personal_data_erase.send(sender=User, user=user)
    _handover_mentions_erase(user=user)
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"erased-{uuid.uuid4().hex}@invalid.invalid"
    user.full_name = ""
    user.date_of_birth = None
    user.organization = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.consents.filter(guardian_name__gt="").update(guardian_name="")
    Position.objects.filter(user=user, end_date__isnull=True).update(
        end_date=timezone.localdate()
    )
    ErasureRequest.objects.filter(
        user=user, status=ErasureRequest.Status.PENDING
    ).update(status=ErasureRequest.Status.DONE, processed_at=timezone.now())
    # Wagtail's audit log keeps str(object) as each entry's label, which names the
    # person: the entries about them, their positions and the hand-overs they left
    # are relabelled with the new str() and marked as anonymised (not deleted: the
    # trail of who did what stays).
    for instance in [
        user,
        *user.positions.select_related("user", "organization"),
        *Handover.objects.filter(leaver=user).select_related("leaver", "organization"),
    ]:
        audit_entries_anonymise(
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(instance),
                object_id=str(instance.pk),
            ),
            label=str(instance),
        )
    # Open sessions end by themselves: the changed password hash and is_active=False
    # make Django reject them on the next request.
    audit_log(user, "people.erase", user=None, region_id=user.region_id)
    return True


def _handover_mentions_erase(*, user: User) -> None:
    """Before the person's name and address go: the hand-over contacts that name them
    (by e-mail or full name) lose the person, phone, address and note (the organisation stays),
    and their name and address are struck from every hand-over's notes and open
    matters. The notes and contacts the person wrote as a leaver stay otherwise:
    they are the office's record of its work and of others (the successor needs
    them), and nothing ties them to the person once the account is anonymised."""
    texts = [
        text
        for text in (user.full_name.strip(), user.email)
        if len(text) >= MENTION_MIN_LENGTH
    ]
    if not texts:
        return
    named = Q(email__iexact=user.email)
    if user.full_name.strip():
        named |= Q(contact_person__iexact=user.full_name.strip())
    HandoverContact.objects.filter(named).update(
        contact_person="", phone="", email="", note="", updated_at=timezone.now()
    )
    pattern = re.compile("|".join(re.escape(text) for text in texts), re.IGNORECASE)
    mentions = Q()
    for text in texts:
        mentions |= Q(notes__icontains=text) | Q(open_matters__icontains=text)
    for handover in Handover.objects.filter(mentions):
        handover.notes = pattern.sub(ERASED_MENTION, handover.notes)
        handover.open_matters = pattern.sub(ERASED_MENTION, handover.open_matters)
        handover.save(update_fields=["notes", "open_matters", "updated_at"])
