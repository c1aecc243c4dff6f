"""A learner's quiz attempts and submissions in their data export, and their
submissions' content erased with their personal data."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import QuizAttempt, Submission, SubmissionFile
from assessments.services import assignments as services
from people.selectors import user_data_export
from people.services import user_erase

from .helpers import scores_all_top, stored_files, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(learner, enrolment, assignment, mentor):
    submission = services.submission_create(
        learner=learner,
        assignment=assignment,
        text="Мой проект: пандусы в Алматы.",
        files=[upload("Сапарова_заявка.pdf")],
    )
    return services.submission_review(
        submission=submission,
        reviewer=mentor,
        rubric_scores=scores_all_top(assignment),
        feedback="Айгерим, отлично.",
        decision=Submission.Status.ACCEPTED,
    )


def test_personal_data_export_includes_quiz_attempts_and_submissions(
    learner, reviewed, assignment
):
    quiz_key = uuid.uuid4()
    started = timezone.now() - datetime.timedelta(minutes=20)
    QuizAttempt.objects.create(
        learner=learner,
        quiz_key=quiz_key,
        number=1,
        status=QuizAttempt.Status.SUBMITTED,
        started_at=started,
        submitted_at=started + datetime.timedelta(minutes=15),
        score=Decimal("8"),
        max_score=Decimal("10"),
        percent=Decimal("80"),
        passed=True,
        pass_mark=70,
    )

    data = user_data_export(user=learner)

    (attempt,) = data["quiz_attempts"]
    assert attempt["quiz"] == str(quiz_key)
    assert (attempt["number"], attempt["passed"]) == (1, True)
    assert (attempt["score"], attempt["percent"]) == ("8.00", "80.00")
    assert attempt["started_at"] == started.isoformat()
    (submission,) = data["submissions"]
    assert submission["assignment"] == str(assignment.translation_key)
    assert (submission["version"], submission["status"]) == (1, "accepted")
    assert submission["text"] == "Мой проект: пандусы в Алматы."
    assert submission["feedback"] == "Айгерим, отлично."
    assert (submission["score"], submission["max_score"]) == ("5.00", "5.00")
    assert submission["rubric_scores"] == scores_all_top(assignment)
    assert submission["files"] == ["Сапарова_заявка.pdf"]
    assert submission["reviewed_at"] is not None


def test_user_erase_deletes_submission_files_and_blanks_the_texts(
    django_capture_on_commit_callbacks, learner, reviewed, private_storage
):
    assert len(stored_files(private_storage)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert user_erase(user=learner) is True

    reviewed.refresh_from_db()
    assert (reviewed.text, reviewed.feedback) == ("", "")
    assert reviewed.status == Submission.Status.ACCEPTED  # statistics keep counting
    assert not SubmissionFile.objects.exists()
    assert stored_files(private_storage) == []
