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
from django.utils import formats
from django.utils.translation import gettext as _

from core.i18n import (
    DEFAULT_LANGUAGE,
    active_language,
    localized_pick,
    page_canonical,
)

from .. import grading
from ..models import (
    AttemptQuestion,
    Question,
    QuestionCategory,
    QuizAttempt,
    QuizAttemptGrant,
    QuizDrawRule,
    QuizPage,
    QuizQuestion,
)

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
    translation (core.i18n.page_canonical)."""
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
    start another. The index page shows it and quiz_attempt_start enforces it. An
    admin's grants (QuizAttemptGrant) add attempts and lift waits."""

    attempts: list[QuizAttempt]
    allowed: int  # the quiz's limit (0: none), without grants
    cooldown_minutes: int
    next_start_at: datetime.datetime | None = None
    blocked: str = ""
    grants: list[QuizAttemptGrant] = dataclasses.field(default_factory=list)
    # The end of the wait after the last attempt (when not over nor lifted), whether
    # or not attempts are left.
    waiting_until: datetime.datetime | None = None

    @property
    def used(self) -> int:
        return len(self.attempts)

    @property
    def granted(self) -> int:
        """Extra attempts granted by admins."""
        return sum(grant.extra_attempts for grant in self.grants)

    @property
    def allowed_total(self) -> int:
        """Attempts allowed, grants included (0: no limit)."""
        return self.allowed + self.granted if self.allowed else 0

    @property
    def remaining(self) -> int | None:
        total = self.allowed_total
        return None if not total else max(0, total - self.used)

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
        total = self.allowed_total
        return bool(total) and self.used >= total

    @property
    def stuck(self) -> bool:
        """Every attempt used, or waiting after the last one, and none in progress:
        what an admin's grant is for."""
        return (
            self.blocked in (BLOCKED_NO_ATTEMPTS, BLOCKED_COOLDOWN)
            and self.open_attempt is None
        )

    @property
    def new_grant(self) -> QuizAttemptGrant | None:
        """The grant made since the learner's last attempt, not used yet."""
        return next(
            (g for g in reversed(self.grants) if g.after_attempt >= self.used), None
        )


def _standing(
    *,
    attempts: list[QuizAttempt],
    grants: list[QuizAttemptGrant],
    canonical: QuizPage,
    now: datetime.datetime,
    enrolled: bool = True,
) -> QuizStanding:
    standing = QuizStanding(
        attempts=attempts,
        allowed=canonical.attempts_allowed,
        cooldown_minutes=canonical.cooldown_minutes,
        grants=grants,
    )
    if canonical.cooldown_minutes and standing.submitted:
        last = max(standing.submitted, key=lambda a: a.submitted_at)
        next_start = last.submitted_at + datetime.timedelta(
            minutes=canonical.cooldown_minutes
        )
        lifted = any(
            g.cooldown_lifted and g.after_attempt >= last.number for g in grants
        )
        if now < next_start and not lifted:
            standing.waiting_until = next_start
    if not enrolled:
        standing.blocked = BLOCKED_NOT_ENROLLED
    elif standing.attempts_exhausted:
        standing.blocked = BLOCKED_NO_ATTEMPTS
    elif standing.waiting_until:
        standing.blocked = BLOCKED_COOLDOWN
        standing.next_start_at = standing.waiting_until
    return standing


def quiz_standing(
    *,
    learner,
    quiz: QuizPage,
    now: datetime.datetime,
    enrolled: bool = True,
    canonical: QuizPage | None = None,
) -> QuizStanding:
    """The learner's attempts at the quiz and what stops a new one: not enrolled, every
    attempt used (attempts_allowed, 0 = unlimited, plus the extra attempts admins
    granted), or the wait after the last submitted attempt (cooldown_minutes, unless
    an admin lifted it). An open attempt is continued, not started. Two queries."""
    canonical = canonical or quiz_canonical(quiz=quiz)
    if not learner.is_authenticated:
        attempts, grants = [], []
    else:
        attempts = list(quiz_attempt_list_for(learner=learner, quiz=quiz))
        grants = list(
            QuizAttemptGrant.objects.filter(
                learner=learner, quiz_key=quiz.translation_key
            )
            .select_related("granted_by")
            .order_by("created_at", "pk")
        )
    return _standing(
        attempts=attempts,
        grants=grants,
        canonical=canonical,
        now=now,
        enrolled=enrolled,
    )


def quiz_for_key(*, key: uuid.UUID) -> QuizPage | None:
    """The quiz with this translation_key, in the active language where it has a
    version (else the default language's, else any); None when there is none."""
    pages = QuizPage.objects.filter(translation_key=key).select_related("locale")
    return localized_pick(pages, active_language()).get(key)


@dataclasses.dataclass
class LearnerQuiz:
    """A quiz a learner has attempted, as their admin sees it (the page in the
    active language where it has one), and where the learner stands at it."""

    quiz: QuizPage
    standing: QuizStanding


def quiz_standing_list_for_learner(
    *, learner, now: datetime.datetime
) -> list[LearnerQuiz]:
    """Every quiz the learner has attempted and their standing at each (for an admin
    who may let them try again), by title. Three queries, whatever the number of
    quizzes and attempts."""
    attempts: dict[uuid.UUID, list[QuizAttempt]] = {}
    for attempt in QuizAttempt.objects.filter(learner=learner).order_by("number"):
        attempts.setdefault(attempt.quiz_key, []).append(attempt)
    if not attempts:
        return []
    grants: dict[uuid.UUID, list[QuizAttemptGrant]] = {}
    for grant in (
        QuizAttemptGrant.objects.filter(learner=learner)
        .select_related("granted_by")
        .order_by("created_at", "pk")
    ):
        grants.setdefault(grant.quiz_key, []).append(grant)
    pages: dict[uuid.UUID, dict[str, QuizPage]] = {}
    for page in QuizPage.objects.filter(
        translation_key__in=list(attempts)
    ).select_related("locale"):
        pages.setdefault(page.translation_key, {})[page.locale.language_code] = page
    language = active_language()
    rows = []
    for key, versions in pages.items():
        canonical = versions.get(DEFAULT_LANGUAGE) or next(iter(versions.values()))
        rows.append(
            LearnerQuiz(
                quiz=versions.get(language, canonical),
                standing=_standing(
                    attempts=attempts[key],
                    grants=grants.get(key, []),
                    canonical=canonical,
                    now=now,
                ),
            )
        )
    return sorted(rows, key=lambda row: (row.quiz.title.casefold(), row.quiz.pk))


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


def quiz_review_gives_answers_away(*, quiz: QuizPage) -> bool:
    """Whether the quiz shows the correct answers (and explanations) right after an
    attempt while the learner may try again and would meet some of the same questions:
    a blank attempt, a read and a second attempt would then pass. Same questions means
    fixed questions, or a draw rule whose category has no more active questions than
    it draws. Works on a page being edited (its unsaved questions and draw rules); at
    most two queries."""
    if (
        quiz.review != QuizPage.Review.CORRECT
        or quiz.review_when != QuizPage.ReviewWhen.IMMEDIATELY
        or quiz.attempts_allowed == 1
    ):
        return False
    if any(link.question_id for link in quiz.question_links.all()):
        return True
    rules = [rule for rule in quiz.draw_rules.all() if rule.category_id]
    if not rules:
        return False
    category_keys = dict(
        QuestionCategory.objects.filter(
            pk__in={rule.category_id for rule in rules}
        ).values_list("pk", "translation_key")
    )
    pool = dict(
        Question.objects.filter(
            category__translation_key__in=set(category_keys.values()),
            locale_id=quiz.locale_id,
            is_active=True,
        )
        .values("category__translation_key")
        .annotate(n=Count("pk"))
        .values_list("category__translation_key", "n")
    )
    return any(
        pool.get(category_keys.get(rule.category_id), 0) <= rule.count for rule in rules
    )


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


# The template of each kind's answer widget: one per shape of input (choices, rows of
# radio buttons, a text, a number), in templates/assessments/includes/question_*.html.
QUESTION_WIDGETS = {
    grading.SINGLE: "choice",
    grading.TRUE_FALSE: "choice",
    grading.MULTIPLE: "choice",
    grading.MATCHING: "rows",
    grading.ORDERING: "rows",
    grading.SHORT: "short",
    grading.NUMERICAL: "numerical",
}


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
    # A saved numerical answer that is not a number (shown again, with a hint).
    invalid: bool = False

    @property
    def name(self) -> str:
        return field_name(self.pk)

    @property
    def template(self) -> str:
        return f"assessments/includes/question_{QUESTION_WIDGETS[self.kind]}.html"


@dataclasses.dataclass
class NavEntry:
    number: int
    page: int
    answered: bool  # as last saved
    name: str = ""  # the question's field name (quiz.js marks it as it is answered)


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

    @property
    def unanswered_elsewhere(self) -> int:
        """Questions of the other pages not answered. Those of this page are left
        out: what the learner has just chosen here is not saved before they press a
        button, so the saved state of this page says nothing true."""
        return sum(
            1 for entry in self.nav if not entry.answered and entry.page != self.number
        )


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
    elif kind == grading.NUMERICAL:
        view.value = response or ""
        view.invalid = bool(response) and grading.parse_number(response) is None
    elif kind == grading.MATCHING:
        # The matches to choose from include the extra ones (pairs without an item).
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
        .values_list("pk", "position", "page", "response")
    )
    page_count = max((p for _pk, _n, p, _r in nav_rows), default=1)
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
            NavEntry(number=n, page=p, answered=r is not None, name=field_name(pk))
            for pk, n, p, r in nav_rows
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


def _correct_lines(key: dict, texts: _Texts) -> list[str]:
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


def _answer_feedback(key: dict, response: Any, texts: _Texts) -> str:
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


def _feedback_lines(key: dict, response: Any, texts: _Texts) -> list[str]:
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
                explanation=texts.field("explanation")
                if level == REVIEW_CORRECT
                else "",
                correct_answer=_correct_lines(row.key, texts)
                if level == REVIEW_CORRECT
                else [],
            )
        )
    return Review(level=level, later=later, questions=questions)
