"""Scheduling's background work. Tasks take ids and are idempotent: each notice is
claimed on its row before it is sent (scheduling.notices)."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY_TASK_OPTIONS


@shared_task(**RETRY_TASK_OPTIONS)
def registration_notice(registration_id: int, event: str) -> int:
    """Tell a person what became of their registration (registered, waitlisted,
    awaiting approval, promoted, refused, cancelled by an admin), once."""
    from .models import Registration
    from .notices import registration_notice_send

    registration = (
        Registration.objects.select_related("session", "person")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return 0
    return registration_notice_send(registration=registration, event=event)


@shared_task(**RETRY_TASK_OPTIONS)
def session_notice(session_id: int) -> int:
    """Tell everyone registered for a session of its change or cancellation, once
    per change."""
    from .models import TrainingSession
    from .notices import session_notice_send

    session = TrainingSession.objects.filter(pk=session_id).first()
    if session is None:
        return 0
    return session_notice_send(session=session)
