"""A quiz answer is judged by when the request arrived: a submit that waited in a busy
server's queue past the time limit still counts, when a trusted proxy stamped it."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from assessments.models import QuizAttempt
from assessments.services import quizzes as quiz_services
from core.http import request_received_at

from .helpers import page_post, rows_of, submit_url

pytestmark = pytest.mark.django_db

HEADER = "X-Request-Start"


def _stamp(moment: datetime.datetime) -> str:
    return f"t={moment.timestamp():.3f}"


@pytest.fixture
def expired_attempt(learner, quiz, enrolment, settings):
    """An attempt whose 10-minute limit and 30 s grace ran out 40 s ago."""
    settings.LMS_QUIZ_GRACE_SECONDS = 30
    quiz.time_limit_minutes = 10
    quiz.save_revision().publish()
    started = timezone.now() - datetime.timedelta(minutes=10, seconds=70)
    return quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=started)


def test_a_submit_stamped_before_the_deadline_by_the_proxy_counts(
    learner_client, quiz, expired_attempt, settings
):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    arrived = expired_attempt.deadline - datetime.timedelta(seconds=5)

    learner_client.post(
        submit_url(quiz, expired_attempt),
        page_post(expired_attempt, 1, action="submit"),
        headers={HEADER: _stamp(arrived)},
    )

    expired_attempt.refresh_from_db()
    assert expired_attempt.closed_by == QuizAttempt.ClosedBy.LEARNER
    # Submitted when it arrived (the stamp has millisecond precision).
    assert abs((expired_attempt.submitted_at - arrived).total_seconds()) < 0.01
    assert all(row.response is not None for row in rows_of(expired_attempt)[:3])


def test_the_stamp_is_ignored_unless_a_proxy_is_trusted(
    learner_client, quiz, expired_attempt, settings
):
    settings.LMS_TRUSTED_PROXY_COUNT = 0
    arrived = expired_attempt.deadline - datetime.timedelta(seconds=5)

    learner_client.post(
        submit_url(quiz, expired_attempt),
        page_post(expired_attempt, 1, action="submit"),
        headers={HEADER: _stamp(arrived)},
    )

    expired_attempt.refresh_from_db()
    assert expired_attempt.closed_by == QuizAttempt.ClosedBy.TIME
    assert all(row.response is None for row in rows_of(expired_attempt))


@pytest.mark.parametrize(
    "value",
    ["", "t=abc", "t=nan", "t=inf", "t=-1", "future", "stale"],
)
def test_request_received_at_falls_back_to_now_for_unbelievable_stamps(settings, value):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    now = timezone.now()
    if value == "future":
        value = _stamp(now + datetime.timedelta(seconds=60))
    elif value == "stale":
        value = _stamp(now - datetime.timedelta(minutes=6))
    request = RequestFactory().post("/", headers={HEADER: value})

    received = request_received_at(request)

    assert now <= received <= timezone.now()


@pytest.mark.parametrize("scale", [1, 1_000, 1_000_000])
def test_request_received_at_reads_seconds_milliseconds_or_microseconds(
    settings, scale
):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    arrived = timezone.now() - datetime.timedelta(seconds=20)
    request = RequestFactory().post(
        "/", headers={HEADER: f"t={arrived.timestamp() * scale:.0f}"}
    )

    received = request_received_at(request)

    assert abs((received - arrived).total_seconds()) < 1
