"""The reports' background work: the summary rebuilt every few minutes, the
targets' daily snapshots, and scheduled reports, found due daily by beat and sent one
task per subscription. Tasks take ids and are idempotent (a period's report is
claimed on its delivery row before it is sent)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from core.mail import mail_recipient
from core.outbox import fan_out_durably
from core.tasks import RETRY_TASK_OPTIONS, TASK_OPTIONS

from .models import ReportSubscription, Target
from .selectors import report_subscription_list_due


@shared_task(**TASK_OPTIONS)
def report_subscriptions_send(day: str = "") -> int:
    """Beat, daily: the subscriptions whose report of the current period is not sent
    yet (weekly ones from Monday, monthly ones from the 1st, catching up a missed
    day), each sent in a task of its own. `day` (ISO date) runs it as on that day;
    by default today. Returns the tasks enqueued."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    due = report_subscription_list_due(day=today)
    fan_out_durably(
        report_subscription_send,
        [{"subscription_id": pk, "period": period} for pk, period in due],
    )
    return len(due)


@shared_task(**RETRY_TASK_OPTIONS)
def report_subscription_send(subscription_id: int, period: str) -> int:
    """E-mail one subscription's report of `period` to its subscriber, once, limited
    to their scope at sending (no rights left: the subscription is cancelled)."""
    from .services import report_subscription_deliver

    subscription = (
        ReportSubscription.objects.select_related("user")
        .filter(pk=subscription_id, cancelled_at__isnull=True)
        .first()
    )
    if subscription is None:
        return 0
    return report_subscription_deliver(
        subscription=subscription,
        period=period,
        recipient=mail_recipient(subscription.user),
    )


@shared_task(**TASK_OPTIONS)
def completion_summary_refresh() -> int:
    """Beat, every few minutes (and on an admin's "Count again"): rebuild the
    completion summary; returns its number of rows. Two at once take turns."""
    from .services import completion_summary_refresh as refresh

    return refresh().rows


@shared_task(**TASK_OPTIONS)
def target_snapshots_record(target_ids: list[int] | None = None) -> int:
    """Record today's figures of the targets `target_ids` (None, as beat runs it
    daily: every target due at most SNAPSHOT_DAYS_AFTER_DUE days ago). Idempotent:
    a second run the same day rewrites the same rows. Returns how many."""
    from .selectors import target_list_to_snapshot
    from .services import target_snapshots_record as record

    if target_ids is None:
        targets = target_list_to_snapshot()
    else:
        targets = Target.objects.filter(pk__in=target_ids)
    return record(targets=list(targets))
