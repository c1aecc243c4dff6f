"""Scheduled reports: an admin's subscription to a report with its filters, weekly
or monthly, and the deliveries sent (one per subscription and period)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.db import BaseModel


class ReportKind(models.TextChoices):
    """The reports one may subscribe to, by name (reports.kinds says how each is
    filtered and built)."""

    COMPLETION = "completion", _("Completion by region")


class ReportFrequency(models.TextChoices):
    """How often a report comes: weekly on Mondays, monthly on the 1st."""

    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class ReportSubscription(BaseModel):
    """An admin's wish to receive a report by e-mail (XLSX), weekly on Mondays or
    monthly on the 1st, with the filters of `query` (the report page's querystring,
    normalised). Cancelled, it stays as a record; one active subscription per
    user, report, filters and frequency."""

    Kind = ReportKind
    Frequency = ReportFrequency

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    report = models.CharField(_("report"), max_length=32, choices=ReportKind.choices)
    query = models.CharField(_("filters"), max_length=500, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=ReportFrequency.choices
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "report", "query", "frequency"],
                condition=models.Q(cancelled_at__isnull=True),
                name="report_subscription_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.report}?{self.query} {self.frequency}"


class ReportDelivery(models.Model):
    """One period's report of a subscription ("2026-W49", "2026-12"): the row is
    made first, unique per subscription and period, then `sent_at` is claimed by
    core.mail.mail_send_once, so a period's report is sent at most once."""

    subscription = models.ForeignKey(
        ReportSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    period = models.CharField(_("period"), max_length=8)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period"],
                name="report_delivery_one_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.period}"
