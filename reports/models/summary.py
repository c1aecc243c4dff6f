"""The completion summary: the dashboard's figures counted ahead, by region,
organisation kind, role, course or program and month, so that reading them costs
the same whatever the number of learners. Rebuilt whole by a Celery task
(reports.services.completion_summary_refresh, every few minutes from beat); the
pages say how old it is."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Region

# The dashboard's counts, one column each, in the order reports.selectors'
# DashboardRow lists them.
FIGURES = (
    "learners",
    "assigned",
    "in_progress",
    "completed",
    "overdue",
    "certificates_valid",
    "certificates_expiring",
    "certificates_expired",
    "certificates_revoked",
)


class CompletionFigure(models.Model):
    """One cell of the summary. `role` "" counts everyone whatever their roles; a
    role counts the people holding it in an active position (someone holding two
    roles is in both). A learner row has no course and no month (`learners`);
    an assignment row counts the assignments made in `month` and those completed
    in `month` (`completions`), a certificate row the certificates issued in
    `month`."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    organization_kind = models.CharField(max_length=32, blank=True)
    role = models.CharField(max_length=32, blank=True)
    target_key = models.UUIDField(null=True, blank=True)
    month = models.DateField(null=True, blank=True)
    learners = models.PositiveIntegerField(default=0)
    assigned = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    certificates_valid = models.PositiveIntegerField(default=0)
    certificates_expiring = models.PositiveIntegerField(default=0)
    certificates_expired = models.PositiveIntegerField(default=0)
    certificates_revoked = models.PositiveIntegerField(default=0)
    # Assignments completed in `month` (by the date of completion, not of the
    # assignment): the dashboard's completions a month.
    completions = models.PositiveIntegerField(default=0)
    # Learner-quiz pairs with a submitted attempt, and those with a passing one, of
    # the quizzes of the course `target_key` (a quiz under no course: its own key);
    # counted on rows without a month (the quiz figures of no period).
    quiz_attempted = models.PositiveIntegerField(default=0)
    quiz_passed = models.PositiveIntegerField(default=0)
    # On learner rows: the people cleared for each risk zone ({zone alias: count},
    # certificates' clearance_zone_counts), and those whose role has a training
    # cadence and those of them overdue (scheduling's compliance_list).
    cleared = models.JSONField(default=dict, blank=True)
    cadence_covered = models.PositiveIntegerField(default=0)
    cadence_overdue = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("completion figure")
        verbose_name_plural = _("completion figures")
        indexes = [
            models.Index(
                fields=["role", "target_key", "month"], name="reports_figure_lookup"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.organization_kind}/{self.role}/{self.target_key}/{self.month}"


class SummaryState(models.Model):
    """The one row saying when the summary was last rebuilt (pk 1): its rows are
    the figures as they stood at `refreshed_at`."""

    refreshed_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("summary state")
        verbose_name_plural = _("summary states")

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"
