"""The e-mails of certificates' tasks go only to those we may write to, in their
language (core.mail.mail_recipient)."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate, CertificateReminder
from certificates.tasks import certificate_expiry_remind_one, certificate_issued_notify
from tests.mail_helpers import UNREACHABLE, kk_start, make_unreachable

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=10)
    )
    return CertificateReminder.objects.create(certificate=certificate, days_before=14)


@pytest.mark.parametrize("state", UNREACHABLE)
def test_certificate_issued_notify_writes_to_no_inactive_or_erased_holder(
    mailoutbox, holder, certificate, state
):
    make_unreachable(holder, state)

    assert certificate_issued_notify.delay(certificate_id=certificate.pk).get() is False

    assert mailoutbox == []


def test_certificate_issued_notify_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, holder, certificate
):
    holder.preferred_language = "kk"
    holder.save()

    assert certificate_issued_notify.delay(certificate_id=certificate.pk).get() is True

    (mail,) = mailoutbox
    assert mail.subject.startswith(kk_start("Your certificate: %(title)s"))


@pytest.mark.parametrize("state", UNREACHABLE)
def test_certificate_expiry_remind_one_writes_to_no_inactive_or_erased_holder(
    mailoutbox, holder, reminder, state
):
    make_unreachable(holder, state)

    assert certificate_expiry_remind_one.delay(reminder_id=reminder.pk).get() is False

    assert mailoutbox == []
    reminder.refresh_from_db()
    assert reminder.sent_at is None


def test_certificate_expiry_remind_one_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, holder, reminder
):
    holder.preferred_language = "kk"
    holder.save()

    assert certificate_expiry_remind_one.delay(reminder_id=reminder.pk).get() is True

    (mail,) = mailoutbox
    assert mail.subject.startswith(kk_start("Your certificate expires soon: %(title)s"))
