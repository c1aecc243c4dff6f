"""Builds quiz attempts straight with the ORM, for the results tests (independent of the
attempt services): an attempt with one AttemptQuestion per question and given scores."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from assessments.models import AttemptQuestion, QuizAttempt

CENT = Decimal("0.01")
# In the project's time zone (settings.TIME_ZONE), which the CSV export writes in.
START = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))


def make_attempt(
    *,
    learner,
    quiz,
    questions,
    scores,
    number: int = 1,
    submitted: bool = True,
    minutes: int = 10,
    started_at: datetime.datetime | None = None,
    language: str = "ru",
    closed_by: str = QuizAttempt.ClosedBy.LEARNER,
) -> QuizAttempt:
    """An attempt of `learner` at `quiz` whose question i is `questions[i]` (worth its
    points) scored `scores[i]`; submitted `minutes` after it started unless
    `submitted` is False (then it is open and ungraded)."""
    started_at = started_at or START + datetime.timedelta(hours=number)
    maxima = [Decimal(question.points) for question in questions]
    values = [Decimal(str(score)) for score in scores]
    total, total_max = sum(values, Decimal(0)), sum(maxima, Decimal(0))
    percent = (100 * total / total_max).quantize(CENT, rounding=ROUND_HALF_UP)
    attempt = QuizAttempt.objects.create(
        learner=learner,
        quiz_key=quiz.translation_key,
        number=number,
        status=QuizAttempt.Status.SUBMITTED if submitted else QuizAttempt.Status.OPEN,
        language=language,
        started_at=started_at,
        submitted_at=started_at + datetime.timedelta(minutes=minutes)
        if submitted
        else None,
        closed_by=closed_by if submitted else "",
        score=total if submitted else None,
        max_score=total_max,
        percent=percent if submitted else None,
        passed=percent >= quiz.pass_mark if submitted else None,
        pass_mark=quiz.pass_mark,
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            position=position,
            page=1,
            question=question,
            question_key=question.translation_key,
            key={},
            response=None,
            score=value if submitted else None,
            max_score=maximum,
        )
        for position, (question, value, maximum) in enumerate(
            zip(questions, values, maxima, strict=True), start=1
        )
    )
    return attempt
