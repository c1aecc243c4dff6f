"""Learning records of enrolment: a learner taking a course, the items they have
done, the programs they have completed (keyed by the pages' translation_key)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.db import BaseModel


class Enrolment(BaseModel):
    """A learner taking a course (identified by the course pages' translation_key)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    last_item_key = models.UUIDField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    completion_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course_key"], name="enrolment_once_per_course"
            ),
            models.CheckConstraint(
                condition=models.Q(status="active", completed_at__isnull=True)
                | models.Q(status="completed", completed_at__isnull=False),
                name="enrolment_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.course_key} {self.status}"


class ItemProgress(BaseModel):
    """One item done within an enrolment; the only table progress lives in."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="item_progress"
    )
    item_key = models.UUIDField()
    completed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("item progress")
        verbose_name_plural = _("item progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "item_key"], name="item_progress_once_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.item_key}"


class ProgramCompletion(BaseModel):
    """A learner has completed every course of a program."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="program_completions",
    )
    program_key = models.UUIDField()
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "program_key"], name="program_completion_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.program_key}"
