"""Assigned learning: a course or program a person must do, and the rules that
assign it when someone takes up a position."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Page

from core.db import BaseModel
from people.models import OrganizationKind, Region
from people.roles import Role

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
    """Assign a course or program automatically when someone takes up a position."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=Role.choices,
        blank=True,
        help_text=_("Empty: any role."),
    )
    organization_kind = models.CharField(
        _("organisation kind"),
        max_length=32,
        choices=OrganizationKind.choices,
        blank=True,
        help_text=_("Empty: any kind of organisation."),
    )
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
    due_in_days = models.PositiveSmallIntegerField(
        _("due in (days)"), default=30, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organization_kind"),
        FieldPanel("region"),
        PageChooserPanel(
            "target", page_type=["courses.CoursePage", "courses.ProgramPage"]
        ),
        FieldPanel("due_in_days"),
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
