"""Certificates by number, by holder and by who may see them (the scope rule), their
history and export, and whether their files may be handed out."""

from __future__ import annotations

import datetime
import uuid

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from people.selectors import learner_scope_q

from ..codes import code_normalize
from ..models import Certificate, CertificateNudge, CertificateReminder


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


def certificate_list() -> QuerySet[Certificate]:
    """Every certificate, unscoped: for figures that callers limit themselves (the
    reports count by the learner's region)."""
    return Certificate.objects.all()


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


def certificate_list_with_reminders(
    certificates: QuerySet[Certificate],
) -> QuerySet[Certificate]:
    """`certificates` annotated with when the holder was last reminded: by the expiry
    reminders of the certificate (`last_expiry_reminder`, those sent) and by an admin
    (`last_nudge`, of any certificate of theirs: an admin reminds a person once a
    day). Two subqueries in the same query, however many rows."""
    expiry = (
        CertificateReminder.objects.filter(
            certificate=OuterRef("pk"), sent_at__isnull=False
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    nudge = (
        CertificateNudge.objects.filter(learner=OuterRef("learner_id"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return certificates.annotate(
        last_expiry_reminder=Subquery(expiry), last_nudge=Subquery(nudge)
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


def certificate_reminder_export(*, learner) -> list[dict]:
    """The reminders sent to a learner about their certificates' expiry, automatic
    ones and administrators' (two queries), for their personal data download."""
    automatic = [
        {
            "certificate": r.certificate.code,
            "kind": "automatic",
            "days_before_expiry": r.days_before,
            "sent_at": r.sent_at.isoformat() if r.sent_at else None,
        }
        for r in CertificateReminder.objects.filter(certificate__learner=learner)
        .select_related("certificate")
        .order_by("pk")
    ]
    from_admins = [
        {
            "certificate": n.certificate.code,
            "kind": "from_administrator",
            "day": n.day.isoformat(),
            "sent_at": n.sent_at.isoformat() if n.sent_at else None,
        }
        for n in CertificateNudge.objects.filter(learner=learner)
        .select_related("certificate")
        .order_by("day", "pk")
    ]
    return automatic + from_admins


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


def certificate_list_unannounced(
    *, issued_after: datetime.datetime, issued_before: datetime.datetime
) -> list[int]:
    """Ids of certificates issued in the span, not revoked, whose certificate-issued
    e-mail was not sent (its task was lost), of holders we may write to
    (core.mail.mail_recipient)."""
    return list(
        Certificate.objects.filter(
            issued_at__gt=issued_after,
            issued_at__lt=issued_before,
            notified_at__isnull=True,
            revoked_at__isnull=True,
            learner__is_active=True,
            learner__erased_at__isnull=True,
        )
        .exclude(learner__email="")
        .values_list("pk", flat=True)
    )
