"""Certificates as pages show them: with their status at one moment and their title
in the active language (the holder's list, the public verification page, and what a
completion brought)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from courses.models import CoursePage, Enrolment, ProgramCompletion, ProgramPage

from ..codes import code_display
from ..models import Certificate, CertificateRule
from .clearance import Clearance, clearance_list
from .status import (
    Status,
    certificate_is_renewable,
    certificate_issuer,
    certificate_status,
    certificate_title,
)


def _number(certificate: Certificate) -> str:
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
    status, and with the certificate it renews and its renewal (one query: a renewal
    is issued to the same learner, so the chain is found among their certificates,
    which costs less than joining the table to itself twice)."""
    now = now or timezone.now()
    certificates = list(Certificate.objects.filter(learner=learner))
    by_id = {certificate.pk: certificate for certificate in certificates}
    renewal_of = {c.previous_id: c for c in certificates if c.previous_id}
    for certificate in certificates:
        previous = by_id.get(certificate.previous_id)
        if previous is not None or certificate.previous_id is None:
            Certificate.previous.field.set_cached_value(certificate, previous)
        Certificate.renewal.related.set_cached_value(
            certificate, renewal_of.get(certificate.pk)
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
