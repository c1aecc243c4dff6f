"""Background work for people. Tasks take ids and are idempotent; they fetch the row
and call the service (imported in the task's body: services import the tasks)."""

from celery import shared_task
from django.utils import timezone

from core.mail import mail_recipient, mail_send_once
from core.outbox import fan_out_durably
from core.tasks import RETRY_TASK_OPTIONS, TASK_OPTIONS

from .models import ErasureRequest, Handover, User


@shared_task(**RETRY_TASK_OPTIONS)
def user_erase(user_id: int) -> bool:
    """Erase one user's personal data (a second run changes nothing)."""
    from .services import user_erase as erase

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    return erase(user=user)


@shared_task(**TASK_OPTIONS)
def user_erasure_due_process() -> int:
    """Beat: enqueue the erasure of every user whose grace period is over."""
    from .selectors import user_erasure_due_list

    user_ids = user_erasure_due_list()
    fan_out_durably(user_erase, [{"user_id": pk} for pk in user_ids])
    return len(user_ids)


@shared_task(**TASK_OPTIONS)
def positions_expire() -> int:
    """Beat: withdraw the permissions of positions that ended yesterday."""
    from .services import positions_expire as expire

    return expire()


@shared_task(**RETRY_TASK_OPTIONS)
def erasure_request_notify(erasure_request_id: int) -> bool:
    """E-mail the learner that their erasure request was received and when it happens."""
    request = (
        ErasureRequest.objects.select_related("user")
        .filter(pk=erasure_request_id, status=ErasureRequest.Status.PENDING)
        .first()
    )
    recipient = mail_recipient(request.user) if request is not None else None
    if recipient is None:
        return False
    sent = mail_send_once(
        queryset=ErasureRequest.objects.filter(pk=request.pk),
        flag_field="notified_at",
        template="people/emails/erasure_request",
        to=recipient,
        context={"user": request.user, "request": request, "now": timezone.now()},
    )
    return sent > 0


@shared_task(**RETRY_TASK_OPTIONS)
def user_invitations_send(user_ids: list[int]) -> int:
    """Invite imported people to set their password (each once; a retry sends only
    what was not sent)."""
    from .services import user_invitation_send

    sent = 0
    for user in User.objects.filter(pk__in=user_ids, invited_at__isnull=True):
        sent += user_invitation_send(user=user)
    return sent


def _handover_with_people(handover_id: int) -> Handover | None:
    return (
        Handover.objects.select_related("leaver", "successor", "organization")
        .filter(pk=handover_id)
        .first()
    )


def _handover_mail(
    handover: Handover | None, recipient, *, to: str, flag: str, url_name: str
) -> bool:
    """E-mail one side of a hand-over (`to`: the leaver or the successor) once, with
    the address of their page in their language."""
    from django.urls import reverse
    from django.utils import translation

    from core.links import public_url

    if handover is None or recipient is None:
        return False
    person = getattr(handover, to)

    def context(recipient) -> dict:
        with translation.override(recipient.language):
            url = public_url(reverse(url_name, kwargs={"pk": handover.pk}))
        return {"handover": handover, "person": person, "url": url}

    return (
        mail_send_once(
            queryset=Handover.objects.filter(pk=handover.pk),
            flag_field=flag,
            template=f"people/emails/handover_{to}",
            to=recipient,
            context=context,
        )
        > 0
    )


@shared_task(**RETRY_TASK_OPTIONS)
def handover_leaver_notify(handover_id: int) -> bool:
    """Ask the leaver to fill in the hand-over checklist (sent once)."""
    handover = _handover_with_people(handover_id)
    return _handover_mail(
        handover,
        mail_recipient(handover.leaver) if handover else None,
        to="leaver",
        flag="leaver_notified_at",
        url_name="people:handover_checklist",
    )


@shared_task(**RETRY_TASK_OPTIONS)
def handover_successor_notify(handover_id: int) -> bool:
    """Tell the successor where the leaver's notes are (sent once)."""
    handover = _handover_with_people(handover_id)
    successor = handover.successor if handover else None
    return _handover_mail(
        handover,
        mail_recipient(successor) if successor else None,
        to="successor",
        flag="successor_notified_at",
        url_name="people:handover_notes",
    )
