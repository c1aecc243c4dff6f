"""The beat's reconciliation of certificates (certificates.tasks.certificates_reconcile):
what a lost task left undone is found again and done once; what is young is left to
its own task."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from certificates.models import Certificate
from certificates.tasks import certificates_reconcile
from courses.models import Enrolment
from tests.courses.helpers import complete_course

pytestmark = pytest.mark.django_db


def _ago(minutes: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=minutes)


@pytest.fixture
def lost_issuance(holder, certified_course_and_lessons):
    """A completed course whose issuance task was lost (its on-commit work does not
    run in a test transaction), 20 minutes ago."""
    course, lessons, _rule = certified_course_and_lessons
    enrolment = complete_course(learner=holder, course=course, lessons=lessons)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=_ago(20))
    return enrolment


def test_a_completion_whose_issuance_was_lost_gets_its_certificate_once(
    lost_issuance, holder
):
    assert not Certificate.objects.exists()

    assert certificates_reconcile.delay().get() == 1
    assert certificates_reconcile.delay().get() == 0

    assert Certificate.objects.filter(learner=holder).count() == 1


def test_a_completion_younger_than_ten_minutes_is_left_to_its_own_task(
    lost_issuance,
):
    Enrolment.objects.filter(pk=lost_issuance.pk).update(completed_at=_ago(5))

    assert certificates_reconcile.delay().get() == 0
    assert not Certificate.objects.exists()


def test_a_certificate_whose_e_mail_was_lost_gets_it_once(certificate, holder):
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=_ago(20))
    mail.outbox.clear()

    certificates_reconcile.delay().get()
    certificates_reconcile.delay().get()

    assert [message.to for message in mail.outbox] == [[holder.email]]


def test_a_certificate_e_mail_missing_for_more_than_a_day_is_not_sent_that_late(
    certificate,
):
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=_ago(25 * 60))
    mail.outbox.clear()

    certificates_reconcile.delay().get()

    assert mail.outbox == []
