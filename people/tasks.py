"""Background work for people. Tasks take ids and are idempotent."""

from celery import shared_task
from django.utils import timezone

from core.mail import mail_send_once

from .models import ErasureRequest, User


@shared_task(
    acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5
)
def user_erase(user_id: int) -> bool:
    """Erase one user's personal data (a second run changes nothing)."""
    from .services import user_erase as erase

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    return erase(user=user)


@shared_task(acks_late=True)
def user_erasure_due_process() -> int:
    """Beat: enqueue the erasure of every user whose grace period is over."""
    from .selectors import user_erasure_due_list

    user_ids = user_erasure_due_list()
    for user_id in user_ids:
        user_erase.delay(user_id=user_id)
    return len(user_ids)


@shared_task(acks_late=True)
def positions_expire() -> int:
    """Beat: withdraw the permissions of positions that ended yesterday."""
    from .services import positions_expire as expire

    return expire()


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def erasure_request_notify(erasure_request_id: int) -> bool:
    """E-mail the learner that their erasure request was received and when it happens."""
    request = (
        ErasureRequest.objects.select_related("user")
        .filter(pk=erasure_request_id, status=ErasureRequest.Status.PENDING)
        .first()
    )
    if request is None:
        return False
    return mail_send_once(
        queryset=ErasureRequest.objects.filter(pk=request.pk),
        flag_field="notified_at",
        template="people/emails/erasure_request",
        to=request.user.email,
        language=request.user.preferred_language,
        context={"user": request.user, "request": request, "now": timezone.now()},
    )
