"""The review of a submitted attempt: the score, and per the quiz's review setting
the learner's answers with their feedback, the correct answers and explanations."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from core.i18n import (
    active_language,
)

from ... import grading
from ...models import (
    AttemptQuestion,
    QuizAttempt,
    QuizPage,
)
from .standing import QuizStanding
from .texts import QuestionTexts, question_translations

REVIEW_SCORE = QuizPage.Review.SCORE
REVIEW_ANSWERS = QuizPage.Review.ANSWERS
REVIEW_CORRECT = QuizPage.Review.CORRECT


@dataclasses.dataclass
class ReviewQuestion:
    number: int
    text: str
    lang: str
    score: Decimal
    max_score: Decimal
    is_correct: bool
    answered: bool
    answer: list[str]
    feedback: list[str]
    explanation: str
    correct_answer: list[str]

    @property
    def is_partly_correct(self) -> bool:
        return not self.is_correct and self.score > 0


@dataclasses.dataclass
class Review:
    level: str  # what the learner may see now: score, answers or correct
    later: str  # the quiz's review_when, when more is shown later; else ""
    questions: list[ReviewQuestion]

    @property
    def shows_answers(self) -> bool:
        return self.level in (REVIEW_ANSWERS, REVIEW_CORRECT)

    @property
    def shows_correct(self) -> bool:
        return self.level == REVIEW_CORRECT


def quiz_review_level(*, canonical: QuizPage, standing: QuizStanding) -> str:
    """How much of a submitted attempt the learner may see now: the quiz's review
    setting once its review_when condition is met, else the score only."""
    when = canonical.review_when
    if when == QuizPage.ReviewWhen.AFTER_PASS and not standing.passed:
        return REVIEW_SCORE
    if when == QuizPage.ReviewWhen.AFTER_LAST and not (
        standing.passed
        or (standing.attempts_exhausted and standing.open_attempt is None)
    ):
        return REVIEW_SCORE
    return canonical.review


def _answer_lines(key: dict, response: Any, texts: QuestionTexts) -> list[str]:
    kind = key["kind"]
    if response is None:
        return []
    if kind in (grading.SINGLE, grading.MULTIPLE):
        picked = response if isinstance(response, list) else [response]
        return [
            (texts.block("choices", c) or {}).get("text", "")
            for c in key["options"]
            if c in picked
        ]
    if kind == grading.TRUE_FALSE:
        return [_("True") if response == "true" else _("False")]
    if kind in (grading.SHORT, grading.NUMERICAL):
        return [str(response)]
    if kind == grading.MATCHING:
        lines = []
        for item in key["pairs"]:
            prompt = (texts.block("pairs", item) or {}).get("prompt", "")
            chosen = response.get(item)
            match = (
                (texts.block("pairs", chosen) or {}).get("match", "") if chosen else ""
            )
            lines.append(f"{prompt} → {match or '—'}")
        return lines
    if kind == grading.ORDERING:
        placed = sorted(
            (position, texts.block("sequence", step) or "")
            for step, position in response.items()
        )
        return [f"{position}. {text}" for position, text in placed]
    return []


def _number(value) -> str:
    """A number as the active language writes it (3,5 in Kazakh and Russian)."""
    return formats.number_format(Decimal(f"{Decimal(value).normalize():f}"))


def _weighted(text: str, weight) -> str:
    """An answer with the share of the points it gives, when that is not all."""
    if weight is None or Decimal(weight) >= grading.HUNDRED:
        return text
    return _("%(answer)s (%(weight)s %%)") % {"answer": text, "weight": _number(weight)}


def _numerical_line(value) -> str:
    number, tolerance = value.get("number"), value.get("tolerance")
    if number is not None:
        if tolerance:
            return f"{_number(number)} ± {_number(tolerance)}"
        return _number(number)
    return _("from %(low)s to %(high)s") % {
        "low": _number(value["minimum"]),
        "high": _number(value["maximum"]),
    }


def _correct_lines(key: dict, texts: QuestionTexts) -> list[str]:
    kind = key["kind"]
    if kind in (grading.SINGLE, grading.MULTIPLE):
        # The right choices, then those giving part of the points, with their share.
        weights = key.get("weights", {})
        partly = [
            c for c, w in weights.items() if c not in key["correct"] and Decimal(w) > 0
        ]
        return [
            _weighted((texts.block("choices", c) or {}).get("text", ""), weights.get(c))
            for c in key["correct"] + partly
        ]
    if kind == grading.TRUE_FALSE:
        return [_("True") if key["correct"] == "true" else _("False")]
    if kind == grading.SHORT:
        answers = sorted(
            (
                (grading.weight_of(b.value), b.value["text"])
                for b in texts.question.accepted_answers
                if not grading.is_any_other_answer(b.value["text"])
                and grading.weight_of(b.value) > 0
            ),
            key=lambda answer: -answer[0],
        )
        shown = [_weighted(text, weight) for weight, text in answers]
        return shown or list(key["accepted"])
    if kind == grading.NUMERICAL:
        shown = [
            _weighted(_numerical_line(b.value), grading.weight_of(b.value))
            for b in texts.canonical.numerical_answers
            if grading.numerical_range(b.value) is not None
            and grading.weight_of(b.value) > 0
        ]
        return shown or [
            _weighted(
                _("from %(low)s to %(high)s")
                % {"low": _number(a["min"]), "high": _number(a["max"])},
                a["weight"],
            )
            for a in key["answers"]
        ]
    if kind == grading.MATCHING:
        lines = []
        for pair_id in key["pairs"]:
            pair = texts.block("pairs", pair_id) or {}
            lines.append(f"{pair.get('prompt', '')} → {pair.get('match', '')}")
        return lines
    if kind == grading.ORDERING:
        return [
            f"{n}. {texts.block('sequence', step) or ''}"
            for n, step in enumerate(key["order"], start=1)
        ]
    return []


def _answer_feedback(key: dict, response: Any, texts: QuestionTexts) -> str:
    """The feedback of the short or numerical answer block the response matches best
    (the one worth most), else of the block that stands for any other answer."""
    if key["kind"] == grading.SHORT:
        text = grading.normalize_short(response)
        sources = [texts.question, texts.canonical]
        field = "accepted_answers"

        def other(value) -> bool:
            return grading.is_any_other_answer(value["text"])

        def matches(value) -> bool:
            return grading.normalize_short(value["text"]) == text

    else:
        number = grading.parse_number(response)
        # Numbers are the same in every translation; feedback is in the shown one.
        sources = [texts.canonical]
        field = "numerical_answers"

        def other(value) -> bool:
            return grading.numerical_range(value) is None

        def matches(value) -> bool:
            interval = grading.numerical_range(value)
            return (
                number is not None
                and interval is not None
                and interval[0] <= number <= interval[1]
            )

    for question in sources:
        found = [
            (grading.weight_of(b.value), b.id)
            for b in getattr(question, field)
            if not other(b.value) and matches(b.value)
        ]
        if found:
            _weight, block_id = max(found, key=lambda f: f[0])
            return (texts.block(field, block_id) or {}).get("feedback", "")
    for block in getattr(texts.canonical, field):
        if other(block.value):
            return (texts.block(field, block.id) or {}).get("feedback", "")
    return ""


def _feedback_lines(key: dict, response: Any, texts: QuestionTexts) -> list[str]:
    if response is None:
        return []
    if key["kind"] in (grading.SHORT, grading.NUMERICAL):
        feedback = _answer_feedback(key, response, texts)
        return [feedback] if feedback else []
    if key["kind"] not in (grading.SINGLE, grading.MULTIPLE):
        return []
    picked = response if isinstance(response, list) else [response]
    lines = []
    for choice_id in key["options"]:
        if choice_id in picked:
            feedback = (texts.block("choices", choice_id) or {}).get("feedback", "")
            if feedback:
                lines.append(feedback)
    return lines


def quiz_attempt_review(
    *,
    attempt: QuizAttempt,
    canonical: QuizPage,
    standing: QuizStanding,
    language: str | None = None,
) -> Review:
    """What the result page shows of a submitted attempt: per the quiz's review
    setting, the questions with the learner's answers marked and the feedback of the
    choices they chose ("answers"), plus the correct answers and the explanations
    ("correct"). Explanations belong to the correct answers: they usually state them,
    and the next attempt may ask the same questions (two queries)."""
    level = quiz_review_level(canonical=canonical, standing=standing)
    later = canonical.review_when if level != canonical.review else ""
    if level == REVIEW_SCORE:
        return Review(level=level, later=later, questions=[])
    language = language or active_language()
    rows = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question__locale")
        .order_by("position")
    )
    translations = question_translations(rows, language)
    questions = []
    for row in rows:
        texts = QuestionTexts(
            row.question, translations.get(row.question_key), language
        )
        score = row.score if row.score is not None else Decimal(0)
        questions.append(
            ReviewQuestion(
                number=row.position,
                text=texts.field("text"),
                lang=texts.lang,
                score=score,
                max_score=row.max_score,
                is_correct=grading.is_correct(row.key, row.response),
                answered=row.response is not None,
                answer=_answer_lines(row.key, row.response, texts),
                feedback=_feedback_lines(row.key, row.response, texts),
                explanation=texts.field("explanation")
                if level == REVIEW_CORRECT
                else "",
                correct_answer=_correct_lines(row.key, texts)
                if level == REVIEW_CORRECT
                else [],
            )
        )
    return Review(level=level, later=later, questions=questions)
