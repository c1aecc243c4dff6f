"""State changes of the erasure of personal data: a learner's request, its
cancellation, and the erasure itself (after the grace period)."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from core.audit import audit_log
from core.outbox import enqueue_durably

from ..models import ErasureRequest, Position, User
from ..signals import personal_data_erase
from ..tasks import erasure_request_notify as erasure_request_notify_task

MSG_ERASURE_PENDING = _("An erasure request is already pending.")


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
    # person: relabel the entries about them and their positions with the new str().
    for instance in [user, *user.positions.select_related("user", "organization")]:
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
        ).update(label=str(instance))
    # Open sessions end by themselves: the changed password hash and is_active=False
    # make Django reject them on the next request.
    audit_log(user, "people.erase", user=None, region_id=user.region_id)
    return True
