"""Reads of quiz results for editors and admins: submitted attempts, summary figures and
question statistics, always limited to the learners the viewer may see
(people.selectors.learner_scope_q, the one scope rule).

A quiz is identified by its pages' translation_key, so results gather the attempts made
in every language. Every function runs a fixed number of queries whatever the number of
attempts, questions or quizzes (tests assert it).
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import statistics
import uuid
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import translation
from wagtail.models import Page

from core.i18n import localized_pick
from courses.models import CoursePage
from people.selectors import learner_scope_q, user_scope

from ..models import AttemptQuestion, Question, QuizAttempt, QuizPage

# A question is flagged "review this question" when its facility (% answering
# correctly) is below FACILITY_LOW or above FACILITY_HIGH, or when its discrimination
# is below DISCRIMINATION_MIN.
FACILITY_LOW = 20
FACILITY_HIGH = 90
DISCRIMINATION_MIN = 0.2

SUBMITTED = QuizAttempt.Status.SUBMITTED


def _language(language: str | None) -> str:
    return (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]


def _submitted_q(*, viewer, prefix: str = "") -> Q:
    """Submitted attempts of learners `viewer` may see (`prefix` leads to the attempt)."""
    return Q(**{f"{prefix}status": SUBMITTED}) & learner_scope_q(
        viewer=viewer, field=f"{prefix}learner"
    )


# Attempts and summary figures
# ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ResultsSummary:
    """Figures over the submitted attempts a viewer may see.

    pass_rate is the share of learners (not attempts) with at least one passing
    attempt, in %; mean and median are of the attempts' percent; mean_duration is the
    mean of submitted_at - started_at. Figures are None when there is no attempt.
    """

    attempts: int
    learners: int
    learners_passed: int
    pass_rate: float | None
    mean_percent: float | None
    median_percent: float | None
    mean_duration: datetime.timedelta | None

    @property
    def mean_minutes(self) -> float | None:
        if self.mean_duration is None:
            return None
        return self.mean_duration.total_seconds() / 60


@dataclasses.dataclass(frozen=True)
class QuizResults:
    attempts: QuerySet[QuizAttempt]
    summary: ResultsSummary


def quiz_attempt_list_submitted(*, quiz: QuizPage, viewer) -> QuerySet[QuizAttempt]:
    """Submitted attempts at `quiz` (any translation) by learners `viewer` may see,
    latest first, with the learner and their region."""
    return (
        QuizAttempt.objects.filter(quiz_key=quiz.translation_key)
        .filter(_submitted_q(viewer=viewer))
        .select_related("learner", "learner__region")
        .order_by("-submitted_at", "-pk")
    )


def quiz_results(*, quiz: QuizPage, viewer) -> QuizResults:
    """The submitted attempts at a quiz (all translations) of the learners `viewer` may
    see, and summary figures over them (see ResultsSummary). Open attempts are left
    out. One query for the figures (plus one for the viewer's scope); the attempts are
    a lazy QuerySet for the caller to paginate or stream."""
    attempts = quiz_attempt_list_submitted(quiz=quiz, viewer=viewer)
    rows = attempts.order_by().values_list(
        "learner_id", "percent", "passed", "started_at", "submitted_at"
    )
    count = 0
    learners: set[int] = set()
    passed: set[int] = set()
    percents: list[float] = []
    durations: list[datetime.timedelta] = []
    for learner_id, percent, is_passed, started_at, submitted_at in rows.iterator(
        chunk_size=2000
    ):
        count += 1
        learners.add(learner_id)
        if is_passed:
            passed.add(learner_id)
        if percent is not None:
            percents.append(float(percent))
        if started_at and submitted_at:
            durations.append(submitted_at - started_at)
    summary = ResultsSummary(
        attempts=count,
        learners=len(learners),
        learners_passed=len(passed),
        pass_rate=100 * len(passed) / len(learners) if learners else None,
        mean_percent=statistics.fmean(percents) if percents else None,
        median_percent=statistics.median(percents) if percents else None,
        mean_duration=(
            sum(durations, datetime.timedelta()) / len(durations) if durations else None
        ),
    )
    return QuizResults(attempts=attempts, summary=summary)


def results_scope_label(*, viewer) -> str:
    """Whose attempts `viewer` sees: "all", "region" or "own" (for the page's note).

    Editors hold no regional or national position, so people's rule gives them their
    own records only: they see their own test attempts and no learner's."""
    scope = user_scope(user=viewer)
    if scope.everything:
        return "all"
    return "region" if scope.region_ids else "own"


# Question statistics
# ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class QuestionStats:
    """Statistics of one question (all translations) over submitted attempts.

    facility: mean of score / max_score over the attempts that drew it, in %.
    discrimination: point-biserial (Pearson) correlation between the question's score
    fraction and the attempt's percent on the rest of the quiz,
    100 * (attempt score - question score) / (attempt max - question max); None when
    fewer than two attempts or when either side does not vary.
    """

    question_key: uuid.UUID
    text: str
    position: int
    drawn: int
    facility: float | None
    discrimination: float | None

    @property
    def needs_review(self) -> bool:
        if self.facility is not None and not (
            FACILITY_LOW <= self.facility <= FACILITY_HIGH
        ):
            return True
        return self.discrimination is not None and (
            self.discrimination < DISCRIMINATION_MIN
        )


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson correlation of two equal-length lists; None if undefined."""
    n = len(xs)
    if n < 2:
        return None
    mean_x = math.fsum(xs) / n
    mean_y = math.fsum(ys) / n
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx = math.fsum(d * d for d in dx)
    syy = math.fsum(d * d for d in dy)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)


def _question_texts(
    *, keys: set[uuid.UUID], ids: set[int], language: str
) -> tuple[dict[uuid.UUID, str], dict[int, str]]:
    """The text of each question key in `language`, else in the default language; and
    the text of each question id (the version the attempts used), for keys whose
    versions are gone. One query."""
    rank = {language: 0, settings.LANGUAGE_CODE: 1}
    rows = Question.objects.filter(
        Q(translation_key__in=keys) | Q(pk__in=ids)
    ).values_list("pk", "translation_key", "locale__language_code", "text")
    by_key: dict[uuid.UUID, tuple[int, str]] = {}
    by_id: dict[int, str] = {}
    for pk, key, code, text in rows:
        by_id[pk] = text
        current = by_key.get(key)
        if current is None or rank.get(code, 2) < current[0]:
            by_key[key] = (rank.get(code, 2), text)
    return {key: text for key, (_rank, text) in by_key.items()}, by_id


def quiz_question_stats(
    *, quiz: QuizPage, viewer, language: str | None = None
) -> list[QuestionStats]:
    """Per question of a quiz (by question_key, so translations count together), over
    the submitted attempts of EVERY learner: times drawn, facility and discrimination
    (see QuestionStats), in order of first position.

    Unlike the attempts list, these figures are not limited to the viewer's scope: they
    name nobody and say how well a question works, which is what editors (who see no
    learners) need them for; a region's few attempts would make them noise. `viewer`
    is kept for the call's shape (the view checks the permission).

    Facility = mean(score / max_score) × 100. Discrimination = the point-biserial
    correlation r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²), x the question's score
    fraction and y the attempt's percent on the rest of the quiz (its total minus this
    question). The text is in `language` (the active one by default), else in the
    default language. Two queries, whatever the number of attempts or questions.
    """
    rows = (
        AttemptQuestion.objects.filter(
            attempt__quiz_key=quiz.translation_key, attempt__status=SUBMITTED
        )
        .order_by()
        .values_list(
            "question_key",
            "question_id",
            "position",
            "score",
            "max_score",
            "attempt__score",
            "attempt__max_score",
        )
    )
    first_position: dict[uuid.UUID, int] = {}
    question_ids: dict[uuid.UUID, int] = {}
    facility: dict[uuid.UUID, list[float]] = defaultdict(list)
    paired: dict[uuid.UUID, tuple[list[float], list[float]]] = defaultdict(
        lambda: ([], [])
    )
    for key, question_id, position, score, max_score, total, total_max in rows.iterator(
        chunk_size=2000
    ):
        if not max_score:
            continue
        score = score or 0
        x = float(score / max_score)
        facility[key].append(x)
        if key not in first_position or position < first_position[key]:
            first_position[key] = position
            question_ids[key] = question_id
        rest_max = (total_max or 0) - max_score
        if rest_max > 0:
            xs, ys = paired[key]
            xs.append(x)
            ys.append(float(100 * ((total or 0) - score) / rest_max))
    texts, by_id = _question_texts(
        keys=set(first_position),
        ids=set(question_ids.values()),
        language=_language(language),
    )
    stats = [
        QuestionStats(
            question_key=key,
            text=texts.get(key) or by_id.get(question_ids[key], ""),
            position=first_position[key],
            drawn=len(fractions),
            facility=100 * math.fsum(fractions) / len(fractions),
            discrimination=_pearson(*paired[key]) if key in paired else None,
        )
        for key, fractions in facility.items()
    ]
    stats.sort(key=lambda s: (s.position, s.text))
    return stats


# The index of quizzes
# ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class QuizResultsEntry:
    """A quiz (in the admin's language where translated) with its result counts."""

    quiz: QuizPage
    course: Page | None
    attempts: int
    learners: int
    learners_passed: int

    @property
    def pass_rate(self) -> float | None:
        return 100 * self.learners_passed / self.learners if self.learners else None


def quiz_results_list(*, viewer, language: str | None = None) -> list[QuizResultsEntry]:
    """Every quiz, one entry per translation_key (its page in `language`, else the
    default language, else any), in tree order, with the submitted attempts, learners
    and learners passed among those `viewer` may see. Three queries (plus the scope)."""
    language = _language(language)
    chosen = localized_pick(
        QuizPage.objects.select_related("locale").order_by("path"), language
    )
    steplen = Page.steplen
    courses = {
        course.path: course
        for course in CoursePage.objects.filter(
            path__in={page.path[:-steplen] for page in chosen.values()}
        ).only("pk", "path", "title")
    }
    counts = {
        row["quiz_key"]: row
        for row in QuizAttempt.objects.filter(quiz_key__in=list(chosen))
        .filter(_submitted_q(viewer=viewer))
        .order_by()
        .values("quiz_key")
        .annotate(
            attempts=Count("pk"),
            learners=Count("learner", distinct=True),
            learners_passed=Count("learner", filter=Q(passed=True), distinct=True),
        )
    }
    empty = {"attempts": 0, "learners": 0, "learners_passed": 0}
    entries = [
        QuizResultsEntry(
            quiz=page,
            course=courses.get(page.path[:-steplen]),
            attempts=counts.get(key, empty)["attempts"],
            learners=counts.get(key, empty)["learners"],
            learners_passed=counts.get(key, empty)["learners_passed"],
        )
        for key, page in chosen.items()
    ]
    entries.sort(key=lambda entry: entry.quiz.path)
    return entries
