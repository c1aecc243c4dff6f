"""That a regional admin got the month's list of overdue people of their region:
once per admin, region and month (a constraint, not a check)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Region


class ComplianceNotice(models.Model):
    """The monthly e-mail of the overdue people of a region to one of its admins.
    The row is made first; core.mail.mail_send_once claims `sent_at`."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("month"), max_length=7)  # "2027-03"
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("training cadence notice")
        verbose_name_plural = _("training cadence notices")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "region", "period"],
                name="compliance_notice_one_per_admin_region_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.region} {self.period}"
