"""Training sessions and their days, and the course item done by attending one."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.db import BaseModel
from core.richtext import RICH_TEXT_FEATURES
from courses.models import CourseItemPage
from people.models import Region


class SessionKind(models.TextChoices):
    INTENSIVE = "intensive", _("Offline intensive")
    ONLINE = "online", _("Online meeting")
    WORKSHOP = "workshop", _("Workshop")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


class TrainingSession(BaseModel):
    """A training session of a region (or a national one): its days, venue or
    meeting link, capacity, audience and trainers. Django already has a "Session"."""

    Kind = SessionKind
    Status = SessionStatus

    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    title_ru = models.CharField(_("session title (Russian)"), max_length=200)
    title_kk = models.CharField(_("session title (Kazakh)"), max_length=200, blank=True)
    title_en = models.CharField(
        _("session title (English)"), max_length=200, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    # The course or program the session belongs to, by its language-independent
    # identity (the page's translation_key), as enrolments are.
    course_key = models.UUIDField(
        _("course or program"), null=True, blank=True, db_index=True
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        help_text=_("Empty for a national session."),
    )
    audience_roles = models.JSONField(
        _("audience: roles"),
        default=list,
        blank=True,
        help_text=_("Roles the session is for; empty: everyone."),
    )
    audience_organization_kinds = models.JSONField(
        _("audience: organisation kinds"),
        default=list,
        blank=True,
        help_text=_("Organisation kinds the session is for; empty: any."),
    )
    venue = models.TextField(_("venue address"), blank=True)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), default=30, validators=[MinValueValidator(1)]
    )
    waitlist = models.BooleanField(
        _("waitlist when full"),
        default=True,
        help_text=_("When the seats are taken, later sign-ups wait for a free seat."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SessionStatus.choices,
        default=SessionStatus.DRAFT,
        db_index=True,
    )
    approval_required = models.BooleanField(
        _("sign-up needs the regional admin's approval"), default=False
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="training_sessions_trained",
    )
    # iCalendar SEQUENCE: raised by every change learners are told about.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Set on sessions the yearly plan made: the plan's slot ("2027-Q1-intensive-1",
    # "2027-01-online-1"). One session per region and slot, however often it runs.
    plan_slot = models.CharField(max_length=40, blank=True, editable=False)
    cancelled_reason = models.TextField(_("reason for cancelling"), blank=True)
    starts_at = models.DateTimeField(
        _("starts"), null=True, blank=True, editable=False, db_index=True
    )
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "plan_slot"],
                condition=~models.Q(plan_slot="") & models.Q(region__isnull=False),
                name="session_one_per_region_plan_slot",
            ),
            models.UniqueConstraint(
                fields=["plan_slot"],
                condition=~models.Q(plan_slot="") & models.Q(region__isnull=True),
                name="session_one_national_per_plan_slot",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="session_capacity_positive"
            ),
        ]
        permissions = [
            ("manage_trainingsession", _("Can manage training sessions in scope")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"title_{language}", "") or self.title_ru

    @property
    def is_online(self) -> bool:
        return self.kind == SessionKind.ONLINE


class SessionDay(models.Model):
    """One day of a session, with its start and end (kept in UTC, shown in
    Asia/Almaty); `date` is the day in Almaty."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    date = models.DateField(_("date"), db_index=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date"], name="session_day_unique_date"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_day_ends_after_start",
                violation_error_message=_("A day must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.date.isoformat()}"


class SessionAttendancePage(CourseItemPage):
    """A course item done by attending every day of a session that belongs to the
    course (blended learning): the learner registers here, a trainer marks them
    present, and the item completes through courses.services.item_complete."""

    body = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    session_kind = models.CharField(
        _("kind of session"),
        max_length=16,
        choices=SessionKind.choices,
        blank=True,
        help_text=_("Only sessions of this kind count; empty: any kind."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        FieldPanel("session_kind"),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("attend a session")
        verbose_name_plural = _("attend a session items")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import session_list_for_item

        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = session_list_for_item(
            course_key=context["course"].translation_key,
            kind=self.session_kind,
            person=request.user,
        )
        return context
