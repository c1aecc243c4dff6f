"""Assigned learning: a course or program a person must do, the rules (audiences)
that assign it to the people whose positions and age match, and the admins' nudges
of overdue learners."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Page

from core.db import BaseModel
from people.models import Region, audience_kind_field, audience_role_field

from .curriculum import CoursePage, ProgramPage


class Assignment(BaseModel):
    """Learning a person must do (a course or a whole program), with a due date."""

    class TargetKind(models.TextChoices):
        COURSE = "course", _("Course")
        PROGRAM = "program", _("Program")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    target_kind = models.CharField(max_length=16, choices=TargetKind.choices)
    target_key = models.UUIDField()
    due_date = models.DateField(_("due date"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rule = models.ForeignKey(
        "courses.AssignmentRule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)
    # Set when the person left the audience of the rule that assigned it: the learning
    # is no longer required (no due date shown, no reminders), and what they did stays.
    withdrawn_at = models.DateTimeField(
        _("no longer required since"), null=True, blank=True
    )

    class Meta:
        ordering = ["due_date", "created_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "target_key"], name="assignment_once_per_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.target_kind} {self.target_key}"


class AssignmentRule(BaseModel):
    """An audience (role, organisation kind, region, minimum age, when the position
    started) and what it must learn by when: applied when someone's position or
    profile changes and when the rule is saved (courses.services.audiences)."""

    class DueFrom(models.TextChoices):
        POSITION_START = "position_start", _("the position starts")
        RULE_CREATED = "rule_created", _("the rule is created")

    name = models.CharField(_("name"), max_length=200)
    role = audience_role_field()
    organization_kind = audience_kind_field()
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every region."),
    )
    target = models.ForeignKey(
        Page,
        verbose_name=_("course or program"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: any age. People whose date of birth is unknown do not match."
        ),
    )
    started_from = models.DateField(
        _("position started on or after"), null=True, blank=True
    )
    started_until = models.DateField(
        _("position started on or before"), null=True, blank=True
    )
    due_in_days = models.PositiveSmallIntegerField(
        _("due in (days)"), default=30, validators=[MinValueValidator(1)]
    )
    due_from = models.CharField(
        _("counted from"),
        max_length=16,
        choices=DueFrom.choices,
        default=DueFrom.POSITION_START,
        help_text=_(
            "Days after the person's position starts, or after the rule is created "
            "(for people already in post)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organization_kind"),
        FieldPanel("region"),
        FieldPanel("min_age"),
        FieldPanel("started_from"),
        FieldPanel("started_until"),
        PageChooserPanel(
            "target", page_type=["courses.CoursePage", "courses.ProgramPage"]
        ),
        FieldPanel("due_in_days"),
        FieldPanel("due_from"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.target_id is not None:
            target_class = self.target.specific_class
            if target_class is None or not issubclass(
                target_class, CoursePage | ProgramPage
            ):
                raise ValidationError({"target": _("Choose a course or a program.")})
        if (
            self.started_from
            and self.started_until
            and self.started_from > self.started_until
        ):
            raise ValidationError(
                {"started_until": _("This date is before the other one.")}
            )


class AssignmentNudge(BaseModel):
    """An admin's reminder to a person about their overdue learning: at most one a
    person a day (the constraint is the rule; courses.services.assignment_nudge)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignment_nudges",
    )
    day = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder of overdue learning")
        verbose_name_plural = _("reminders of overdue learning")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "day"], name="assignment_nudge_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.day}"
