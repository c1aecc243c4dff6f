"""Reads of certificates: status at a moment, the lists people may see, history,
and the risk-zone clearance derived from certificates when it is viewed."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.i18n import active_language, localized_pick
from courses.models import (
    AcknowledgementPage,
    CoursePage,
    Enrolment,
    ItemProgress,
    ProgramCompletion,
    ProgramPage,
)
from people.selectors import learner_scope_q

from .codes import code_normalize
from .models import Certificate, CertificateRule, ClearanceRule


class Status:
    """A certificate's status at a moment (not stored: it follows from the dates)."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"

    LABELS = {
        VALID: _("Valid"),
        EXPIRING: _("Valid, expires soon"),
        EXPIRED: _("Expired"),
        REVOKED: _("Revoked"),
    }


def certificate_status(
    certificate: Certificate, *, now: datetime.datetime | None = None
) -> str:
    """valid, expiring (within LMS_CERTIFICATE_EXPIRING_DAYS), expired or revoked."""
    now = now or timezone.now()
    if certificate.revoked_at is not None:
        return Status.REVOKED
    if certificate.expires_at is None:
        return Status.VALID
    if certificate.expires_at <= now:
        return Status.EXPIRED
    soon = datetime.timedelta(days=settings.LMS_CERTIFICATE_EXPIRING_DAYS)
    if certificate.expires_at <= now + soon:
        return Status.EXPIRING
    return Status.VALID


def certificate_is_valid(
    certificate: Certificate, *, now: datetime.datetime | None = None
) -> bool:
    return certificate_status(certificate, now=now) in (Status.VALID, Status.EXPIRING)


def certificate_valid_q(*, now: datetime.datetime | None = None) -> Q:
    """Certificates valid at `now`: not revoked and not expired."""
    now = now or timezone.now()
    return Q(revoked_at__isnull=True) & (
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def certificate_status_q(status: str, *, now: datetime.datetime | None = None) -> Q:
    """Certificates whose status (selectors.certificate_status) is `status` at `now`."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=settings.LMS_CERTIFICATE_EXPIRING_DAYS)
    live = Q(revoked_at__isnull=True)
    if status == Status.REVOKED:
        return Q(revoked_at__isnull=False)
    if status == Status.EXPIRED:
        return live & Q(expires_at__lte=now)
    if status == Status.EXPIRING:
        return live & Q(expires_at__gt=now, expires_at__lte=soon)
    return live & (Q(expires_at__isnull=True) | Q(expires_at__gt=soon))


def certificate_title(certificate: Certificate, language: str | None = None) -> str:
    """The certified course's (or program's) title in `language` (default: the active
    one), else in Russian, else any: as it was when the certificate was issued."""
    titles = certificate.title or {}
    language = language or active_language()
    return (
        titles.get(language)
        or titles.get(settings.LANGUAGE_CODE)
        or next(iter(titles.values()), "")
    )


def certificate_revocation_indexes() -> tuple[list[int], int]:
    """The status-list indexes (pks) of revoked certificates and the highest pk issued
    (two queries, however many are revoked)."""
    revoked = list(
        Certificate.objects.filter(revoked_at__isnull=False)
        .order_by()
        .values_list("pk", flat=True)
    )
    highest = Certificate.objects.aggregate(highest=Max("pk"))["highest"] or 0
    return revoked, highest


def certificate_get_by_code(*, code: str) -> Certificate | None:
    """The certificate with this number (as typed: see codes.code_normalize), or None."""
    normalized = code_normalize(code)
    if normalized is None:
        return None
    return (
        Certificate.objects.select_related("template").filter(code=normalized).first()
    )


def certificate_list_for_learner(*, learner) -> list[Certificate]:
    """A learner's certificates, newest first, renewals included (one query)."""
    return list(Certificate.objects.filter(learner=learner).select_related("renewal"))


VIEW_PERMISSION = "certificates.view_certificate"


def certificate_list_visible(*, viewer) -> QuerySet[Certificate]:
    """Certificates `viewer` may see: their own, and, with the permission to view
    certificates, those of the learners in their scope (the scope rule of
    people.selectors). The one rule for the admin list, a certificate's page and its
    files: a mentor, who sees learners of their region but has no such permission,
    sees only their own."""
    if viewer.has_perm(VIEW_PERMISSION):
        visible = learner_scope_q(viewer=viewer, field="learner")
    else:
        visible = Q(learner_id=viewer.pk)
    return Certificate.objects.filter(visible).select_related(
        "learner", "learner__region"
    )


def certificate_get_visible(*, viewer, pk: int) -> Certificate:
    """One certificate `viewer` may see; raises Certificate.DoesNotExist otherwise."""
    return certificate_list_visible(viewer=viewer).get(pk=pk)


def certificate_history(*, certificate: Certificate) -> list[Certificate]:
    """Every certificate of the same holder for the same course, first cycle first:
    the original and its renewals (one query)."""
    return list(
        Certificate.objects.filter(
            learner_id=certificate.learner_id, target_key=certificate.target_key
        )
        .select_related("revoked_by")
        .order_by("cycle", "pk")
    )


def certificate_latest(*, learner, target_key: uuid.UUID) -> Certificate | None:
    """The learner's latest certificate for a course or program (any status)."""
    return (
        Certificate.objects.filter(learner=learner, target_key=target_key)
        .order_by("-cycle")
        .first()
    )


def certificate_rule_for_key(*, key: uuid.UUID) -> CertificateRule | None:
    """The active rule certifying the course or program with this translation_key."""
    return (
        CertificateRule.objects.filter(page__translation_key=key, is_active=True)
        .select_related("page", "template")
        .order_by("pk")
        .first()
    )


def certificate_refresher_page(
    *, certificate: Certificate, language: str
) -> Page | None:
    """The refresher that renews `certificate` (the short course or quiz its active
    rule names), published, in `language` where translated, else in the default
    language; None when the rule names none."""
    rule = certificate_rule_for_key(key=certificate.target_key)
    if rule is None or rule.refresher_page_id is None:
        return None
    key = (
        Page.objects.filter(pk=rule.refresher_page_id)
        .values_list("translation_key", flat=True)
        .first()
    )
    pages = localized_pick(
        Page.objects.live().filter(translation_key=key).select_related("locale"),
        language,
    )
    return pages.get(key)


def certificate_rules_renewed_by(*, key: uuid.UUID) -> list[CertificateRule]:
    """Active rules whose refresher is the course or quiz with this translation_key."""
    return list(
        CertificateRule.objects.filter(
            refresher_page__translation_key=key, is_active=True
        ).select_related("page", "template")
    )


def certificate_is_renewable(
    certificate: Certificate, *, now: datetime.datetime | None = None
) -> bool:
    """A refresher renews a certificate that expires soon or has expired (not one
    revoked, not one already renewed, and not one that never expires)."""
    if certificate.revoked_at is not None or certificate.expires_at is None:
        return False
    return certificate_status(certificate, now=now) in (
        Status.EXPIRING,
        Status.EXPIRED,
    )


def certificate_export(*, learner) -> list[dict]:
    """A learner's certificates for their personal data download (one query)."""
    return [
        {
            "number": c.code,
            "kind": c.kind,
            "course_or_program": str(c.target_key),
            "title": c.title,
            "hours": str(c.hours) if c.hours is not None else None,
            "holder_name": c.holder_name,
            "cycle": c.cycle,
            "renews": c.previous.code if c.previous_id else None,
            "completed_at": c.completed_at.isoformat(),
            "issued_at": c.issued_at.isoformat(),
            "expires_at": c.expires_at.isoformat() if c.expires_at else None,
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
        }
        for c in Certificate.objects.filter(learner=learner)
        .select_related("previous")
        .order_by("issued_at", "pk")
    ]


# Clearance
# ------------------------------------------------------------------------------


@dataclass
class Clearance:
    """One risk zone for one person at one moment."""

    rule: ClearanceRule
    cleared: bool
    missing: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        language = active_language()
        return getattr(self.rule, f"name_{language}", "") or self.rule.name_ru


def clearance_list(*, learner, now: datetime.datetime | None = None) -> list[Clearance]:
    """Every risk zone with whether `learner` is cleared for it at `now`, and what is
    missing when not: derived from their valid certificates, their signed
    acknowledgements and their age (four queries, whatever the number of zones)."""
    now = now or timezone.now()
    rules = list(ClearanceRule.objects.prefetch_related("requirements__page"))
    if not rules:
        return []
    valid_keys = set(
        Certificate.objects.filter(
            certificate_valid_q(now=now), learner=learner
        ).values_list("target_key", flat=True)
    )
    acknowledgement_type = ContentType.objects.get_for_model(AcknowledgementPage)
    ack_keys = {
        requirement.page.translation_key
        for rule in rules
        for requirement in rule.requirements.all()
        if requirement.page.content_type_id == acknowledgement_type.pk
    }
    signed = (
        set(
            ItemProgress.objects.filter(
                enrolment__learner=learner, item_key__in=ack_keys
            ).values_list("item_key", flat=True)
        )
        if ack_keys
        else set()
    )
    age = learner.age_on(timezone.localdate(now))
    result = []
    for rule in rules:
        missing: list[str] = []
        for requirement in rule.requirements.all():
            page = requirement.page
            if page.content_type_id == acknowledgement_type.pk:
                if page.translation_key not in signed:
                    missing.append(
                        _("Acknowledgement: %(title)s") % {"title": page.title}
                    )
            elif page.translation_key not in valid_keys:
                missing.append(
                    _("Valid certificate: %(title)s") % {"title": page.title}
                )
        if rule.min_age:
            if age is None:
                missing.append(
                    _("Date of birth (age %(age)s+)") % {"age": rule.min_age}
                )
            elif age < rule.min_age:
                missing.append(_("Age %(age)s+") % {"age": rule.min_age})
        result.append(Clearance(rule=rule, cleared=not missing, missing=missing))
    return result


def clearance_zones(
    *, learner, now: datetime.datetime | None = None
) -> list[Clearance]:
    """The risk zones `learner` is cleared for at `now`."""
    return [c for c in clearance_list(learner=learner, now=now) if c.cleared]


# Pages
# ------------------------------------------------------------------------------


def certificate_get_for_verification(*, code: str) -> Certificate | None:
    """The certificate with this number (as typed), with what its public page shows:
    template (issuer), the certificate it renews and its renewal, and the holder for
    the clearance (one query). None when the number is malformed or unknown."""
    normalized = code_normalize(code)
    if normalized is None:
        return None
    return (
        Certificate.objects.select_related("template", "previous", "renewal", "learner")
        .filter(code=normalized)
        .first()
    )


def _number(certificate: Certificate) -> str:
    from .codes import code_display

    return code_display(certificate.code)


@dataclass
class CertificateSummary:
    """A certificate with its status at one moment and its title in the active
    language: a row of the holder's list, or the head of a verification page."""

    certificate: Certificate
    status: str
    title: str

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def number(self) -> str:
        return _number(self.certificate)

    @property
    def previous(self) -> Certificate | None:
        """The certificate this one renews (loaded with it)."""
        return self.certificate.previous

    @property
    def renewal(self) -> Certificate | None:
        """The certificate that renewed this one (loaded with it), if any."""
        return getattr(self.certificate, "renewal", None)

    @property
    def previous_number(self) -> str:
        return _number(self.previous) if self.previous else ""

    @property
    def renewal_number(self) -> str:
        return _number(self.renewal) if self.renewal else ""

    @property
    def is_revoked(self) -> bool:
        return self.status == Status.REVOKED


@dataclass
class Verification(CertificateSummary):
    """What the public verification page (and its JSON) tells about a certificate.
    `zones` is None for a revoked certificate: a revoked document proves nothing, so
    its page vouches for nothing about the person either."""

    issuer: str = ""
    issuers: dict[str, str] = field(default_factory=dict)
    zones: list[Clearance] | None = None
    has_clearance_rules: bool = False
    checked_at: datetime.datetime | None = None


def certificate_summary_list_for_holder(
    *, learner, now: datetime.datetime | None = None
) -> list[CertificateSummary]:
    """A learner's certificates for their own pages, newest first, each with its
    status, and with the certificate it renews and its renewal (one query)."""
    now = now or timezone.now()
    certificates = Certificate.objects.filter(learner=learner).select_related(
        "previous", "renewal"
    )
    return [
        CertificateSummary(
            certificate=certificate,
            status=certificate_status(certificate, now=now),
            title=certificate_title(certificate),
        )
        for certificate in certificates
    ]


def certificate_verification(
    *, certificate: Certificate, now: datetime.datetime | None = None
) -> Verification:
    """The public facts of a certificate at `now`: status, title, issuer (in the
    active language and in each), and the risk zones its holder is cleared for
    (none for a revoked certificate). Nothing else about the holder. The certificate
    should come from certificate_get_for_verification (template, renewal chain and
    holder loaded)."""
    now = now or timezone.now()
    status = certificate_status(certificate, now=now)
    zones = None
    has_rules = False
    if status != Status.REVOKED:
        clearances = clearance_list(learner=certificate.learner, now=now)
        has_rules = bool(clearances)
        zones = [clearance for clearance in clearances if clearance.cleared]
    issuers = {
        language: certificate_issuer(certificate, language)
        for language, _name in settings.LANGUAGES
    }
    return Verification(
        certificate=certificate,
        status=status,
        title=certificate_title(certificate),
        issuer=certificate_issuer(certificate),
        issuers={language: name for language, name in issuers.items() if name},
        zones=zones,
        has_clearance_rules=has_rules,
        checked_at=now,
    )


def certificate_get_visible_by_code(*, viewer, code: str) -> Certificate:
    """One certificate, by its number, that `viewer` may see (certificate_list_visible);
    raises Certificate.DoesNotExist otherwise (views answer 404)."""
    normalized = code_normalize(code)
    if normalized is None:
        raise Certificate.DoesNotExist
    return certificate_list_visible(viewer=viewer).get(code=normalized)


class CertificateRevoked(Exception):
    """A revoked certificate's files (PDF, signed credential) are not handed out, to
    anyone: a copy carries no status, so it would pass for a valid certificate. Its
    verification page says it is revoked."""

    def __init__(self, certificate: Certificate):
        super().__init__(f"certificate {certificate.code} is revoked")
        self.certificate = certificate


def certificate_files_check(certificate: Certificate) -> None:
    """Raise CertificateRevoked when the certificate's files may not be handed out."""
    if certificate.revoked_at is not None:
        raise CertificateRevoked(certificate)


def certificate_get_for_download(*, viewer, code: str) -> Certificate:
    """The certificate whose PDF or credential `viewer` asks for: one they may see
    (Certificate.DoesNotExist otherwise) and not revoked (CertificateRevoked
    otherwise, whoever asks, the holder included)."""
    certificate = certificate_get_visible_by_code(viewer=viewer, code=code)
    certificate_files_check(certificate)
    return certificate


def certificate_issuer(certificate: Certificate, language: str | None = None) -> str:
    """Who issued the certificate, in `language` (default: the active one), else in
    Russian: from its template's wording."""
    template = certificate.template
    if template is None:
        return ""
    language = language or active_language()
    return getattr(template, f"issuer_{language}", "") or template.issuer_ru


@dataclass
class CompletionCertificate:
    """A certificate a completion earned or renewed, as the learner is told about it
    at once (quiz result, course page). `summary` is None while it is being issued:
    issuing runs in Celery once the completion is committed, and in production the
    page may be shown before a worker has done it."""

    title: str
    summary: CertificateSummary | None
    renewed: bool = False


def certificate_list_for_completion(
    *,
    learner,
    course: CoursePage,
    enrolment: Enrolment | None,
    item_key: uuid.UUID | None = None,
    at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> list[CompletionCertificate]:
    """What completing `course` (`enrolment`, when completed) or passing its item
    `item_key` (a refresher quiz) at `at` brought `learner`: the course's certificate,
    its program's once the program is completed, and the renewal of each certificate
    the course or the item is the refresher of (one that was renewable at `at`).
    At most four queries."""
    now = now or timezone.now()
    completed = (
        enrolment is not None
        and enrolment.status == Enrolment.Status.COMPLETED
        and enrolment.course_key == course.translation_key
    )
    certified: dict[uuid.UUID, str] = {}  # completed course or program: its title
    refreshers = [item_key] if item_key else []
    if completed:
        certified[course.translation_key] = course.title
        refreshers.append(course.translation_key)
        program = ProgramPage.objects.parent_of(course).first()
        if (
            program is not None
            and ProgramCompletion.objects.filter(
                learner=learner, program_key=program.translation_key
            ).exists()
        ):
            certified[program.translation_key] = program.title
    if not certified and not refreshers:
        return []
    rules = list(
        CertificateRule.objects.filter(is_active=True)
        .filter(
            Q(page__translation_key__in=list(certified))
            | Q(refresher_page__translation_key__in=refreshers)
        )
        .select_related("page")
        .order_by("pk")
    )
    if not rules:
        return []
    latest: dict[uuid.UUID, Certificate] = {}
    for certificate in Certificate.objects.filter(
        learner=learner, target_key__in={rule.page.translation_key for rule in rules}
    ).select_related("previous", "renewal"):
        current = latest.get(certificate.target_key)
        if current is None or certificate.cycle > current.cycle:
            latest[certificate.target_key] = certificate

    def summary(certificate: Certificate) -> CertificateSummary:
        return CertificateSummary(
            certificate=certificate,
            status=certificate_status(certificate, now=now),
            title=certificate_title(certificate),
        )

    result: list[CompletionCertificate] = []
    seen: set[uuid.UUID] = set()
    for rule in rules:
        key = rule.page.translation_key
        if key in seen:
            continue
        certificate = latest.get(key)
        if key in certified:
            seen.add(key)
            result.append(
                CompletionCertificate(
                    title=certificate_title(certificate)
                    if certificate
                    else certified[key],
                    summary=summary(certificate) if certificate else None,
                )
            )
        elif certificate is not None:  # the refresher of a certificate held
            if certificate.previous_id and (
                at is None or certificate.completed_at >= at
            ):
                renewal = summary(certificate)
            elif not certificate_is_renewable(certificate, now=at or now):
                continue  # not due for renewal: the refresher renewed nothing
            else:
                renewal = None
            seen.add(key)
            result.append(
                CompletionCertificate(
                    title=certificate_title(certificate),
                    summary=renewal,
                    renewed=True,
                )
            )
    return result
