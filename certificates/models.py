"""Certificates: what is issued for completing a course or program, how it looks, how
long it is valid, and the clearance for risk zones that certificates add up to.

A certificate is keyed by the certified page's translation_key (course or program), so
it does not depend on the language the learner studied in. Its holder name, title and
hours are copied at issue: the document says what was true on the day it was issued.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable

from core.db import BaseModel
from core.storage import private_storage

LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]

# Page types the rules may point at (app_label.ModelName: no import of the apps).
CERTIFIED_PAGE_TYPES = {"courses.CoursePage", "courses.ProgramPage"}
REFRESHER_PAGE_TYPES = {"courses.CoursePage", "assessments.QuizPage"}
REQUIREMENT_PAGE_TYPES = {
    "courses.CoursePage",
    "courses.ProgramPage",
    "courses.AcknowledgementPage",
}
MSG_RULE_PAGE_TYPE = _("Choose a course or a program.")
MSG_REFRESHER_PAGE_TYPE = _("Choose a course or a quiz as the refresher.")
MSG_REFRESHER_IS_PAGE = _(
    "The refresher cannot be the certified course itself: choose a short course, "
    "or a quiz."
)
MSG_REQUIREMENT_PAGE_TYPE = _("Choose a course, a program or an acknowledgement.")


def _page_label(page) -> str:
    """The page's specific type as "app_label.ModelName" (from its content type)."""
    specific_class = page.specific_class
    return specific_class._meta.label if specific_class else ""


class CertificateTemplate(ClusterableModel):
    """How a certificate looks: designed by admins in the Wagtail admin. The wording is
    given per language; a bilingual certificate (Kazakh and Russian, the default) shows
    both side by side."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    primary_language = models.CharField(
        _("first language"), max_length=2, choices=LANGUAGE_CHOICES, default="kk"
    )
    secondary_language = models.CharField(
        _("second language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="ru",
        blank=True,
        help_text=_("Leave empty for a certificate in one language."),
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Printed under the text, A4 landscape (297 x 210 mm)."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("second logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issuer_kk = models.CharField(_("issuer (Kazakh)"), max_length=200)
    issuer_ru = models.CharField(_("issuer (Russian)"), max_length=200)
    issuer_en = models.CharField(_("issuer (English)"), max_length=200, blank=True)
    heading_kk = models.CharField(
        _("heading (Kazakh)"), max_length=100, default="СЕРТИФИКАТ"
    )
    heading_ru = models.CharField(
        _("heading (Russian)"), max_length=100, default="СЕРТИФИКАТ"
    )
    heading_en = models.CharField(
        _("heading (English)"), max_length=100, default="CERTIFICATE", blank=True
    )
    statement_kk = models.CharField(
        _("statement (Kazakh)"),
        max_length=300,
        default="оқу курсын сәтті аяқтағанын растайды",
        help_text=_("Printed between the holder's name and the course title."),
    )
    statement_ru = models.CharField(
        _("statement (Russian)"),
        max_length=300,
        default="подтверждает успешное прохождение обучения по курсу",
    )
    statement_en = models.CharField(
        _("statement (English)"),
        max_length=300,
        default="has successfully completed the course",
        blank=True,
    )
    is_default = models.BooleanField(
        _("default template"),
        default=False,
        help_text=_("Used by certificate rules that name no template."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("is_default"),
        FieldRowPanel(
            [FieldPanel("primary_language"), FieldPanel("secondary_language")]
        ),
        MultiFieldPanel(
            [FieldPanel("background"), FieldPanel("logo"), FieldPanel("partner_logo")],
            heading=_("Images"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("issuer_kk"),
                FieldPanel("heading_kk"),
                FieldPanel("statement_kk"),
            ],
            heading=_("Kazakh wording"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("issuer_ru"),
                FieldPanel("heading_ru"),
                FieldPanel("statement_ru"),
            ],
            heading=_("Russian wording"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("issuer_en"),
                FieldPanel("heading_en"),
                FieldPanel("statement_en"),
            ],
            heading=_("English wording"),
        ),
        InlinePanel("signatories", label=_("Signatories"), max_num=3),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="certificate_template_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Signatory(Orderable):
    """A person who signs a certificate template."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=150)
    name_ru = models.CharField(_("name (Russian)"), max_length=150)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("name_kk"), FieldPanel("name_ru")]),
        FieldRowPanel(
            [FieldPanel("title_kk"), FieldPanel("title_ru"), FieldPanel("title_en")]
        ),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return self.name_ru


class CertificateRule(BaseModel):
    """Completing this course or program issues a certificate: with this template, valid
    for this long, renewed by this refresher (a short course, or a quiz passed again)."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("course or program"),
        on_delete=models.CASCADE,
        related_name="certificate_rule",
        help_text=_(
            "Completing it (in any language: its translations share the rule) issues "
            "the certificate."
        ),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rules",
        help_text=_("Empty: the default template."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Empty: the certificate never expires."),
    )
    refresher_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("refresher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A short course, or a quiz, whose completion by a holder whose "
            "certificate expires soon or has expired issues a new certificate "
            "linked to the previous one."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive rules issue nothing; certificates already issued stay."),
    )

    panels = [
        PageChooserPanel(
            "page", page_type=["courses.CoursePage", "courses.ProgramPage"]
        ),
        FieldPanel("template"),
        FieldPanel("validity_months"),
        PageChooserPanel(
            "refresher_page", page_type=["courses.CoursePage", "assessments.QuizPage"]
        ),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rules")

    def __str__(self) -> str:
        return str(self.page)

    def clean(self) -> None:
        """The certified page is a course or program; the refresher a course or a
        quiz, other than the certified page itself (in any of its languages)."""
        errors = {}
        page = self.page if self.page_id else None
        if page is not None and _page_label(page) not in CERTIFIED_PAGE_TYPES:
            errors["page"] = MSG_RULE_PAGE_TYPE
        refresher = self.refresher_page if self.refresher_page_id else None
        if refresher is not None:
            if _page_label(refresher) not in REFRESHER_PAGE_TYPES:
                errors["refresher_page"] = MSG_REFRESHER_PAGE_TYPE
            elif page is not None and (
                refresher.pk == page.pk
                or refresher.translation_key == page.translation_key
            ):
                errors["refresher_page"] = MSG_REFRESHER_IS_PAGE
        if errors:
            raise ValidationError(errors)


class Certificate(BaseModel):
    """One certificate issued to one learner. A renewal is a new certificate whose
    `previous` is the one it renews; `cycle` counts them (1 for the first)."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        PROGRAM = "program", _("Program")

    code = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    rule = models.ForeignKey(
        CertificateRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    target_key = models.UUIDField(_("course or program"), db_index=True)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    # Copied at issue, per language: the document shows what was true that day.
    holder_name = models.CharField(_("holder name"), max_length=300)
    title = models.JSONField(
        _("title"), default=dict
    )  # {"kk": ..., "ru": ..., "en": ...}
    hours = models.DecimalField(
        _("study hours"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"))
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    pdf = models.FileField(
        _("PDF"), storage=private_storage, max_length=200, blank=True
    )
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [("revoke_certificate", _("Can revoke certificates"))]
        constraints = [
            # One certificate per learner, course (or program) and validity cycle: the
            # completion event arriving twice, or a task run again, issues nothing more.
            models.UniqueConstraint(
                fields=["learner", "target_key", "cycle"],
                name="certificate_once_per_cycle",
            ),
            models.CheckConstraint(
                condition=models.Q(cycle=1, previous__isnull=True)
                | models.Q(cycle__gt=1, previous__isnull=False),
                name="certificate_renewal_has_previous",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | ~models.Q(revoked_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="certificate_expiry")]

    def __str__(self) -> str:
        return self.code


class CertificateReminder(BaseModel):
    """An expiry reminder sent for a certificate, once per threshold (days before)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "days_before"], name="certificate_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} -{self.days_before}d"


class CertificateNudge(BaseModel):
    """An admin's reminder to a holder about a certificate that expires soon or has
    expired: at most one a person a day, whichever certificate (the constraint is the
    rule; certificates.services.certificate_nudge)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificate_nudges",
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="nudges"
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
        verbose_name = _("reminder of an expiring certificate")
        verbose_name_plural = _("reminders of expiring certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "day"], name="certificate_nudge_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.day}"


class ClearanceRule(ClusterableModel):
    """What a person needs to be cleared for a risk zone, e.g. palliative care: valid
    certificates of the listed courses, the listed acknowledgements (a code of conduct)
    signed, and a minimum age. Derived when viewed, never stored per person."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=150)
    name_ru = models.CharField(_("name (Russian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        default=18,
        validators=[MaxValueValidator(99)],
        help_text=_(
            "A person whose date of birth is unknown is not cleared when an age is set."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("slug"),
        FieldRowPanel(
            [FieldPanel("name_kk"), FieldPanel("name_ru"), FieldPanel("name_en")]
        ),
        FieldPanel("min_age"),
        FieldPanel("sort_order"),
        InlinePanel("requirements", label=_("Requirements"), min_num=1),
    ]

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("clearance rule")
        verbose_name_plural = _("clearance rules")

    def __str__(self) -> str:
        """The name in the active language, else the Russian one."""
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"name_{language}", "") or self.name_ru


class ClearanceRequirement(Orderable):
    """One thing a clearance needs: a valid certificate of a course (or program), or an
    acknowledgement item signed."""

    rule = ParentalKey(
        ClearanceRule, on_delete=models.CASCADE, related_name="requirements"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("certified course or acknowledgement"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [
        PageChooserPanel(
            "page",
            page_type=[
                "courses.CoursePage",
                "courses.ProgramPage",
                "courses.AcknowledgementPage",
            ],
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return str(self.page_id)

    def clean(self) -> None:
        """A requirement is a course or program (its valid certificate), or an
        acknowledgement item (signed)."""
        if self.page_id and _page_label(self.page) not in REQUIREMENT_PAGE_TYPES:
            raise ValidationError({"page": MSG_REQUIREMENT_PAGE_TYPE})
