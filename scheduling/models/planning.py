"""The yearly plan (rules, public holidays, notices), personal calendar feeds and
the training cadence each role must keep."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.db import BaseModel
from people.models import Region
from people.roles import Role


class PlanRule(BaseModel):
    """How many sessions the yearly plan makes for a region: the national default
    (no region) or a region's own rule."""

    region = models.OneToOneField(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_rule",
        help_text=_("Empty for the national default."),
    )
    intensives_per_quarter = models.PositiveSmallIntegerField(
        _("offline intensives per quarter"),
        default=1,
        validators=[MaxValueValidator(3)],
    )
    intensive_days = models.PositiveSmallIntegerField(
        _("days per intensive"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    online_per_month = models.PositiveSmallIntegerField(
        _("online meetings per month"),
        default=1,
        validators=[MaxValueValidator(4)],
    )
    intensive_capacity = models.PositiveIntegerField(
        _("seats at an intensive"), default=30, validators=[MinValueValidator(1)]
    )
    online_capacity = models.PositiveIntegerField(
        _("seats at an online meeting"), default=100, validators=[MinValueValidator(1)]
    )
    day_starts = models.TimeField(_("day starts (Almaty time)"), default="10:00")
    day_ends = models.TimeField(_("day ends (Almaty time)"), default="17:00")
    online_starts = models.TimeField(
        _("online meeting starts (Almaty time)"), default="15:00"
    )
    online_minutes = models.PositiveSmallIntegerField(
        _("online meeting length, minutes"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    audience_roles = models.JSONField(_("audience: roles"), default=list, blank=True)

    class Meta:
        verbose_name = _("plan rule")
        verbose_name_plural = _("plan rules")
        constraints = [
            # On the region column, NULLs would not clash (SQL's unique indexes
            # treat them as distinct): one row of the whole table has no region.
            models.UniqueConstraint(
                Coalesce("region", 0),
                condition=models.Q(region__isnull=True),
                name="plan_rule_one_national_default",
                violation_error_message=_("There is a national default already."),
            ),
            models.CheckConstraint(
                condition=models.Q(day_ends__gt=models.F("day_starts")),
                name="plan_rule_day_ends_after_start",
                violation_error_message=_("The day must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.region) if self.region_id else str(_("National default"))


class Holiday(models.Model):
    """A public holiday of Kazakhstan (or a day off moved by government decree):
    the yearly plan puts no session on it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"


class PlanNotice(models.Model):
    """That the regional admins of a region (or the national admins, for national
    sessions) were asked to confirm a period's planned sessions: once per period."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    period = models.CharField(_("period"), max_length=10)  # "2027-Q1"
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan notice")
        verbose_name_plural = _("plan notices")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period"], name="plan_notice_one_per_region_period"
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(region__isnull=True),
                name="plan_notice_one_national_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or _('National')} {self.period}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(BaseModel):
    """A person's private iCalendar feed: its URL carries a token the person can
    revoke (a new token replaces it; the old URL then answers 404)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.person)


class CadenceRule(BaseModel):
    """The training cadence a role must keep: an offline intensive within the last
    `intensive_months` months, and a share of the last `online_meetings` monthly
    online meetings of the person's region."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, unique=True)
    intensive_months = models.PositiveSmallIntegerField(
        _("an intensive within (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    online_meetings = models.PositiveSmallIntegerField(
        _("online meetings counted"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    online_share = models.PositiveSmallIntegerField(
        _("share of online meetings to attend, %"),
        default=50,
        validators=[MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["role"]
        verbose_name = _("training cadence rule")
        verbose_name_plural = _("training cadence rules")

    def __str__(self) -> str:
        return self.get_role_display()
