"""Scheduling's background work. Tasks take ids and are idempotent: each notice is
claimed on its row before it is sent (scheduling.notices)."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY_TASK_OPTIONS, TASK_OPTIONS


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


@shared_task(**TASK_OPTIONS)
def session_reminders_send() -> int:
    """Beat, daily: find the reminders due (7 days and 1 day before a session's
    first day) and send each in a task of its own. Returns the reminders enqueued."""
    from .selectors import registration_list_reminder_due

    due = registration_list_reminder_due()
    for registration_id, kind in due:
        session_reminder.delay(registration_id=registration_id, kind=kind)
    return len(due)


@shared_task(**RETRY_TASK_OPTIONS)
def session_reminder(registration_id: int, kind: str) -> int:
    """Send one reminder ("week" or "day") of a session to a registered person,
    once (its column is claimed before sending)."""
    from .models import Registration
    from .notices import session_reminder_send

    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None:
        return 0
    return session_reminder_send(registration=registration, kind=kind)


@shared_task(**TASK_OPTIONS)
def compliance_overdue_send() -> int:
    """Monthly (beat): one e-mail task per regional admin and region, listing the
    region's overdue people. Returns how many tasks it queued; running it again in
    the same month sends nothing twice (compliance_overdue_notify is once-only)."""
    from django.utils import timezone

    from people.roles import Role
    from people.selectors import position_list_active

    period = timezone.localdate().strftime("%Y-%m")
    pairs = (
        position_list_active()
        .filter(role=Role.REGIONAL_ADMIN, organization__region__isnull=False)
        .values_list("user_id", "organization__region_id")
        .distinct()
    )
    count = 0
    for user_id, region_id in pairs:
        compliance_overdue_notify.delay(
            admin_id=user_id, region_id=region_id, period=period
        )
        count += 1
    return count


@shared_task(**RETRY_TASK_OPTIONS)
def compliance_overdue_notify(admin_id: int, region_id: int, period: str) -> int:
    """E-mail one regional admin their region's overdue people for `period`, once."""
    from people.models import Region, User

    from .services import compliance_overdue_notice_send

    admin = User.objects.filter(pk=admin_id).first()
    region = Region.objects.filter(pk=region_id).first()
    if admin is None or region is None:
        return 0
    return compliance_overdue_notice_send(admin=admin, region=region, period=period)
