"""The beat's reconciliation of course-completed e-mails
(courses.tasks.course_completions_reconcile): one lost with its task is sent, once; a
day late is too late; young ones are left to their own task."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from courses.models import Enrolment
from courses.tasks import course_completions_reconcile

from .helpers import complete_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(learner, course, lessons):
    """A completion whose e-mail task was lost (its on-commit work does not run in a
    test transaction)."""
    enrolment = complete_course(learner=learner, course=course, lessons=lessons)
    mail.outbox.clear()
    return enrolment


def _completed_minutes_ago(enrolment, minutes: int) -> None:
    Enrolment.objects.filter(pk=enrolment.pk).update(
        completed_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_a_completion_whose_e_mail_was_lost_gets_it_once(completed, learner):
    _completed_minutes_ago(completed, 20)

    assert course_completions_reconcile.delay().get() == 1
    assert course_completions_reconcile.delay().get() == 0

    assert [message.to for message in mail.outbox] == [[learner.email]]


@pytest.mark.parametrize("minutes", [5, 25 * 60])
def test_a_completion_too_young_or_a_day_old_is_left_alone(completed, minutes):
    _completed_minutes_ago(completed, minutes)

    assert course_completions_reconcile.delay().get() == 0
    assert mail.outbox == []
