"""The e-mails of courses' tasks go only to those we may write to, in their language
(core.mail.mail_recipient)."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.models import Assignment
from courses.tasks import assignment_notify, assignment_remind, course_completed_notify
from tests.mail_helpers import UNREACHABLE, kk_start, make_unreachable

from .helpers import complete_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(learner, course):
    assignment, _created = services.assignment_create(
        learner=learner,
        target=course,
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    return assignment


def _speaks_kazakh(user):
    user.preferred_language = "kk"
    user.save()


@pytest.mark.parametrize("state", UNREACHABLE)
def test_assignment_notify_writes_to_no_inactive_or_erased_learner(
    mailoutbox, learner, assignment, state
):
    make_unreachable(learner, state)

    assert assignment_notify.delay(assignment_id=assignment.pk).get() is False

    assert mailoutbox == []
    assert Assignment.objects.get(pk=assignment.pk).notified_at is None


def test_assignment_notify_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, learner, assignment
):
    _speaks_kazakh(learner)

    assert assignment_notify.delay(assignment_id=assignment.pk).get() is True

    (mail,) = mailoutbox
    assert mail.subject.startswith(kk_start("New learning assigned: %(title)s"))


@pytest.mark.parametrize("state", UNREACHABLE)
def test_assignment_remind_writes_to_no_inactive_or_erased_learner(
    mailoutbox, learner, assignment, state
):
    make_unreachable(learner, state)

    assert assignment_remind.delay(assignment_id=assignment.pk).get() is False

    assert mailoutbox == []
    # Marked all the same, so that the beat task stops picking it up.
    assert Assignment.objects.get(pk=assignment.pk).reminded_at is not None


def test_assignment_remind_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, learner, assignment
):
    _speaks_kazakh(learner)

    assert assignment_remind.delay(assignment_id=assignment.pk).get() is True

    (mail,) = mailoutbox
    assert mail.subject.startswith(kk_start("Reminder: %(title)s"))


@pytest.mark.parametrize("state", UNREACHABLE)
def test_course_completed_notify_writes_to_no_inactive_or_erased_learner(
    mailoutbox, learner, course, lessons, state
):
    enrolment = complete_course(learner=learner, course=course, lessons=lessons)
    make_unreachable(learner, state)

    assert course_completed_notify.delay(enrolment_id=enrolment.pk).get() is False

    assert mailoutbox == []


def test_course_completed_notify_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, learner, course, lessons
):
    _speaks_kazakh(learner)
    enrolment = complete_course(learner=learner, course=course, lessons=lessons)

    assert course_completed_notify.delay(enrolment_id=enrolment.pk).get() is True

    (mail,) = mailoutbox
    assert mail.subject.startswith(kk_start("Course completed: %(title)s"))
