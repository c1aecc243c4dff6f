"""The e-mails of assessments' tasks go only to those we may write to, in their
language (core.mail.mail_recipient).

The world, built here: a course ending with an assignment, a learner enrolled in it,
and the reviewers of the learner's region: a Kazakh-speaking mentor and a
Russian-speaking regional admin."""

import pytest

from assessments.models import Submission
from assessments.services import assignments as services
from assessments.tasks.assignments import (
    submission_reviewed_notify,
    submission_submitted_notify,
)
from courses.services import enrolment_create
from people.roles import Role
from people.services import position_start
from tests.factories import (
    AssignmentPageFactory,
    OrganizationFactory,
    UserFactory,
    course_with_lessons,
)
from tests.mail_helpers import UNREACHABLE, kk_start, make_unreachable

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitter(db):
    return UserFactory(full_name="Айгерим Сапарова")


def _reviewer(submitter, role, language):
    office = OrganizationFactory(region=submitter.region)
    reviewer = UserFactory(region=submitter.region, preferred_language=language)
    position_start(user=reviewer, organization=office, role=role)
    return reviewer


@pytest.fixture
def kazakh_mentor(submitter):
    return _reviewer(submitter, Role.MENTOR, "kk")


@pytest.fixture
def russian_coordinator(submitter):
    return _reviewer(submitter, Role.REGIONAL_ADMIN, "ru")


@pytest.fixture
def submission(program_page, submitter):
    """Submitted (its e-mail, enqueued on commit, is not sent in a test transaction)."""
    course, _lessons = course_with_lessons(program_page, 1, slug="mail-recipients")
    homework = AssignmentPageFactory(
        parent=course, title="Черновик заявки на грант", slug="mail-homework"
    )
    course.refresh_from_db()
    enrolment_create(learner=submitter, course=course)
    return services.submission_create(
        learner=submitter, assignment=homework, text="Черновик заявки", files=[]
    )


@pytest.fixture
def returned(submission, kazakh_mentor):
    return services.submission_review(
        submission=submission,
        reviewer=kazakh_mentor,
        rubric_scores={},
        feedback="Добавьте бюджет.",
        decision=Submission.Status.RETURNED,
    )


@pytest.mark.parametrize("state", UNREACHABLE)
def test_submission_submitted_notify_writes_to_no_inactive_or_erased_reviewer(
    mailoutbox, kazakh_mentor, submission, state
):
    make_unreachable(kazakh_mentor, state)

    assert submission_submitted_notify.delay(submission_id=submission.pk).get() == 0

    assert mailoutbox == []


def test_submission_submitted_notify_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, kazakh_mentor, submission
):
    assert submission_submitted_notify.delay(submission_id=submission.pk).get() == 1

    (mail,) = mailoutbox
    assert mail.to == [kazakh_mentor.email]
    assert mail.subject.startswith(kk_start("New submission to review: %(title)s"))


def test_submission_submitted_notify_writes_to_each_reviewer_in_their_language(
    mailoutbox, kazakh_mentor, russian_coordinator, submission
):
    assert submission_submitted_notify.delay(submission_id=submission.pk).get() == 2

    by_address = {mail.to[0]: mail for mail in mailoutbox}
    kk = kk_start("New submission to review: %(title)s")
    assert by_address[kazakh_mentor.email].subject.startswith(kk)
    assert not by_address[russian_coordinator.email].subject.startswith(kk)
    assert "/kk/manage/reviews/" in by_address[kazakh_mentor.email].body
    assert "/ru/manage/reviews/" in by_address[russian_coordinator.email].body


@pytest.mark.parametrize("state", UNREACHABLE)
def test_submission_reviewed_notify_writes_to_no_inactive_or_erased_learner(
    mailoutbox, submitter, returned, state
):
    make_unreachable(submitter, state)

    assert submission_reviewed_notify.delay(submission_id=returned.pk).get() is False

    assert mailoutbox == []


def test_submission_reviewed_notify_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, submitter, returned
):
    submitter.preferred_language = "kk"
    submitter.save()

    assert submission_reviewed_notify.delay(submission_id=returned.pk).get() is True

    (mail,) = mailoutbox
    assert mail.subject.startswith(
        kk_start("Your work is returned for revision: %(title)s")
    )
