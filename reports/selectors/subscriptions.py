"""Scheduled reports: a person's subscriptions, the periods they are sent for and
which are due."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ..models import ReportDelivery, ReportFrequency, ReportSubscription

if TYPE_CHECKING:
    from people.models import User


def report_period(*, frequency: str, day: datetime.date) -> str:
    """The period `day` falls in: its ISO week ("2026-W49") for a weekly
    subscription, its month ("2026-12") for a monthly one."""
    if frequency == ReportFrequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day:%Y-%m}"


def report_period_start(period: str) -> datetime.date:
    """The first day of a period: the Monday of an ISO week, the 1st of a month."""
    if "-W" in period:
        year, week = (int(part) for part in period.split("-W"))
        return datetime.date.fromisocalendar(year, week, 1)
    year, month = (int(part) for part in period.split("-"))
    return datetime.date(year, month, 1)


def report_subscription_list(
    *, user: User, active: bool = True
) -> QuerySet[ReportSubscription]:
    """`user`'s subscriptions, oldest first: the active ones, or all (cancelled
    ones too) with `active=False`."""
    subscriptions = ReportSubscription.objects.filter(user=user)
    if active:
        subscriptions = subscriptions.filter(cancelled_at__isnull=True)
    return subscriptions.order_by("created_at", "pk")


def report_subscription_list_due(*, day: datetime.date) -> list[tuple[int, str]]:
    """(subscription id, period) of the active subscriptions whose report for the
    period `day` falls in is not sent yet: weekly ones from Monday, monthly ones
    from the 1st, and on the days after if a run was missed. A subscription made
    during a period waits for the next (the first report comes on the next Monday
    or 1st). One query per frequency."""
    due = []
    for frequency in ReportFrequency:
        period = report_period(frequency=frequency, day=day)
        start = timezone.make_aware(
            datetime.datetime.combine(report_period_start(period), datetime.time())
        )
        sent = ReportDelivery.objects.filter(
            subscription=OuterRef("pk"), period=period, sent_at__isnull=False
        )
        ids = (
            ReportSubscription.objects.filter(
                frequency=frequency, cancelled_at__isnull=True, created_at__lt=start
            )
            .filter(~Exists(sent))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        due += [(pk, period) for pk in ids]
    return due


def report_subscription_data_export(*, user: User) -> list[dict]:
    """`user`'s subscriptions and the reports sent, for their personal data export."""
    subscriptions = report_subscription_list(user=user, active=False).prefetch_related(
        "deliveries"
    )
    return [
        {
            "report": subscription.report,
            "filters": subscription.query,
            "frequency": subscription.frequency,
            "created_at": subscription.created_at.isoformat(),
            "cancelled_at": subscription.cancelled_at.isoformat()
            if subscription.cancelled_at
            else None,
            "sent": [
                {"period": d.period, "sent_at": d.sent_at.isoformat()}
                for d in sorted(subscription.deliveries.all(), key=lambda d: d.period)
                if d.sent_at is not None
            ],
        }
        for subscription in subscriptions
    ]
