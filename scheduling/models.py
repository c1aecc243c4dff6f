"""Training sessions (quarterly offline intensives, monthly online meetings,
workshops), their days, registrations with a waitlist, attendance, the yearly plan
rules, public holidays, personal calendar feeds and the training-cadence rules."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.db import BaseModel
from core.richtext import RICH_TEXT_FEATURES
from courses.models import CourseItemPage
from people.models import OrganizationKind, Region
from people.roles import Role


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
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
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


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")


ACTIVE_REGISTRATION = ["pending", "registered", "waitlisted"]


class Registration(BaseModel):
    """A person's place at a session: registered (holding a numbered seat),
    waitlisted (in arrival order), awaiting approval, cancelled or refused.

    The database keeps the seats: a registered row holds a seat number from 1 to
    the capacity, unique per session, taken under a lock of the session row."""

    Status = RegistrationStatus

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="session_registrations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices
    )
    seat = models.PositiveIntegerField(_("seat"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Once-only e-mails (core.mail.mail_send_once claims these).
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    promotion_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_week_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The session's SEQUENCE the person was last told about (change notices).
    notified_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=models.Q(status__in=ACTIVE_REGISTRATION),
                name="registration_one_active_per_person",
                violation_error_message=_(
                    "This person is already registered for this session."
                ),
            ),
            models.UniqueConstraint(
                fields=["session", "seat"], name="registration_seat_unique"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="registered", seat__isnull=False, seat__gte=1)
                    | (~models.Q(status="registered") & models.Q(seat__isnull=True))
                ),
                name="registration_seat_iff_registered",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"


class AttendanceMark(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(BaseModel):
    """Whether a person was at one day of a session. One row per person and day;
    a re-sent mark updates it (the later mark wins), never adds a second."""

    Mark = AttendanceMark

    class Source(models.TextChoices):
        LIST = "list", _("Trainer's list")
        CHECK_IN = "check_in", _("Self check-in")
        SHEET = "sheet", _("Sign-in sheet")

    day = models.ForeignKey(
        SessionDay,
        verbose_name=_("day"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="session_attendance",
    )
    mark = models.CharField(_("mark"), max_length=8, choices=AttendanceMark.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the mark was made (on the trainer's phone, perhaps offline, hours before
    # it reached the server): a mark older than the one kept does not replace it.
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        ordering = ["day", "person"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "person"], name="attendance_one_per_person_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.day}: {self.get_mark_display()}"


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


__all__ = [
    "ACTIVE_REGISTRATION",
    "Attendance",
    "AttendanceMark",
    "CadenceRule",
    "CalendarFeed",
    "Holiday",
    "OrganizationKind",
    "PlanNotice",
    "PlanRule",
    "Registration",
    "RegistrationStatus",
    "SessionAttendancePage",
    "SessionDay",
    "SessionKind",
    "SessionStatus",
    "TrainingSession",
]
