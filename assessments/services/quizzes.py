"""State changes of quiz attempts: start, save answers, submit (grade), close when time
ran out. Grading happens here, on the server, with assessments.grading's rules."""

from __future__ import annotations

import datetime
import logging
import random
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import DEFAULT_LANGUAGE
from courses.models import Enrolment
from courses.selectors import course_of_item, enrolment_get_for
from courses.services import item_complete
from courses.signals import item_passed

from .. import grading
from ..models import (
    AttemptQuestion,
    Question,
    QuizAttempt,
    QuizDrawRule,
    QuizPage,
    QuizQuestion,
)
from ..selectors import quizzes as selectors

logger = logging.getLogger(__name__)

MSG_NOT_ENROLLED = _("Enrol in the course first.")
MSG_NO_QUESTIONS = _("This quiz has no questions yet. Please come back later.")
MSG_NO_ATTEMPTS_LEFT = _("You have used every attempt at this quiz.")
MSG_COOLDOWN = _("You can try again at %(time)s.")
MSG_ATTEMPT_CLOSED = _("This attempt has already been submitted.")
MSG_TIME_UP = _(
    "Time is up. Answers sent after the time limit were not saved; your attempt was "
    "submitted with the answers saved in time."
)
MSG_START_FAILED = _("The quiz could not be started. Please try again.")


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


# Start
# ------------------------------------------------------------------------------


def _canonical_questions(questions: list[Question], locale_id: int) -> list[Question]:
    """Each question in the canonical locale where it has a version there (a fixed
    question linked in another language is replaced by its canonical version)."""
    foreign = [q.translation_key for q in questions if q.locale_id != locale_id]
    if not foreign:
        return questions
    own = {
        q.translation_key: q
        for q in Question.objects.filter(
            translation_key__in=foreign, locale_id=locale_id
        )
    }
    return [own.get(q.translation_key, q) for q in questions]


def _questions_draw(*, quiz: QuizPage, rng: random.Random) -> list[Question]:
    """The questions of a new attempt at the canonical `quiz`: its active fixed
    questions in order, then per draw rule that many random active questions of the
    rule's category not already drawn, all in the quiz's locale; shuffled when the quiz
    says so. The number of queries depends on the draw rules only."""
    links = (
        QuizQuestion.objects.filter(quiz=quiz, question__is_active=True)
        .select_related("question")
        .order_by("sort_order", "pk")
    )
    fixed = _canonical_questions([link.question for link in links], quiz.locale_id)
    questions: list[Question] = []
    seen: set = set()
    for question in fixed:
        if question.translation_key not in seen:
            seen.add(question.translation_key)
            questions.append(question)
    drawn_ids: list[int] = []
    rules = QuizDrawRule.objects.filter(quiz=quiz).select_related("category")
    for rule in rules.order_by("sort_order", "pk"):
        candidates = [
            (pk, key)
            for pk, key in Question.objects.filter(
                category__translation_key=rule.category.translation_key,
                locale_id=quiz.locale_id,
                is_active=True,
            )
            .order_by("pk")
            .values_list("pk", "translation_key")
            if key not in seen
        ]
        for pk, key in rng.sample(candidates, min(rule.count, len(candidates))):
            seen.add(key)
            drawn_ids.append(pk)
    if drawn_ids:
        by_id = Question.objects.in_bulk(drawn_ids)
        questions += [by_id[pk] for pk in drawn_ids]
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    return questions


def _other_translations(questions: list[Question]) -> dict[Any, list[Question]]:
    """Every other-locale version of the questions (their accepted short answers count
    too), by translation_key, in one query."""
    others: dict[Any, list[Question]] = {}
    if not questions:
        return others
    for other in Question.objects.filter(
        translation_key__in=[q.translation_key for q in questions]
    ).exclude(pk__in=[q.pk for q in questions]):
        others.setdefault(other.translation_key, []).append(other)
    return others


def _refusal(standing: selectors.QuizStanding) -> ValidationError | None:
    if standing.blocked == selectors.BLOCKED_NOT_ENROLLED:
        return ValidationError(MSG_NOT_ENROLLED, code="not_enrolled")
    if standing.blocked == selectors.BLOCKED_NO_ATTEMPTS:
        return ValidationError(MSG_NO_ATTEMPTS_LEFT, code="no_attempts")
    if standing.blocked == selectors.BLOCKED_COOLDOWN:
        when = formats.date_format(
            timezone.localtime(standing.next_start_at), "DATETIME_FORMAT"
        )
        return ValidationError(MSG_COOLDOWN, code="cooldown", params={"time": when})
    return None


def quiz_attempt_start(
    *,
    learner,
    quiz: QuizPage,
    enrolment: Enrolment | None = None,
    now: datetime.datetime | None = None,
    rng: random.Random | None = None,
) -> QuizAttempt:
    """Start an attempt at a quiz, or return the learner's open one.

    The learner must be enrolled in the quiz's course. Refused when every attempt is
    used or the wait since the last submitted attempt is not over. The questions are
    drawn from the canonical quiz (default language) and fixed for the attempt, each
    with its grading key. One open attempt per learner and quiz is a database rule:
    a double click or a second tab gets the attempt the first request started.
    """
    now = _now(now)
    rng = rng or random.SystemRandom()
    if enrolment is None:
        enrolment = enrolment_get_for(learner=learner, course=course_of_item(item=quiz))
    if enrolment is None:
        raise ValidationError(MSG_NOT_ENROLLED, code="not_enrolled")
    canonical = selectors.quiz_canonical(quiz=quiz)
    open_attempt = QuizAttempt.objects.filter(
        learner=learner,
        quiz_key=quiz.translation_key,
        status=QuizAttempt.Status.OPEN,
    ).first()
    if open_attempt is not None:
        if selectors.quiz_attempt_in_time(attempt=open_attempt, now=now):
            return open_attempt
        quiz_attempt_submit(
            attempt=open_attempt,
            closed_by=QuizAttempt.ClosedBy.TIME,
            now=now,
            quiz=quiz,
            enrolment=enrolment,
        )
    standing = selectors.quiz_standing(
        learner=learner, quiz=quiz, now=now, canonical=canonical
    )
    refusal = _refusal(standing)
    if refusal is not None:
        raise refusal
    questions = _questions_draw(quiz=canonical, rng=rng)
    if not questions:
        raise ValidationError(MSG_NO_QUESTIONS, code="no_questions")
    translations = _other_translations(questions)
    per_page = max(1, canonical.questions_per_page)
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                learner=learner,
                quiz_key=quiz.translation_key,
                number=max((a.number for a in standing.attempts), default=0) + 1,
                status=QuizAttempt.Status.OPEN,
                language=quiz.locale.language_code,
                started_at=now,
                deadline=now + datetime.timedelta(minutes=canonical.time_limit_minutes)
                if canonical.time_limit_minutes
                else None,
                pass_mark=canonical.pass_mark,
                max_score=sum((Decimal(q.points) for q in questions), Decimal(0)),
            )
            rows = []
            for position, question in enumerate(questions, start=1):
                key = grading.question_key(
                    question,
                    translations=translations.get(question.translation_key, []),
                )
                rows.append(
                    AttemptQuestion(
                        attempt=attempt,
                        position=position,
                        page=(position - 1) // per_page + 1,
                        question=question,
                        question_key=question.translation_key,
                        key=key,
                        option_order=grading.option_order(
                            key, shuffle=canonical.shuffle_choices, rng=rng
                        ),
                        max_score=Decimal(question.points),
                    )
                )
            AttemptQuestion.objects.bulk_create(rows)
    except IntegrityError:
        # A concurrent request (double click, second tab) started one first: the
        # partial unique constraint quiz_attempt_one_open let only that one in.
        existing = QuizAttempt.objects.filter(
            learner=learner,
            quiz_key=quiz.translation_key,
            status=QuizAttempt.Status.OPEN,
        ).first()
        if existing is None:
            raise ValidationError(MSG_START_FAILED, code="conflict") from None
        return existing
    return attempt


# Answers
# ------------------------------------------------------------------------------


def _responses_store(
    *,
    attempt: QuizAttempt,
    page: int,
    responses: dict[int, Any],
    now: datetime.datetime,
) -> int:
    """Clean and store responses to the attempt's questions on `page` (ids of other
    pages or attempts are ignored). Two queries, whatever the number of answers."""
    raw_by_id = {int(k): v for k, v in responses.items() if str(k).isdigit()}
    if not raw_by_id:
        return 0
    rows = list(
        AttemptQuestion.objects.filter(
            attempt=attempt, page=page, pk__in=list(raw_by_id)
        ).only("pk", "key", "response", "saved_at", "updated_at")
    )
    for row in rows:
        row.response = grading.clean_response(row.key, raw_by_id.get(row.pk))
        row.saved_at = now
        row.updated_at = now
    AttemptQuestion.objects.bulk_update(rows, ["response", "saved_at", "updated_at"])
    return len(rows)


def quiz_attempt_answers_save(
    *,
    attempt: QuizAttempt,
    responses: dict[int, Any],
    page: int,
    now: datetime.datetime | None = None,
) -> int:
    """Save the learner's answers to the questions of one page of an open attempt
    (attempt question id -> raw answer; each cleaned by grading.clean_response).
    Returns how many were saved.

    Refused once the attempt is submitted. Answers sent later than the deadline plus
    LMS_QUIZ_GRACE_SECONDS are refused too, and the attempt is then closed and graded
    with what was saved in time.
    """
    now = _now(now)
    if attempt.status != QuizAttempt.Status.OPEN:
        raise ValidationError(MSG_ATTEMPT_CLOSED, code="closed")
    if not selectors.quiz_attempt_in_time(attempt=attempt, now=now):
        quiz_attempt_submit(
            attempt=attempt, closed_by=QuizAttempt.ClosedBy.TIME, now=now
        )
        raise ValidationError(MSG_TIME_UP, code="time_up")
    with transaction.atomic():
        # The row lock orders this save against a concurrent submit: answers never
        # change after the attempt is graded.
        locked = (
            QuizAttempt.objects.select_for_update()
            .filter(pk=attempt.pk, status=QuizAttempt.Status.OPEN)
            .first()
        )
        if locked is None:
            raise ValidationError(MSG_ATTEMPT_CLOSED, code="closed")
        return _responses_store(attempt=locked, page=page, responses=responses, now=now)


# Submit
# ------------------------------------------------------------------------------


def _quiz_page_for(attempt: QuizAttempt) -> QuizPage | None:
    pages = list(
        QuizPage.objects.filter(translation_key=attempt.quiz_key).select_related(
            "locale"
        )
    )
    canonical = [p for p in pages if p.locale.language_code == DEFAULT_LANGUAGE]
    return (canonical or pages or [None])[0]


def _item_complete(
    *,
    attempt: QuizAttempt,
    quiz: QuizPage | None,
    enrolment: Enrolment | None,
) -> None:
    quiz = quiz or _quiz_page_for(attempt)
    if quiz is None:
        return
    if enrolment is None or enrolment.learner_id != attempt.learner_id:
        enrolment = enrolment_get_for(
            learner=attempt.learner, course=course_of_item(item=quiz)
        )
    if enrolment is not None:
        item_complete(enrolment=enrolment, item=quiz)
    # Passed again after the course was completed counts too: a refresher quiz renews a
    # certificate (certificates reacts once this transaction commits).
    item_passed.send(
        sender=QuizAttempt,
        learner_id=attempt.learner_id,
        item_key=attempt.quiz_key,
        at=attempt.submitted_at,
    )


def quiz_attempt_submit(
    *,
    attempt: QuizAttempt,
    closed_by: str,
    now: datetime.datetime | None = None,
    responses: dict[int, Any] | None = None,
    page: int | None = None,
    quiz: QuizPage | None = None,
    enrolment: Enrolment | None = None,
) -> QuizAttempt:
    """Close an attempt and grade it, exactly once.

    `responses` posted with the submit (the answers on `page`) are saved first when in
    time. Each question is scored by its key; the attempt gets score, percent and
    passed (percent at or above its pass mark). A pass records the quiz done in the
    course (courses.services.item_complete, idempotent; `enrolment`, when given, is
    updated in place, so a caller sees whether the course was just completed).

    Concurrent calls (two tabs, a double click, the time-out task racing the learner)
    grade once: the attempt row is locked and the status changes open -> submitted by a
    conditional update; a later call returns the graded attempt unchanged.
    """
    now = _now(now)
    with transaction.atomic():
        locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != QuizAttempt.Status.OPEN:
            return locked
        in_time = selectors.quiz_attempt_in_time(attempt=locked, now=now)
        if not in_time:
            # However it was asked for, an attempt past its time ended when time ran
            # out, with the answers saved until then.
            closed_by = QuizAttempt.ClosedBy.TIME
        submitted_at = now
        if closed_by == QuizAttempt.ClosedBy.TIME and locked.deadline is not None:
            # Closed late by the clock (maybe long after): it ended at its deadline.
            submitted_at = min(now, locked.deadline)
        # Claim the attempt before writing anything: one call only changes it from
        # open to submitted. The row lock orders concurrent calls where the database
        # has row locks; this conditional update is the rule everywhere.
        claimed = QuizAttempt.objects.filter(
            pk=locked.pk, status=QuizAttempt.Status.OPEN
        ).update(
            status=QuizAttempt.Status.SUBMITTED,
            submitted_at=submitted_at,
            closed_by=closed_by,
            score=Decimal(0),
            percent=Decimal(0),
            passed=False,
            updated_at=now,
        )
        if not claimed:
            return QuizAttempt.objects.get(pk=locked.pk)
        if responses and page is not None and in_time:
            _responses_store(attempt=locked, page=page, responses=responses, now=now)
        rows = list(
            AttemptQuestion.objects.filter(attempt=locked).only(
                "pk", "key", "response", "score", "max_score", "updated_at"
            )
        )
        for row in rows:
            row.score = grading.score(row.key, row.response)
            row.updated_at = now
        AttemptQuestion.objects.bulk_update(rows, ["score", "updated_at"])
        earned = sum((row.score for row in rows), Decimal(0))
        available = sum((row.max_score for row in rows), Decimal(0))
        grade = {
            "score": earned,
            "max_score": available,
            "percent": grading.percent(earned, available),
            "passed": grading.passes(earned, available, locked.pass_mark),
        }
        QuizAttempt.objects.filter(pk=locked.pk).update(**grade)
        locked.status = QuizAttempt.Status.SUBMITTED
        locked.submitted_at = submitted_at
        locked.closed_by = closed_by
        locked.updated_at = now
        for field, value in grade.items():
            setattr(locked, field, value)
        if locked.passed:
            _item_complete(attempt=locked, quiz=quiz, enrolment=enrolment)
        # One line per grading: the quiz benchmark counts them to prove none is graded
        # twice under concurrent submits.
        logger.info(
            "quiz attempt %s graded: %s of %s (%s)",
            locked.pk,
            earned,
            available,
            closed_by,
        )
    return locked


def quiz_attempt_close_if_expired(
    *,
    attempt: QuizAttempt,
    now: datetime.datetime | None = None,
    quiz: QuizPage | None = None,
    enrolment: Enrolment | None = None,
) -> QuizAttempt:
    """Close and grade an open attempt whose time (grace included) ran out, with the
    answers saved in time; any other attempt is returned as it is."""
    now = _now(now)
    if attempt.status != QuizAttempt.Status.OPEN or selectors.quiz_attempt_in_time(
        attempt=attempt, now=now
    ):
        return attempt
    return quiz_attempt_submit(
        attempt=attempt,
        closed_by=QuizAttempt.ClosedBy.TIME,
        now=now,
        quiz=quiz,
        enrolment=enrolment,
    )
