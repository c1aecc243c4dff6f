"""Certificate work in Celery. Tasks take ids and are idempotent: issuing is guarded by
database constraints, e-mails by a flag claimed before sending, the PDF is rendered
only when its file is missing. Each fetches its rows and calls the service, imported
in the task's body (services import the tasks)."""

from __future__ import annotations

import datetime
import logging
import uuid

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from core.links import public_url
from core.mail import Recipient, mail_recipient, mail_send_once
from core.outbox import fan_out_durably
from core.pdf import PdfUnavailable
from core.tasks import RETRY_TASK_OPTIONS, TASK_OPTIONS
from courses.models import Enrolment, ProgramCompletion
from people.models import User

from . import selectors
from .codes import code_display
from .models import Certificate, CertificateNudge, CertificateReminder

logger = logging.getLogger(__name__)


@shared_task(**RETRY_TASK_OPTIONS)
def certificate_issue_for_enrolment(enrolment_id: int) -> list[int]:
    """Issue the certificates a completed enrolment earns. Returns their ids."""
    from .services import certificate_issue_for_enrolment as issue

    enrolment = (
        Enrolment.objects.select_related("learner").filter(pk=enrolment_id).first()
    )
    if enrolment is None:
        return []
    return [c.pk for c in issue(enrolment=enrolment)]


@shared_task(**RETRY_TASK_OPTIONS)
def certificate_issue_for_program(completion_id: int) -> list[int]:
    """Issue the certificate a completed program earns. Returns its id (if issued)."""
    from .services import certificate_issue_for_program as issue

    completion = (
        ProgramCompletion.objects.select_related("learner")
        .filter(pk=completion_id)
        .first()
    )
    if completion is None:
        return []
    return [c.pk for c in issue(completion=completion)]


@shared_task(**RETRY_TASK_OPTIONS)
def certificate_renew_for_item(learner_id: int, item_key: str, at: str) -> list[int]:
    """Renew the certificates a passed refresher item (a quiz) renews."""
    from .services import certificate_renew_for_item as renew

    learner = User.objects.filter(pk=learner_id).first()
    if learner is None:
        return []
    return [
        c.pk
        for c in renew(
            learner=learner,
            item_key=uuid.UUID(str(item_key)),
            at=datetime.datetime.fromisoformat(at),
        )
    ]


# What the beat task below looks for: completions and certificates older than this
# many minutes (younger ones are left to their own tasks, in the outbox or the queue),
# and e-mails missing for at most a day (older ones are not sent that late).
MISSING_AFTER_MINUTES = 10
MISSING_EMAIL_WITHIN = datetime.timedelta(days=1)


@shared_task(**TASK_OPTIONS)
def certificates_reconcile(minutes: int = MISSING_AFTER_MINUTES) -> int:
    """Beat, every 10 minutes: find again what issuing certificates lost (a task a
    worker took from Redis as it was lost whole, work queued before the outbox existed):
    issue the certificates that completions more than `minutes` ago earned and lack,
    and send the certificate-issued e-mail that certificates issued in the last day
    did not get. A second run does nothing. Returns how many certificates it issued.
    (A missing PDF is rendered when first downloaded.)"""
    from .services import certificates_missing_issue

    now = timezone.now()
    before = now - datetime.timedelta(minutes=minutes)
    issued = certificates_missing_issue(completed_before=before)
    unannounced = selectors.certificate_list_unannounced(
        issued_after=now - MISSING_EMAIL_WITHIN, issued_before=before
    )
    fan_out_durably(
        certificate_issued_notify, [{"certificate_id": pk} for pk in unannounced]
    )
    return len(issued)


@shared_task(**RETRY_TASK_OPTIONS)
def certificate_titles_add(page_id: int) -> int:
    """A course or program was published: its certificates without a title in its
    language get it (certificates.titles). Returns how many changed."""
    from wagtail.models import Page

    from .titles import certificate_titles_add as titles_add

    page = Page.objects.live().select_related("locale").filter(pk=page_id).first()
    return titles_add(page=page) if page is not None else 0


@shared_task(**RETRY_TASK_OPTIONS)
def certificate_pdf_render(certificate_id: int) -> bool:
    """Render the certificate's PDF if its file is missing. Returns False when there is
    no such certificate."""
    from .services import certificate_pdf_ensure

    certificate = (
        Certificate.objects.select_related("template").filter(pk=certificate_id).first()
    )
    if certificate is None:
        return False
    try:
        certificate_pdf_ensure(certificate=certificate)
    except selectors.CertificateRevoked:
        return False  # revoked before its PDF was made: it gets none
    except PdfUnavailable as error:
        # Not transient: retrying cannot help. The PDF is rendered when first asked for
        # on a server that can (the download view renders a missing file).
        logger.error("certificate %s: no PDF on this server: %s", certificate_id, error)
        return False
    return True


def _context(certificate: Certificate, recipient: Recipient) -> dict:
    with translation.override(recipient.language):
        return {
            "learner": certificate.learner,
            "certificate": certificate,
            "number": code_display(certificate.code),
            "title": selectors.certificate_title(certificate, recipient.language),
            "verify_url": public_url(
                reverse("certificates:verify", args=[certificate.code])
            ),
            "list_url": public_url(reverse("certificates:mine")),
        }


@shared_task(**RETRY_TASK_OPTIONS)
def certificate_issued_notify(certificate_id: int) -> bool:
    """E-mail the holder that their certificate is ready (once)."""
    certificate = (
        Certificate.objects.select_related("learner").filter(pk=certificate_id).first()
    )
    if certificate is None or certificate.revoked_at is not None:
        return False
    recipient = mail_recipient(certificate.learner)
    if recipient is None:
        return False
    sent = mail_send_once(
        queryset=Certificate.objects.filter(pk=certificate.pk),
        flag_field="notified_at",
        template="certificates/emails/certificate_issued",
        to=recipient,
        context=_context(certificate, recipient),
    )
    return sent > 0


@shared_task(**TASK_OPTIONS)
def certificates_expiry_remind() -> int:
    """Beat, daily: record the expiry reminders due (certificates.services) and send
    each in a task of its own. Returns the reminders enqueued."""
    from .services import certificate_expiry_reminders_record

    reminder_ids = certificate_expiry_reminders_record(now=timezone.now())
    fan_out_durably(
        certificate_expiry_remind_one,
        [{"reminder_id": reminder_id} for reminder_id in reminder_ids],
    )
    return len(reminder_ids)


@shared_task(**RETRY_TASK_OPTIONS)
def certificate_expiry_remind_one(reminder_id: int) -> bool:
    """Send one expiry reminder (once: its sent_at is claimed before sending)."""
    reminder = (
        CertificateReminder.objects.select_related("certificate__learner")
        .filter(pk=reminder_id, sent_at__isnull=True)
        .first()
    )
    # Revoked between the daily run and now: nothing to renew, no reminder.
    if reminder is None or reminder.certificate.revoked_at is not None:
        return False
    recipient = mail_recipient(reminder.certificate.learner)
    if recipient is None:
        return False
    context = _expiry_context(reminder.certificate, recipient)
    context["days_before"] = reminder.days_before
    sent = mail_send_once(
        queryset=CertificateReminder.objects.filter(pk=reminder.pk),
        flag_field="sent_at",
        template="certificates/emails/certificate_expiring",
        to=recipient,
        context=context,
    )
    return sent > 0


def _expiry_context(certificate: Certificate, recipient: Recipient) -> dict:
    """The expiry e-mail's context: the certificate, when it expires (or expired) and
    the refresher that renews it, if any, in the recipient's language."""
    context = _context(certificate, recipient)
    context["expires_at"] = certificate.expires_at
    context["expired"] = certificate.expires_at <= timezone.now()
    refresher = selectors.certificate_refresher_page(
        certificate=certificate, language=recipient.language
    )
    url_parts = refresher.get_url_parts() if refresher is not None else None
    if url_parts is not None:
        context["refresher_title"] = refresher.title
        context["refresher_url"] = settings.LMS_PUBLIC_URL + url_parts[2]
    return context


@shared_task(**RETRY_TASK_OPTIONS)
def certificate_nudge_send(nudge_id: int) -> bool:
    """E-mail a holder the reminder an admin asked for: their certificate expires soon
    or has expired, and how to renew it (sent once)."""
    nudge = (
        CertificateNudge.objects.select_related("certificate__learner")
        .filter(pk=nudge_id)
        .first()
    )
    # The holder of the certificate is the person reminded (nudge.learner).
    recipient = mail_recipient(nudge.certificate.learner) if nudge is not None else None
    # Revoked between the click and now: nothing to renew, no reminder.
    if recipient is None or nudge.certificate.revoked_at is not None:
        return False
    sent = mail_send_once(
        queryset=CertificateNudge.objects.filter(pk=nudge.pk),
        flag_field="sent_at",
        template="certificates/emails/certificate_expiring",
        to=recipient,
        context=_expiry_context(nudge.certificate, recipient),
    )
    return sent > 0
