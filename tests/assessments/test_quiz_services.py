"""Quiz attempt services: drawing questions, saving answers, grading once, closing
attempts whose time ran out, and completing the course item on a pass."""

import datetime
import random
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from assessments import grading
from assessments.models import AttemptQuestion, QuizAttempt
from assessments.selectors import quizzes as quiz_selectors
from assessments.services import quizzes as quiz_services
from assessments.tasks.quizzes import attempts_expired_close
from courses import services as course_services
from courses.models import Enrolment, ItemProgress
from courses.signals import item_passed
from tests.factories import (
    QuestionCategoryFactory,
    QuizFactory,
    UserFactory,
    short_question,
    single_question,
)
from tests.services import database_vendor, missing

from .helpers import (
    answer_everything,
    responses_for,
    rows_of,
)

pytestmark = pytest.mark.django_db
# The quiz fixtures (course, lesson, questions, quiz, enrolment, attempt).

NOW = timezone.now()


def _submit(attempt, **kwargs):
    return quiz_services.quiz_attempt_submit(
        attempt=attempt, closed_by=QuizAttempt.ClosedBy.LEARNER, **kwargs
    )


# Start
# ------------------------------------------------------------------------------


def test_start_draws_fixed_questions_in_order_then_active_ones_of_each_category(
    learner, course, enrolment, category, locales
):
    fixed = [single_question(category) for _ in range(2)]
    inactive_fixed = single_question(category, is_active=False)
    bank = QuestionCategoryFactory()
    active = [single_question(bank) for _ in range(4)]
    single_question(bank, is_active=False)
    kazakh = single_question(bank, locale=locales["kk"])
    quiz = QuizFactory(
        parent=course,
        questions=[*fixed, inactive_fixed, active[0]],
        draw=[(bank, 10)],
        questions_per_page=2,
        time_limit_minutes=15,
        pass_mark=80,
    )

    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=NOW)

    rows = rows_of(attempt)
    drawn = [row.question for row in rows]
    assert drawn[:3] == [*fixed, active[0]]  # fixed, in order, inactive left out
    assert set(drawn[3:]) == set(active[1:])  # the rest of the active bank, once
    assert kazakh not in drawn
    assert [row.position for row in rows] == [1, 2, 3, 4, 5, 6]
    assert [row.page for row in rows] == [1, 1, 2, 2, 3, 3]
    assert all(row.question_key == row.question.translation_key for row in rows)
    assert all(row.key == grading.question_key(row.question) for row in rows)
    assert attempt.number == 1 and attempt.status == QuizAttempt.Status.OPEN
    assert attempt.deadline == NOW + datetime.timedelta(minutes=15)
    assert (attempt.pass_mark, attempt.max_score, attempt.language) == (80, 6, "ru")


def test_start_draws_the_requested_number_at_random(course):
    bank = QuestionCategoryFactory()
    pool = [single_question(bank) for _ in range(6)]
    quiz = QuizFactory(parent=course, draw=[(bank, 3)], shuffle_questions=True)

    drawn = {}
    for seed in range(4):
        learner = UserFactory()
        course_services.enrolment_create(learner=learner, course=course)
        attempt = quiz_services.quiz_attempt_start(
            learner=learner, quiz=quiz, rng=random.Random(seed)
        )
        drawn[seed] = [row.question for row in rows_of(attempt)]

    assert all(len(questions) == 3 for questions in drawn.values())
    assert all(set(questions) <= set(pool) for questions in drawn.values())
    assert len({tuple(q.pk for q in questions) for questions in drawn.values()}) > 1


def test_short_answers_accepted_in_a_translation_count(
    learner, course, enrolment, locales
):
    question = short_question(accepted=("волонтёр",))
    translated = question.copy_for_translation(locales["kk"])
    translated.accepted_answers = [{"type": "answer", "value": "ерікті"}]
    translated.save()
    quiz = QuizFactory(parent=course, questions=[question])

    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)

    (row,) = rows_of(attempt)
    assert row.key["accepted"] == ["волонтер", "ерікті"]


def test_start_returns_the_open_attempt_instead_of_a_second(learner, quiz, enrolment):
    first = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    second = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)

    assert first == second
    assert QuizAttempt.objects.count() == 1


def test_one_open_attempt_per_learner_and_quiz_is_a_database_rule(attempt):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.create(
            learner=attempt.learner,
            quiz_key=attempt.quiz_key,
            number=attempt.number + 1,
            started_at=NOW,
        )


def test_a_concurrent_start_that_won_the_race_is_returned(
    learner, quiz, enrolment, monkeypatch
):
    draw = quiz_services._questions_draw

    def draw_while_another_request_starts(**kwargs):
        # The other request (a second tab) inserts its attempt meanwhile.
        QuizAttempt.objects.create(
            learner=learner, quiz_key=quiz.translation_key, number=1, started_at=NOW
        )
        return draw(**kwargs)

    monkeypatch.setattr(
        quiz_services, "_questions_draw", draw_while_another_request_starts
    )

    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)

    assert QuizAttempt.objects.get() == attempt
    assert not AttemptQuestion.objects.exists()  # the loser's rows rolled back


def test_start_refuses_a_learner_who_is_not_enrolled(learner, quiz):
    with pytest.raises(ValidationError) as error:
        quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)

    assert error.value.messages == [str(quiz_services.MSG_NOT_ENROLLED)]


def test_attempts_limit_and_cooldown_are_enforced(learner, quiz, enrolment):
    quiz.attempts_allowed, quiz.cooldown_minutes = 2, 10
    quiz.save_revision().publish()
    first = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=NOW)
    _submit(first, now=NOW)

    with pytest.raises(ValidationError) as error:
        quiz_services.quiz_attempt_start(
            learner=learner, quiz=quiz, now=NOW + datetime.timedelta(minutes=9)
        )
    assert error.value.code == "cooldown"

    later = NOW + datetime.timedelta(minutes=10)
    second = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=later)
    _submit(second, now=later)
    assert second.number == 2
    with pytest.raises(ValidationError) as error:
        quiz_services.quiz_attempt_start(
            learner=learner, quiz=quiz, now=later + datetime.timedelta(days=1)
        )
    assert error.value.messages == [str(quiz_services.MSG_NO_ATTEMPTS_LEFT)]


# Saving
# ------------------------------------------------------------------------------


def test_save_cleans_answers_and_keeps_only_the_posted_pages_questions(
    learner, quiz, attempt, course
):
    single, multiple, true_false, short, *_ = rows_of(attempt)
    other = quiz_services.quiz_attempt_start(
        learner=UserFactory(),
        quiz=quiz,
        enrolment=course_services.enrolment_create(
            learner=UserFactory(), course=course
        ),
    )
    others_row = rows_of(other)[0]

    saved = quiz_services.quiz_attempt_answers_save(
        attempt=attempt,
        page=1,
        responses={
            single.pk: "not-a-choice",
            multiple.pk: [*multiple.key["correct"], "forged", {"x": 1}],
            true_false.pk: "false",
            short.pk: "on page 2",
            others_row.pk: others_row.key["options"][0],
            "junk": "x",
        },
        now=NOW,
    )

    assert saved == 3
    single, multiple, true_false, short, *_ = rows_of(attempt)
    assert single.response is None and single.saved_at == NOW
    assert multiple.response == multiple.key["correct"]
    assert true_false.response == "false"
    assert short.response is None and short.saved_at is None
    assert rows_of(other)[0].response is None


def test_answers_after_the_deadline_and_grace_are_refused_and_earlier_ones_count(
    learner, quiz, enrolment, settings
):
    settings.LMS_QUIZ_GRACE_SECONDS = 30
    quiz.time_limit_minutes = 10
    quiz.save_revision().publish()
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=NOW)
    deadline = attempt.deadline
    quiz_services.quiz_attempt_answers_save(
        attempt=attempt,
        page=1,
        responses=responses_for(attempt, 1),
        now=deadline + datetime.timedelta(seconds=30),  # in the grace period
    )

    with pytest.raises(ValidationError) as error:
        quiz_services.quiz_attempt_answers_save(
            attempt=attempt,
            page=2,
            responses=responses_for(attempt, 2),
            now=deadline + datetime.timedelta(seconds=31),
        )

    assert error.value.code == "time_up"
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.SUBMITTED
    assert attempt.closed_by == QuizAttempt.ClosedBy.TIME
    assert attempt.submitted_at == deadline
    assert (attempt.score, attempt.max_score, attempt.percent) == (3, 6, 50)
    assert all(row.response is None for row in rows_of(attempt)[3:])
    # Answers posted with a late submit are not saved either.
    with pytest.raises(ValidationError):
        quiz_services.quiz_attempt_answers_save(
            attempt=attempt, page=2, responses=responses_for(attempt, 2), now=NOW
        )


# Submit
# ------------------------------------------------------------------------------


def test_submit_scores_each_question_and_the_attempt(learner, quiz, attempt):
    answer_everything(attempt, right=True)
    quiz_services.quiz_attempt_answers_save(
        attempt=attempt,
        page=1,
        responses={rows_of(attempt)[0].pk: None},  # one of six cleared
    )

    graded = _submit(attempt, now=NOW)

    assert [row.score for row in rows_of(graded)] == [0, 1, 1, 1, 1, 1]
    assert graded.status == QuizAttempt.Status.SUBMITTED
    assert graded.closed_by == QuizAttempt.ClosedBy.LEARNER
    assert (graded.score, graded.max_score) == (5, 6)
    assert graded.percent == Decimal("83.33") and graded.passed is True
    assert graded.submitted_at == NOW


def test_submitting_twice_grades_once(learner, quiz, attempt):
    answer_everything(attempt, right=True)
    first = _submit(attempt, now=NOW)

    later = NOW + datetime.timedelta(minutes=5)
    second = quiz_services.quiz_attempt_submit(
        attempt=attempt,
        closed_by=QuizAttempt.ClosedBy.TIME,
        now=later,
        responses=responses_for(attempt, 2, right=False),
        page=2,
    )

    assert second.pk == first.pk
    assert (second.score, second.submitted_at, second.closed_by) == (6, NOW, "learner")
    assert all(row.score == 1 for row in rows_of(attempt))


def test_a_submit_that_loses_the_race_keeps_the_winners_grade(
    learner, quiz, attempt, monkeypatch
):
    """Where row locks do not order two submits (SQLite ignores select_for_update),
    the change from open to submitted is a conditional update: a call that finds the
    attempt graded by another call between its read and its update writes nothing."""
    in_time = quiz_selectors.quiz_attempt_in_time

    def another_call_submits_meanwhile(*, attempt, now):
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            status="submitted",
            submitted_at=NOW,
            score=Decimal(4),
            percent=Decimal(50),
            passed=False,
            closed_by="time",
        )
        return in_time(attempt=attempt, now=now)

    answer_everything(attempt, right=True)
    monkeypatch.setattr(
        quiz_selectors, "quiz_attempt_in_time", another_call_submits_meanwhile
    )

    result = _submit(attempt, responses=responses_for(attempt, 1, right=False), page=1)

    assert (result.score, result.closed_by, result.passed) == (4, "time", False)
    rows = rows_of(attempt)
    assert all(row.score is None for row in rows)  # nothing graded by the loser
    # ...and the wrong answers it was posted with were not saved.
    assert all(grading.is_correct(row.key, row.response) for row in rows)
    assert not ItemProgress.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_on_separate_connections_grade_once(
    learner, quiz, enrolment
):
    if database_vendor() != "postgresql":
        missing("concurrent submits need PostgreSQL's row locks")
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    answer_everything(attempt, right=True)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def submit(closed_by):
        try:
            barrier.wait()
            results.append(
                quiz_services.quiz_attempt_submit(
                    attempt=QuizAttempt.objects.get(pk=attempt.pk), closed_by=closed_by
                )
            )
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(by,))
        for by in ("learner", "learner", "time", "learner")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len({(r.submitted_at, r.closed_by, r.score) for r in results}) == 1
    assert ItemProgress.objects.filter(item_key=quiz.translation_key).count() == 1
    assert AttemptQuestion.objects.filter(attempt=attempt, score=1).count() == 6


def test_passing_completes_the_course_when_the_quiz_is_the_last_required_item(
    learner, quiz, lesson, enrolment
):
    course_services.item_complete(enrolment=enrolment, item=lesson)
    failed = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    answer_everything(failed, right=False)
    failed = _submit(failed, enrolment=enrolment)
    assert failed.passed is False
    assert enrolment.status == Enrolment.Status.ACTIVE

    passed = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    answer_everything(passed, right=True)
    passed = _submit(passed, enrolment=enrolment)

    assert passed.passed is True
    assert enrolment.status == Enrolment.Status.COMPLETED  # updated in place
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert ItemProgress.objects.filter(
        enrolment=enrolment, item_key=quiz.translation_key
    ).exists()


def test_a_passed_attempt_announces_item_passed_and_a_failed_one_does_not(
    learner, quiz, enrolment
):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    item_passed.connect(receiver, dispatch_uid="test_item_passed")
    try:
        failed = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
        answer_everything(failed, right=False)
        _submit(failed, enrolment=enrolment)
        assert received == []
        passed = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
        answer_everything(passed, right=True)
        passed = _submit(passed, enrolment=enrolment)
    finally:
        item_passed.disconnect(dispatch_uid="test_item_passed")
    assert len(received) == 1
    assert received[0]["learner_id"] == learner.pk
    assert received[0]["item_key"] == quiz.translation_key
    assert received[0]["at"] == passed.submitted_at


# Closing attempts whose time ran out
# ------------------------------------------------------------------------------


def test_beat_task_closes_and_grades_expired_attempts_and_a_second_run_changes_nothing(
    learner, quiz, enrolment, settings
):
    settings.LMS_QUIZ_GRACE_SECONDS = 30
    quiz.time_limit_minutes = 5
    quiz.save_revision().publish()
    long_ago = timezone.now() - datetime.timedelta(minutes=30)
    expired = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=long_ago)
    answer_everything(expired, right=True, now=long_ago)
    other = UserFactory()
    course_services.enrolment_create(learner=other, course=quiz.get_parent().specific)
    running = quiz_services.quiz_attempt_start(learner=other, quiz=quiz)
    untimed_quiz = QuizFactory(
        parent=quiz.get_parent(), questions=[rows_of(expired)[0].question]
    )
    untimed = quiz_services.quiz_attempt_start(
        learner=learner, quiz=untimed_quiz, now=long_ago
    )

    entry = settings.CELERY_BEAT_SCHEDULE["assessments-quiz-attempts-expired-close"]
    assert entry["task"] == attempts_expired_close.name

    assert attempts_expired_close.delay().get() == 1

    expired.refresh_from_db()
    assert expired.status == QuizAttempt.Status.SUBMITTED
    assert expired.closed_by == QuizAttempt.ClosedBy.TIME
    assert expired.submitted_at == expired.deadline
    assert expired.passed is True and expired.score == 6
    graded_at = expired.updated_at
    for still_open in (running, untimed):
        still_open.refresh_from_db()
        assert still_open.status == QuizAttempt.Status.OPEN

    assert attempts_expired_close.delay().get() == 0
    expired.refresh_from_db()
    assert expired.updated_at == graded_at


def test_a_short_answer_with_a_control_character_is_saved_cleaned(
    learner, quiz, attempt
):
    short = rows_of(attempt)[3]

    quiz_services.quiz_attempt_answers_save(
        attempt=attempt, page=2, responses={short.pk: "во\x00лонтёр"}
    )

    short.refresh_from_db()
    assert short.response == "волонтёр"
