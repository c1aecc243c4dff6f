"""The e-mails of assessments' tasks go only to those we may write to, in their
language (core.mail.mail_recipient)."""

import pytest

from assessments.models import Submission
from assessments.services import assignments as services
from assessments.tasks.assignments import (
    submission_reviewed_notify,
    submission_submitted_notify,
)
from tests.mail_helpers import UNREACHABLE, kk_start, make_unreachable

# The fixtures (pytest finds them in this module's namespace) and helpers.
from .test_assignment_fixtures import *  # noqa: F403
from .test_assignment_fixtures import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(learner_x, enrolment, assignment):
    """Submitted (its e-mail, enqueued on commit, is not sent in a test transaction)."""
    return services.submission_create(
        learner=learner_x,
        assignment=assignment,
        text="Черновик заявки",
        files=[upload("zayavka.pdf")],
    )


@pytest.fixture
def returned(submission, mentor_x):
    return services.submission_review(
        submission=submission,
        reviewer=mentor_x,
        rubric_scores={},
        feedback="Добавьте бюджет.",
        decision=Submission.Status.RETURNED,
    )


@pytest.mark.parametrize("state", UNREACHABLE)
def test_submission_submitted_notify_writes_to_no_inactive_or_erased_reviewer(
    mailoutbox, mentor_x, submission, state
):
    make_unreachable(mentor_x, state)

    assert submission_submitted_notify.delay(submission_id=submission.pk).get() == 0

    assert mailoutbox == []


def test_submission_submitted_notify_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, mentor_x, submission
):
    assert mentor_x.preferred_language == "kk"

    assert submission_submitted_notify.delay(submission_id=submission.pk).get() == 1

    (mail,) = mailoutbox
    assert mail.to == [mentor_x.email]
    assert mail.subject.startswith(kk_start("New submission to review: %(title)s"))


def test_submission_submitted_notify_writes_to_each_reviewer_in_their_language(
    mailoutbox, mentor_x, coordinator_x, submission
):
    assert submission_submitted_notify.delay(submission_id=submission.pk).get() == 2

    by_address = {mail.to[0]: mail for mail in mailoutbox}
    kk = kk_start("New submission to review: %(title)s")
    assert by_address[mentor_x.email].subject.startswith(kk)
    assert not by_address[coordinator_x.email].subject.startswith(kk)
    assert "/kk/manage/reviews/" in by_address[mentor_x.email].body
    assert "/ru/manage/reviews/" in by_address[coordinator_x.email].body


@pytest.mark.parametrize("state", UNREACHABLE)
def test_submission_reviewed_notify_writes_to_no_inactive_or_erased_learner(
    mailoutbox, learner_x, returned, state
):
    make_unreachable(learner_x, state)

    assert submission_reviewed_notify.delay(submission_id=returned.pk).get() is False

    assert mailoutbox == []


def test_submission_reviewed_notify_writes_in_kazakh_to_a_kazakh_speaker(
    mailoutbox, learner_x, returned
):
    learner_x.preferred_language = "kk"
    learner_x.save()

    assert submission_reviewed_notify.delay(submission_id=returned.pk).get() is True

    (mail,) = mailoutbox
    assert mail.subject.startswith(
        kk_start("Your work is returned for revision: %(title)s")
    )
