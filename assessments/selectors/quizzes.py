"""Reads of quizzes: a learner's standing at a quiz, an attempt's page as the learner
sees it, and the review of a submitted attempt.

The attempt page is built from the attempt's own rows and the questions' texts only:
nothing that says what is correct (keys, flags, feedback, explanations, accepted
answers) goes into it. Each function runs a fixed number of queries, whatever the
number of questions in the bank or in the attempt.
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from courses.selectors import active_language, page_canonical

from .. import grading
from ..models import (
    AttemptQuestion,
    Question,
    QuizAttempt,
    QuizDrawRule,
    QuizPage,
    QuizQuestion,
)

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE

# Why a learner may not start an attempt now (QuizStanding.blocked).
BLOCKED_NOT_ENROLLED = "not_enrolled"
BLOCKED_NO_ATTEMPTS = "no_attempts"
BLOCKED_COOLDOWN = "cooldown"


def grace() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LMS_QUIZ_GRACE_SECONDS)


def quiz_attempt_in_time(*, attempt: QuizAttempt, now: datetime.datetime) -> bool:
    """Whether answers sent at `now` still count: no time limit, or not later than the
    deadline plus the grace period (a request on its way when time ran out)."""
    return attempt.deadline is None or now <= attempt.deadline + grace()


# The quiz and the learner's attempts
# ------------------------------------------------------------------------------


def quiz_canonical(*, quiz: QuizPage) -> QuizPage:
    """The quiz in the default content language: its questions and settings rule every
    translation (courses.selectors.page_canonical)."""
    return page_canonical(page=quiz)


def quiz_attempt_list_for(*, learner, quiz: QuizPage) -> QuerySet[QuizAttempt]:
    """A learner's attempts at a quiz (any translation of it), first one first."""
    return QuizAttempt.objects.filter(
        learner=learner, quiz_key=quiz.translation_key
    ).order_by("number")


def quiz_attempt_get_for(*, learner, quiz: QuizPage, attempt_id: int) -> QuizAttempt:
    """One attempt of this learner at this quiz; QuizAttempt.DoesNotExist otherwise
    (another learner's attempt, or an attempt at another quiz, does not exist here)."""
    if not learner.is_authenticated:
        raise QuizAttempt.DoesNotExist
    return QuizAttempt.objects.get(
        pk=attempt_id, learner=learner, quiz_key=quiz.translation_key
    )


def quiz_attempt_list_expired(*, now: datetime.datetime) -> QuerySet[QuizAttempt]:
    """Open attempts whose time ran out, grace period included."""
    return QuizAttempt.objects.filter(
        status=QuizAttempt.Status.OPEN, deadline__lt=now - grace()
    ).order_by("deadline")


def quiz_attempt_open_expired_for(
    *, learner, quiz: QuizPage, now: datetime.datetime
) -> QuizAttempt | None:
    """The learner's open attempt at the quiz if its time ran out (to be closed)."""
    if not learner.is_authenticated:
        return None
    return (
        quiz_attempt_list_expired(now=now)
        .filter(learner=learner, quiz_key=quiz.translation_key)
        .first()
    )


@dataclasses.dataclass
class QuizStanding:
    """Where a learner stands at a quiz: attempts made, and whether (or when) they may
    start another. The index page shows it and quiz_attempt_start enforces it."""

    attempts: list[QuizAttempt]
    allowed: int
    cooldown_minutes: int
    next_start_at: datetime.datetime | None = None
    blocked: str = ""

    @property
    def used(self) -> int:
        return len(self.attempts)

    @property
    def remaining(self) -> int | None:
        return None if not self.allowed else max(0, self.allowed - self.used)

    @property
    def open_attempt(self) -> QuizAttempt | None:
        return next(
            (a for a in self.attempts if a.status == QuizAttempt.Status.OPEN), None
        )

    @property
    def submitted(self) -> list[QuizAttempt]:
        return [a for a in self.attempts if a.status == QuizAttempt.Status.SUBMITTED]

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.submitted)

    @property
    def best_percent(self) -> Decimal | None:
        return max((a.percent for a in self.submitted), default=None)

    @property
    def can_start(self) -> bool:
        return not self.blocked and self.open_attempt is None

    @property
    def attempts_exhausted(self) -> bool:
        return bool(self.allowed) and self.used >= self.allowed


def quiz_standing(
    *,
    learner,
    quiz: QuizPage,
    now: datetime.datetime,
    enrolled: bool = True,
    canonical: QuizPage | None = None,
) -> QuizStanding:
    """The learner's attempts at the quiz and what stops a new one: not enrolled, every
    attempt used (attempts_allowed, 0 = unlimited), or the wait after the last
    submitted attempt (cooldown_minutes). An open attempt is continued, not started."""
    canonical = canonical or quiz_canonical(quiz=quiz)
    attempts = (
        list(quiz_attempt_list_for(learner=learner, quiz=quiz))
        if learner.is_authenticated
        else []
    )
    standing = QuizStanding(
        attempts=attempts,
        allowed=canonical.attempts_allowed,
        cooldown_minutes=canonical.cooldown_minutes,
    )
    if not enrolled:
        standing.blocked = BLOCKED_NOT_ENROLLED
    elif standing.attempts_exhausted:
        standing.blocked = BLOCKED_NO_ATTEMPTS
    elif canonical.cooldown_minutes and standing.submitted:
        last = max(a.submitted_at for a in standing.submitted)
        next_start = last + datetime.timedelta(minutes=canonical.cooldown_minutes)
        if now < next_start:
            standing.blocked = BLOCKED_COOLDOWN
            standing.next_start_at = next_start
    return standing


def quiz_question_count(*, quiz: QuizPage) -> int:
    """How many questions an attempt gets: the active fixed questions, plus per draw
    rule its count or as many active questions as its category has (three queries)."""
    canonical = quiz_canonical(quiz=quiz)
    fixed_keys = set(
        QuizQuestion.objects.filter(quiz=canonical, question__is_active=True)
        .values_list("question__translation_key", flat=True)
        .distinct()
    )
    rules = list(
        QuizDrawRule.objects.filter(quiz=canonical).values_list(
            "category__translation_key", "count"
        )
    )
    available: dict[uuid.UUID, int] = {}
    if rules:
        available = dict(
            Question.objects.filter(
                category__translation_key__in={key for key, _count in rules},
                locale_id=canonical.locale_id,
                is_active=True,
            )
            .exclude(translation_key__in=fixed_keys)
            .values("category__translation_key")
            .annotate(n=Count("pk"))
            .values_list("category__translation_key", "n")
        )
    drawn = 0
    for category_key, count in rules:
        take = min(count, available.get(category_key, 0))
        drawn += take
        available[category_key] = available.get(category_key, 0) - take
    return len(fixed_keys) + drawn


# An attempt's page, as the learner answers it
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class Option:
    value: str
    text: str
    selected: bool = False


@dataclasses.dataclass
class Row:
    """A matching item or an ordering step: one group of radio buttons each."""

    name: str
    text: str
    selected: str = ""


@dataclasses.dataclass
class QuestionView:
    """A question as the attempt page shows it: texts and the learner's saved answer,
    never what is correct."""

    pk: int
    number: int
    kind: str
    text: str
    points: int
    lang: str = ""  # set when shown in another language than the page's
    options: list[Option] = dataclasses.field(default_factory=list)
    rows: list[Row] = dataclasses.field(default_factory=list)
    value: str = ""

    @property
    def name(self) -> str:
        return field_name(self.pk)

    @property
    def template(self) -> str:
        return f"assessments/includes/question_{self.kind}.html"


@dataclasses.dataclass
class NavEntry:
    number: int
    page: int
    answered: bool


@dataclasses.dataclass
class AttemptPage:
    attempt: QuizAttempt
    number: int
    page_count: int
    questions: list[QuestionView]
    nav: list[NavEntry]

    @property
    def is_first(self) -> bool:
        return self.number <= 1

    @property
    def is_last(self) -> bool:
        return self.number >= self.page_count

    @property
    def unanswered(self) -> int:
        return sum(1 for entry in self.nav if not entry.answered)

    @property
    def answered(self) -> int:
        return sum(1 for entry in self.nav if entry.answered)


def field_name(attempt_question_id: int, row: int | None = None) -> str:
    """The form field of a question (and of one row of a matching or ordering
    question). Rows are numbered, never named after a block id: an item's own id is
    what its right match is, so it must not appear next to it."""
    base = f"q{attempt_question_id}"
    return base if row is None else f"{base}-{row}"


def _blocks(stream) -> dict[str, Any]:
    return {block.id: block.value for block in stream}


class _Texts:
    """A question's texts in the shown language, each falling back to the canonical
    question's where the translation lacks a block."""

    def __init__(self, canonical: Question, shown: Question | None, language: str):
        self.question = shown or canonical
        self.canonical = canonical
        self.lang = (
            canonical.locale.language_code
            if shown is None and canonical.locale.language_code != language
            else ""
        )
        self._own: dict[str, dict] = {}
        self._fallback: dict[str, dict] = {}

    def block(self, field: str, block_id: str) -> Any:
        if field not in self._own:
            self._own[field] = _blocks(getattr(self.question, field))
            self._fallback[field] = (
                self._own[field]
                if self.question is self.canonical
                else _blocks(getattr(self.canonical, field))
            )
        value = self._own[field].get(block_id)
        return value if value is not None else self._fallback[field].get(block_id)

    def field(self, field: str) -> Any:
        return getattr(self.question, field) or getattr(self.canonical, field)


def _translations(rows: list[AttemptQuestion], language: str) -> dict[uuid.UUID, Any]:
    """The questions' translations in `language`, by translation_key (one query, none
    when every question is already in that language)."""
    keys = [
        row.question_key
        for row in rows
        if row.question.locale.language_code != language
    ]
    if not keys:
        return {}
    return {
        q.translation_key: q
        for q in Question.objects.filter(
            translation_key__in=keys, locale__language_code=language
        ).select_related("locale")
    }


def _question_view(row: AttemptQuestion, texts: _Texts) -> QuestionView:
    key, response = row.key, row.response
    view = QuestionView(
        pk=row.pk,
        number=row.position,
        kind=key["kind"],
        text=texts.field("text"),
        points=int(row.max_score),
        lang=texts.lang,
    )
    kind = key["kind"]
    if kind in (grading.SINGLE, grading.MULTIPLE):
        picked = set(response if isinstance(response, list) else [response])
        view.options = [
            Option(
                value=choice_id,
                text=(texts.block("choices", choice_id) or {}).get("text", ""),
                selected=choice_id in picked,
            )
            for choice_id in row.option_order
        ]
    elif kind == grading.TRUE_FALSE:
        view.options = [
            Option(value="true", text=_("True"), selected=response == "true"),
            Option(value="false", text=_("False"), selected=response == "false"),
        ]
    elif kind == grading.SHORT:
        view.value = response or ""
    elif kind == grading.MATCHING:
        chosen = response if isinstance(response, dict) else {}
        view.rows = [
            Row(
                name=field_name(row.pk, index),
                text=(texts.block("pairs", pair_id) or {}).get("prompt", ""),
                selected=chosen.get(pair_id, ""),
            )
            for index, pair_id in enumerate(key["pairs"])
        ]
        view.options = [
            Option(
                value=pair_id,
                text=(texts.block("pairs", pair_id) or {}).get("match", ""),
            )
            for pair_id in row.option_order
        ]
    elif kind == grading.ORDERING:
        chosen = response if isinstance(response, dict) else {}
        view.rows = [
            Row(
                name=field_name(row.pk, index),
                text=texts.block("sequence", step_id) or "",
                selected=str(chosen.get(step_id, "")),
            )
            for index, step_id in enumerate(row.option_order)
        ]
        view.options = [
            Option(value=str(n), text=str(n))
            for n in range(1, len(row.option_order) + 1)
        ]
    return view


def attempt_page_count(*, attempt: QuizAttempt) -> int:
    last = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("-page")
        .values_list("page", flat=True)
        .first()
    )
    return last or 1


def attempt_question_list_on_page(
    *, attempt: QuizAttempt, page: int
) -> list[AttemptQuestion]:
    """The attempt's questions on one page, with their keys (for reading a posted
    form on the server; never rendered)."""
    return list(
        AttemptQuestion.objects.filter(attempt=attempt, page=page)
        .only("pk", "attempt_id", "page", "position", "key", "option_order")
        .order_by("position")
    )


def attempt_page_get(
    *, attempt: QuizAttempt, page: int, language: str | None = None
) -> AttemptPage:
    """One page of an open attempt in the active language (questions not translated
    into it are shown in the default language, marked with their lang), with the
    learner's saved answers and the list of all questions answered or not.
    Three queries, whatever the number of questions."""
    language = language or active_language()
    nav_rows = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list("position", "page", "response")
    )
    page_count = max((p for _n, p, _r in nav_rows), default=1)
    page = min(max(page, 1), page_count)
    rows = list(
        AttemptQuestion.objects.filter(attempt=attempt, page=page)
        .select_related("question__locale")
        .order_by("position")
    )
    translations = _translations(rows, language)
    questions = [
        _question_view(
            row, _Texts(row.question, translations.get(row.question_key), language)
        )
        for row in rows
    ]
    return AttemptPage(
        attempt=attempt,
        number=page,
        page_count=page_count,
        questions=questions,
        nav=[
            NavEntry(number=n, page=p, answered=r is not None) for n, p, r in nav_rows
        ],
    )


# The review of a submitted attempt
# ------------------------------------------------------------------------------

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


def _answer_lines(key: dict, response: Any, texts: _Texts) -> list[str]:
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
    if kind == grading.SHORT:
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


def _correct_lines(key: dict, texts: _Texts) -> list[str]:
    kind = key["kind"]
    if kind in (grading.SINGLE, grading.MULTIPLE):
        return [
            (texts.block("choices", c) or {}).get("text", "") for c in key["correct"]
        ]
    if kind == grading.TRUE_FALSE:
        return [_("True") if key["correct"] == "true" else _("False")]
    if kind == grading.SHORT:
        shown = [str(b.value) for b in texts.question.accepted_answers]
        return shown or list(key["accepted"])
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


def _feedback_lines(key: dict, response: Any, texts: _Texts) -> list[str]:
    if key["kind"] not in (grading.SINGLE, grading.MULTIPLE) or response is None:
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
    setting, the questions with the learner's answers marked, the chosen choices'
    feedback and the explanation, and the correct answers (two queries)."""
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
    translations = _translations(rows, language)
    questions = []
    for row in rows:
        texts = _Texts(row.question, translations.get(row.question_key), language)
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
                explanation=texts.field("explanation"),
                correct_answer=_correct_lines(row.key, texts)
                if level == REVIEW_CORRECT
                else [],
            )
        )
    return Review(level=level, later=later, questions=questions)
