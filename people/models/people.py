"""People: users (e-mail login), regions, organisations, positions, consent and erasure."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.db import BaseModel

from ..roles import Role


class Region(models.Model):
    """One of the 20 first-level units of Kazakhstan (ISO 3166-2:KZ)."""

    class Kind(models.TextChoices):
        REGION = "region", pgettext_lazy("kind of region", "Region")
        CITY = (
            "city",
            pgettext_lazy("kind of region", "City of republican significance"),
        )

    iso_code = models.CharField(_("ISO code"), max_length=6, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    admin_centre = models.CharField(
        _("administrative centre"), max_length=100, blank=True
    )

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"name_{language}", None) or self.name_ru


class OrganizationKind(models.TextChoices):
    NATIONAL_OFFICE = "national_office", _("National volunteer front office")
    REGIONAL_FRONT_OFFICE = (
        "regional_front_office",
        _("Regional volunteer front office"),
    )
    YOUTH_RESOURCE_CENTRE = "youth_resource_centre", _("Youth resource centre")
    AKIMAT_DEPARTMENT = "akimat_department", _("Akimat department")
    VOLUNTEER_NGO = "volunteer_ngo", _("Volunteer NGO")
    INITIATIVE_GROUP = "initiative_group", _("Initiative group")
    OTHER = "other", _("Other")


class Organization(BaseModel):
    """A place people hold positions in: a front office, youth centre, akimat, NGO, group."""

    Kind = OrganizationKind

    name = models.CharField(_("name (Russian)"), max_length=255)
    name_kk = models.CharField(
        _("name (Kazakh)"),
        max_length=255,
        blank=True,
        help_text=_("Empty: pages in this language show the Russian name."),
    )
    name_en = models.CharField(
        _("name (English)"),
        max_length=255,
        blank=True,
        help_text=_("Empty: pages in this language show the Russian name."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text=_("Empty only for the national office."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="national_office")
                | models.Q(region__isnull=False),
                name="organization_region_required_unless_national",
                violation_error_message=_(
                    "Every organisation but the national office has a region."
                ),
            ),
            models.UniqueConstraint(
                Lower("name"), "region", name="organization_unique_name_per_region"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, else the Russian one (`name`)."""
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"name_{language}", None) or self.name

    @property
    def names(self) -> list[str]:
        """Every name the organisation goes by (the Russian one first)."""
        return [name for name in (self.name, self.name_kk, self.name_en) if name]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person using the platform. The e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    organization_kind = models.CharField(
        _("organisation kind"),
        max_length=32,
        choices=OrganizationKind.choices,
        blank=True,
        help_text=_("Empty for a volunteer who is not part of an organisation."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("Lets the user into the technical Django admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True
    )
    # Set when the invitation of an imported person was sent (core.mail.mail_send_once
    # claims it, so it is sent once).
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    # The policy version of the person's latest consent: a copy of their ConsentRecord
    # (people.services.consent_record keeps it), read by the consent gate
    # (people.middleware) on every page with the user, without a query.
    consent_policy_version = models.CharField(
        _("personal data policy version consented to"),
        max_length=20,
        blank=True,
        editable=False,
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("import_user", _("Can import people from a file")),
            (
                "register_minor",
                _("Can register a child under 14 with a guardian's consent"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def age_on(self, day: datetime.date) -> int | None:
        """Whole years of age on `day`, or None when the date of birth is unknown."""
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Position(BaseModel):
    """Who holds which role in which organisation, from when to when."""

    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(
        _("job title"),
        max_length=200,
        blank=True,
        help_text=_("As in the appointment order."),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="position_ends_after_start",
                violation_error_message=_("A position cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=models.Q(end_date__isnull=True),
                name="position_one_open_per_role",
                violation_error_message=_("This person already holds this role here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organization}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (
            self.end_date is None or self.end_date >= day
        )


class ConsentRecord(BaseModel):
    """A consent to personal-data processing, tied to the policy version it was given for."""

    class Purpose(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("Processing of personal data")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    policy_version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)
    given_by_guardian = models.BooleanField(default=False)
    guardian_name = models.CharField(max_length=200, blank=True)
    # The admin who recorded a guardian's written consent (a child under 14 is
    # registered by an admin); empty when the person consented on the site.
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose", "policy_version"],
                name="consent_once_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} {self.policy_version}"


class ErasureRequest(BaseModel):
    """A learner's request to delete their personal data, carried out after a grace period."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    due_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="erasure_one_pending_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status}"
