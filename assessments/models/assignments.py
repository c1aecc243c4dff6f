"""Assignments reviewed by a mentor (a course item), and learners' submissions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from core.db import BaseModel
from core.richtext import RICH_TEXT_FEATURES
from core.storage import private_storage
from core.uploads import KINDS, unknown_extensions
from courses.models import CourseItemPage

from ..blocks import CriterionBlock

# Files are checked by content (core.uploads): a type without such a check is refused.
MSG_EXTENSIONS_UNKNOWN = _(
    "Files of these types cannot be checked and are not accepted: %(unknown)s. "
    "Types accepted: %(known)s."
)


class AssignmentPageForm(WagtailAdminPageForm):
    """The editor's form: only file types whose content can be checked."""

    def clean_allowed_extensions(self):
        value = self.cleaned_data["allowed_extensions"]
        unknown = unknown_extensions(
            e.strip().lstrip(".") for e in value.split(",") if e.strip()
        )
        if unknown:
            raise ValidationError(
                MSG_EXTENSIONS_UNKNOWN,
                code="unknown",
                params={
                    "unknown": ", ".join(unknown),
                    "known": ", ".join(sorted(KINDS)),
                },
            )
        return value


class AssignmentPage(CourseItemPage):
    """Work a learner submits (text and/or files) and a mentor reviews against a
    rubric. Accepted by the mentor, it records the item done."""

    class TextAnswer(models.TextChoices):
        NONE = "none", _("No text answer")
        OPTIONAL = "optional", _("Optional")
        REQUIRED = "required", _("Required")

    instructions = RichTextField(_("instructions"), features=RICH_TEXT_FEATURES)
    rubric = StreamField(
        [("criterion", CriterionBlock())],
        verbose_name=_("rubric"),
        blank=True,
        help_text=_("The criteria the mentor scores, each with its levels and points."),
    )
    text_answer = models.CharField(
        _("text answer"),
        max_length=16,
        choices=TextAnswer.choices,
        default=TextAnswer.OPTIONAL,
    )
    allowed_extensions = models.CharField(
        _("accepted file types"),
        max_length=200,
        blank=True,
        default="pdf,doc,docx,odt,rtf,txt,xls,xlsx,ods,jpg,jpeg,png",
        help_text=_("File extensions separated by commas. Empty: no files."),
    )
    max_file_mb = models.PositiveSmallIntegerField(
        _("largest file (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_files = models.PositiveSmallIntegerField(
        _("number of files"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        FieldPanel("instructions"),
        FieldPanel("rubric"),
        MultiFieldPanel(
            [
                FieldPanel("text_answer"),
                FieldPanel("allowed_extensions"),
                FieldPanel("max_file_mb"),
                FieldPanel("max_files"),
            ],
            heading=_("What the learner submits"),
        ),
    ]
    base_form_class = AssignmentPageForm
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        # "assignment" alone is courses' assigned learning; this is work to hand in.
        verbose_name = pgettext_lazy("work to hand in", "assignment")
        verbose_name_plural = pgettext_lazy("work to hand in", "assignments")

    @property
    def extensions(self) -> list[str]:
        return [
            e.strip().lower().lstrip(".")
            for e in self.allowed_extensions.split(",")
            if e.strip()
        ]

    @path("")
    def index(self, request):
        from ..views.assignments import assignment_index

        return assignment_index(request, assignment=self)

    @path("submit/", name="submit")
    def submit(self, request):
        from ..views.assignments import assignment_submit

        return assignment_submit(request, assignment=self)

    @re_path(r"^files/(?P<file_id>\d+)/$", name="file")
    def file(self, request, file_id):
        from ..views.assignments import submission_file

        return submission_file(request, assignment=self, file_id=int(file_id))


class Submission(BaseModel):
    """One version of a learner's work on an assignment (keyed by translation_key).
    A returned submission stays as history; the learner submits a new version."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    assignment_key = models.UUIDField(_("assignment"), db_index=True)
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.SUBMITTED,
    )
    text = models.TextField(_("answer"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    rubric_scores = models.JSONField(
        default=dict, blank=True, help_text="criterion block id -> level index"
    )
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    max_score = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    submit_notified_at = models.DateTimeField(null=True, blank=True)
    review_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "assignment_key", "version"],
                name="submission_version_unique",
            ),
            models.UniqueConstraint(
                fields=["learner", "assignment_key"],
                condition=models.Q(status="submitted"),
                name="submission_one_awaiting_review",
            ),
            models.UniqueConstraint(
                fields=["learner", "assignment_key"],
                condition=models.Q(status="accepted"),
                name="submission_one_accepted",
            ),
            models.CheckConstraint(
                condition=models.Q(status="submitted")
                | models.Q(reviewed_at__isnull=False),
                name="submission_reviewed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.assignment_key} v{self.version} {self.status}"


def _submission_upload_to(instance: SubmissionFile, filename: str) -> str:
    # The stored name is random: the original name is kept in a field, never trusted as
    # a path.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"submissions/{instance.submission.learner_id}/{uuid.uuid4().hex}.{extension}"
    )


class SubmissionFile(BaseModel):
    """A file attached to a submission, stored privately."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        storage=private_storage, upload_to=_submission_upload_to, max_length=300
    )
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")

    def __str__(self) -> str:
        return self.name
