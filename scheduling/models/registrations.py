"""Who signed up for a session (seats, waitlist, approval) and who came."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.db import BaseModel

from .sessions import SessionDay, TrainingSession


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
    # The acknowledgement of a sign-up awaiting approval (its own flag: the
    # confirmation follows when the request is approved).
    request_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
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
