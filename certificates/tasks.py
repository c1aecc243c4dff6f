"""Certificate work in Celery. Tasks take ids and are idempotent: issuing is guarded by
database constraints, e-mails by a flag claimed before sending, the PDF is rendered
only when its file is missing."""

from __future__ import annotations

import datetime
import logging
import uuid

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from core.links import public_url
from core.mail import mail_send_once
from courses.models import Enrolment, ProgramCompletion
from people.models import User

from . import selectors, services
from .codes import code_display
from .models import Certificate, CertificateReminder
from .pdf import PdfUnavailable

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRY)
def certificate_issue_for_enrolment(enrolment_id: int) -> list[int]:
    """Issue the certificates a completed enrolment earns. Returns their ids."""
    enrolment = (
        Enrolment.objects.select_related("learner").filter(pk=enrolment_id).first()
    )
    if enrolment is None:
        return []
    return [c.pk for c in services.certificate_issue_for_enrolment(enrolment=enrolment)]


@shared_task(**RETRY)
def certificate_issue_for_program(completion_id: int) -> list[int]:
    """Issue the certificate a completed program earns. Returns its id (if issued)."""
    completion = (
        ProgramCompletion.objects.select_related("learner")
        .filter(pk=completion_id)
        .first()
    )
    if completion is None:
        return []
    return [c.pk for c in services.certificate_issue_for_program(completion=completion)]


@shared_task(**RETRY)
def certificate_renew_for_item(learner_id: int, item_key: str, at: str) -> list[int]:
    """Renew the certificates a passed refresher item (a quiz) renews."""
    learner = User.objects.filter(pk=learner_id).first()
    if learner is None:
        return []
    return [
        c.pk
        for c in services.certificate_renew_for_item(
            learner=learner,
            item_key=uuid.UUID(str(item_key)),
            at=datetime.datetime.fromisoformat(at),
        )
    ]


@shared_task(**RETRY)
def certificate_pdf_render(certificate_id: int) -> bool:
    """Render the certificate's PDF if its file is missing. Returns False when there is
    no such certificate."""
    certificate = (
        Certificate.objects.select_related("template").filter(pk=certificate_id).first()
    )
    if certificate is None:
        return False
    try:
        services.certificate_pdf_ensure(certificate=certificate)
    except selectors.CertificateRevoked:
        return False  # revoked before its PDF was made: it gets none
    except PdfUnavailable as error:
        # Not transient: retrying cannot help. The PDF is rendered when first asked for
        # on a server that can (the download view renders a missing file).
        logger.error("certificate %s: no PDF on this server: %s", certificate_id, error)
        return False
    return True


def _context(certificate: Certificate, learner: User) -> dict:
    with translation.override(learner.preferred_language):
        return {
            "learner": learner,
            "certificate": certificate,
            "number": code_display(certificate.code),
            "title": selectors.certificate_title(
                certificate, learner.preferred_language
            ),
            "verify_url": public_url(
                reverse("certificates:verify", args=[certificate.code])
            ),
            "list_url": public_url(reverse("certificates:mine")),
        }


@shared_task(**RETRY)
def certificate_issued_notify(certificate_id: int) -> bool:
    """E-mail the holder that their certificate is ready (once)."""
    certificate = (
        Certificate.objects.select_related("learner").filter(pk=certificate_id).first()
    )
    if certificate is None or certificate.revoked_at is not None:
        return False
    learner = certificate.learner
    if not learner.is_active or learner.erased_at is not None:
        return False
    return mail_send_once(
        queryset=Certificate.objects.filter(pk=certificate.pk),
        flag_field="notified_at",
        template="certificates/emails/certificate_issued",
        to=learner.email,
        language=learner.preferred_language,
        context=_context(certificate, learner),
    )


def _threshold(expires_at: datetime.datetime, now: datetime.datetime) -> int | None:
    """The smallest reminder threshold (days before expiry) that `expires_at` is
    within, or None."""
    days = sorted(settings.LMS_CERTIFICATE_REMINDER_DAYS)
    for threshold in days:
        if expires_at <= now + datetime.timedelta(days=threshold):
            return threshold
    return None


@shared_task(acks_late=True)
def certificates_expiry_remind() -> int:
    """Periodic (Celery beat, daily): for each certificate that expires within a
    reminder threshold (LMS_CERTIFICATE_REMINDER_DAYS, e.g. 60 and 14 days), is still
    valid, not renewed and not revoked, record a reminder for the most urgent threshold
    it is within and send it, each exactly once. Returns the reminders enqueued."""
    now = timezone.now()
    if not settings.LMS_CERTIFICATE_REMINDER_DAYS:
        return 0
    horizon = now + datetime.timedelta(days=max(settings.LMS_CERTIFICATE_REMINDER_DAYS))
    due = (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=horizon,
            renewal__isnull=True,
            learner__is_active=True,
            learner__erased_at__isnull=True,
        )
        .values_list("pk", "expires_at")
        .iterator()
    )
    enqueued = 0
    for certificate_id, expires_at in due:
        threshold = _threshold(expires_at, now)
        try:
            reminder, created = CertificateReminder.objects.get_or_create(
                certificate_id=certificate_id, days_before=threshold
            )
        except IntegrityError:  # recorded concurrently
            continue
        if reminder.sent_at is None:
            certificate_expiry_remind_one.delay(reminder_id=reminder.pk)
            enqueued += 1
    return enqueued


@shared_task(**RETRY)
def certificate_expiry_remind_one(reminder_id: int) -> bool:
    """Send one expiry reminder (once: its sent_at is claimed before sending)."""
    reminder = (
        CertificateReminder.objects.select_related("certificate__learner")
        .filter(pk=reminder_id, sent_at__isnull=True)
        .first()
    )
    if reminder is None:
        return False
    certificate = reminder.certificate
    learner = certificate.learner
    context = _context(certificate, learner)
    context["expires_at"] = certificate.expires_at
    context["days_before"] = reminder.days_before
    refresher = selectors.certificate_refresher_page(
        certificate=certificate, language=learner.preferred_language
    )
    url_parts = refresher.get_url_parts() if refresher is not None else None
    if url_parts is not None:
        context["refresher_title"] = refresher.title
        context["refresher_url"] = settings.LMS_PUBLIC_URL + url_parts[2]
    return mail_send_once(
        queryset=CertificateReminder.objects.filter(pk=reminder.pk),
        flag_field="sent_at",
        template="certificates/emails/certificate_expiring",
        to=learner.email,
        language=learner.preferred_language,
        context=context,
    )
