"""Expiry reminders: before expiry at each configured threshold, each sent once."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateReminder
from certificates.tasks import (
    certificate_expiry_remind_one,
    certificates_expiry_remind,
)
from tests.courses.helpers import ru
from tests.factories import course_with_lessons
from tests.factories.courses import translate_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.LMS_CERTIFICATE_REMINDER_DAYS = [60, 14]


def _expires_in(certificate, days):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=days)
    )


def _sent_for(certificate):
    return [m for m in mail.outbox if certificate.code[:4] in m.body]


def test_a_reminder_is_sent_60_days_and_14_days_before_expiry_each_once(certificate):
    mail.outbox.clear()
    _expires_in(certificate, 90)
    assert certificates_expiry_remind.delay().get() == 0

    _expires_in(certificate, 50)
    assert certificates_expiry_remind.delay().get() == 1
    assert certificates_expiry_remind.delay().get() == 0
    assert len(_sent_for(certificate)) == 1
    assert _sent_for(certificate)[0].to == [certificate.learner.email]

    _expires_in(certificate, 10)
    assert certificates_expiry_remind.delay().get() == 1
    assert certificates_expiry_remind.delay().get() == 0
    assert len(_sent_for(certificate)) == 2
    assert sorted(
        CertificateReminder.objects.filter(certificate=certificate).values_list(
            "days_before", flat=True
        )
    ) == [14, 60]


def test_a_certificate_first_seen_close_to_expiry_gets_only_the_urgent_reminder(
    certificate,
):
    mail.outbox.clear()
    _expires_in(certificate, 7)
    certificates_expiry_remind.delay().get()
    certificates_expiry_remind.delay().get()
    assert len(_sent_for(certificate)) == 1
    assert list(CertificateReminder.objects.values_list("days_before", flat=True)) == [
        14
    ]


def test_no_reminder_for_revoked_renewed_expired_or_never_expiring_certificates(
    certificate, certificate_rule, regional_admin, holder
):
    mail.outbox.clear()
    _expires_in(certificate, 10)
    services.certificate_issue(
        learner=holder,
        rule=certificate_rule,
        completed_at=timezone.now(),
        previous=certificate,
    )  # renewed
    other = services.certificate_issue(
        learner=regional_admin, rule=certificate_rule, completed_at=timezone.now()
    )[0]
    _expires_in(other, 10)
    services.certificate_revoke(certificate=other, by=regional_admin, reason="Ошибка")
    assert certificates_expiry_remind.delay().get() == 0
    assert mail.outbox == []


def test_the_reminder_is_written_in_the_holders_language(certificate, holder):
    holder.preferred_language = "kk"
    holder.save()
    mail.outbox.clear()
    _expires_in(certificate, 30)
    certificates_expiry_remind.delay().get()
    (message,) = _sent_for(certificate)
    assert "/kk/" in message.body


def _refresher(certificate_rule, program_page):
    refresher, _lessons = course_with_lessons(
        program_page, 1, slug="palliative-refresher", title="Паллиатив: повторение"
    )
    certificate_rule.refresher_page = refresher
    certificate_rule.save()
    return refresher


def _reminder(certificate):
    mail.outbox.clear()
    _expires_in(certificate, 10)
    certificates_expiry_remind.delay().get()
    (message,) = _sent_for(certificate)
    return message


def test_the_reminder_links_the_refresher_course_and_ends_its_sentences_once(
    certificate, certificate_rule, program_page
):
    refresher = _refresher(certificate_rule, program_page)

    message = _reminder(certificate)

    assert f"http://testserver{refresher.url}\n" in message.body
    assert refresher.url == "/ru/catalog/risk-zones/palliative-refresher/"
    assert (
        ru(
            'Take the refresher "%(refresher)s" to renew it: the new certificate '
            "continues this one.",
            refresher="Паллиатив: повторение",
        )
        in message.body
    )
    assert ".." not in message.body
    assert " г.\n" in message.body  # the date ends the sentence: one period


def test_the_reminder_links_the_refresher_in_the_holders_language(
    certificate, certificate_rule, program_page, holder, locales
):
    refresher = _refresher(certificate_rule, program_page)
    kk_refresher, _lessons = translate_tree(refresher, [], locales["kk"])
    holder.preferred_language = "kk"
    holder.save()

    message = _reminder(certificate)

    assert f"http://testserver{kk_refresher.url}\n" in message.body
    assert kk_refresher.url.startswith("/kk/")


def test_the_reminder_of_a_certificate_without_refresher_links_the_list_only(
    certificate,
):
    message = _reminder(certificate)

    assert re.findall(r"http://\S+", message.body) == [
        "http://testserver/ru/certificates/"
    ]
    assert ".." not in message.body


def test_a_certificate_revoked_after_its_reminder_was_recorded_gets_no_reminder(
    certificate, national_admin
):
    _expires_in(certificate, 50)
    reminder_ids = services.certificate_expiry_reminders_record(now=timezone.now())
    assert len(reminder_ids) == 1
    services.certificate_revoke(
        certificate=certificate, by=national_admin, reason="Ошибка в данных"
    )
    mail.outbox.clear()

    assert (
        certificate_expiry_remind_one.delay(reminder_id=reminder_ids[0]).get() is False
    )

    assert _sent_for(certificate) == []
