"""Per-region targets that national admins set ("80 % of RFO staff through onboarding
by 30 June") and their daily snapshots of the actual figures, the trend."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.db import BaseModel
from people.models import Region, audience_kind_field, audience_role_field


class Target(BaseModel):
    """A share of the assigned learning of one course or program (its translation_key)
    that the learners of a region, optionally of an organisation kind or holding a
    role, are to have completed by a due date."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    target_key = models.UUIDField(_("course or program"))
    organization_kind = audience_kind_field()
    role = audience_role_field()
    percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format  # noqa: ERA001
        _("target (% completed)"),
        help_text=_("The share of the assigned learning completed, 1 to 100."),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["due_date", "title", "pk"]
        verbose_name = pgettext_lazy("a completion target", "target")
        verbose_name_plural = pgettext_lazy("completion targets", "targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__gte=1, percent__lte=100),
                name="target_percent_1_to_100",
                violation_error_message=_("A target is between 1 and 100 %."),
            ),
            models.UniqueConstraint(
                fields=[
                    "region",
                    "target_key",
                    "organization_kind",
                    "role",
                    "due_date",
                ],
                name="target_once_per_region_and_audience",
                violation_error_message=_(
                    "This region already has a target for this course, audience and "
                    "due date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.region_id}, {self.percent} %)"


class TargetSnapshot(models.Model):
    """The actual figures of a target on one day: its assignments and how many of
    them were completed (one row a target a day)."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="snapshots"
    )
    day = models.DateField()
    assigned = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["target", "day"]
        verbose_name = _("target snapshot")
        verbose_name_plural = _("target snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "day"], name="target_snapshot_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.day}: {self.completed}/{self.assigned}"

    @property
    def percent(self) -> float | None:
        """Completed out of assigned, in % (None when nothing is assigned)."""
        return 100 * self.completed / self.assigned if self.assigned else None
