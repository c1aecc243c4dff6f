"""The reports' state changes: scheduled reports (subscribe, cancel, deliver a
period's report by e-mail) and the erasure of a person's subscriptions."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import public_url
from core.mail import Recipient, mail_send_once

from ..kinds import (
    REPORTS,
    report_filter_form,
    report_query_describe,
    report_query_normalise,
    report_url,
)
from ..models import ReportDelivery, ReportFrequency, ReportKind, ReportSubscription
from ..selectors import can_view_reports, report_period_start
from ..tables import XLSX, xlsx_bytes

if TYPE_CHECKING:
    from people.models import User

logger = logging.getLogger(__name__)

MSG_REPORT_UNKNOWN = _("There is no such report.")
MSG_FREQUENCY_UNKNOWN = _("Choose weekly or monthly.")
MSG_FILTERS_INVALID = _(
    "The report's filters are not valid. Correct them above, then subscribe again."
)


def report_subscription_create(
    *, user: User, report: str, query: str, frequency: str
) -> tuple[ReportSubscription, bool]:
    """Subscribe `user` to a report with the filters of `query` (validated by the
    report's filter form against the user's scope, stored normalised), weekly or
    monthly. A second submit of the same report, filters and frequency returns the
    active subscription (the database allows one). Returns it and whether it is new.
    Raises PermissionDenied unless the user may view reports."""
    if not can_view_reports(user=user):
        raise PermissionDenied
    if report not in REPORTS:
        raise ValidationError({"report": MSG_REPORT_UNKNOWN}, code="report")
    if frequency not in ReportFrequency.values:
        raise ValidationError({"frequency": MSG_FREQUENCY_UNKNOWN}, code="frequency")
    form = report_filter_form(report=report, query=query, viewer=user)
    if not form.is_valid():
        raise ValidationError({"query": MSG_FILTERS_INVALID}, code="filters")
    fields = {
        "user": user,
        "report": report,
        "query": report_query_normalise(form),
        "frequency": frequency,
    }
    active = ReportSubscription.objects.filter(**fields, cancelled_at__isnull=True)
    existing = active.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return ReportSubscription.objects.create(**fields), True
    except IntegrityError:  # the same submit, a moment earlier
        return active.get(), False


def report_subscription_cancel(*, subscription: ReportSubscription) -> bool:
    """Cancel a subscription (no more e-mails of it). Idempotent: returns whether
    this call cancelled it."""
    now = timezone.now()
    cancelled = ReportSubscription.objects.filter(
        pk=subscription.pk, cancelled_at__isnull=True
    ).update(cancelled_at=now, updated_at=now)
    if cancelled:
        subscription.cancelled_at = now
    return bool(cancelled)


def _delivery_claim(subscription: ReportSubscription, period: str) -> ReportDelivery:
    try:
        with transaction.atomic():
            delivery, _created = ReportDelivery.objects.get_or_create(
                subscription=subscription, period=period
            )
    except IntegrityError:  # made at the same moment by another run
        delivery = ReportDelivery.objects.get(subscription=subscription, period=period)
    return delivery


def report_subscription_deliver(
    *, subscription: ReportSubscription, period: str, recipient: Recipient | None
) -> int:
    """E-mail the subscriber the report of `period` ("2026-W49", "2026-12") as an
    XLSX attachment, once: the delivery row (unique per subscription and period) is
    made first, its `sent_at` claimed by mail_send_once. The subscriber's rights are
    read at sending: without them the subscription is cancelled and nothing sent;
    with them the report covers their scope of that moment (a region filter outside
    it gives no rows). Filters that no longer validate (a course taken off the
    catalogue) send nothing; the next daily run tries again. Returns e-mails sent."""
    delivery = _delivery_claim(subscription, period)
    if delivery.sent_at is not None:
        return 0
    user = subscription.user
    if not can_view_reports(user=user):
        report_subscription_cancel(subscription=subscription)
        logger.info("report subscription %s cancelled: no rights", subscription.pk)
        return 0
    if recipient is None:
        return 0
    report = REPORTS[subscription.report]
    form = report_filter_form(
        report=subscription.report, query=subscription.query, viewer=user, scoped=False
    )
    if not form.is_valid():
        logger.warning(
            "report subscription %s: filters no longer valid: %s",
            subscription.pk,
            form.errors.as_json(),
        )
        return 0
    table = report.build(viewer=user, filters=form.filters())
    ReportDelivery.objects.filter(pk=delivery.pk).update(rows=table.rows)
    start = report_period_start(period)

    def context(recipient: Recipient) -> dict:
        return {
            "person": user,
            "title": ReportKind(subscription.report).label,
            "weekly": subscription.frequency == ReportFrequency.WEEKLY,
            "period_start": start,
            "report_filters": report_query_describe(
                form=report_filter_form(
                    report=subscription.report, query="", viewer=user, scoped=False
                ),
                query=subscription.query,
            ),
            "report_rows": table.rows,
            "report_url": public_url(report_url(subscription)),
            "subscriptions_url": public_url(reverse("reports:subscriptions")),
        }

    def attachments(recipient: Recipient) -> list:
        content = xlsx_bytes(table.table())
        return [(f"{report.filename}-{period}.xlsx", content, XLSX)]

    return mail_send_once(
        queryset=ReportDelivery.objects.filter(pk=delivery.pk),
        flag_field="sent_at",
        template="reports/emails/subscription_report",
        to=recipient,
        context=context,
        attachments=attachments,
    )


def report_subscription_personal_data_erase(*, user: User) -> int:
    """Inside people's erasure transaction: the person's subscriptions go, with the
    record of the reports sent. Returns how many subscriptions were deleted."""
    _total, by_model = ReportSubscription.objects.filter(user=user).delete()
    return by_model.get(ReportSubscription._meta.label, 0)
