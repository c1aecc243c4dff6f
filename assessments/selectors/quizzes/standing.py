"""A quiz and a learner's attempts at it: where the learner stands (attempts made,
whether or when they may start another), the quizzes of a learner, and whether a
quiz's review gives its answers away."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, QuerySet

from core.i18n import (
    DEFAULT_LANGUAGE,
    active_language,
    localized_pick,
    page_canonical,
)
from core.pagecache import content_cached

from ...models import (
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


def quiz_attempt_open_expired_among(
    *, attempts: list[QuizAttempt], now: datetime.datetime
) -> QuizAttempt | None:
    """quiz_attempt_open_expired_for, among attempts already read (no query)."""
    limit = now - grace()
    for attempt in attempts:
        if (
            attempt.status == QuizAttempt.Status.OPEN
            and attempt.deadline is not None
            and attempt.deadline < limit
        ):
            return attempt
    return None


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
    an admin lifted it). An open attempt is continued, not started. Two queries (one
    before the first attempt)."""
    canonical = canonical or quiz_canonical(quiz=quiz)
    if not learner.is_authenticated:
        attempts, grants = [], []
    else:
        attempts = list(quiz_attempt_list_for(learner=learner, quiz=quiz))
        # A grant is given after an attempt: with none made, none applies (and the
        # query is saved for everyone opening the quiz for the first time).
        grants = (
            list(
                QuizAttemptGrant.objects.filter(
                    learner=learner, quiz_key=quiz.translation_key
                )
                .select_related("granted_by")
                .order_by("created_at", "pk")
            )
            if attempts
            else []
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
    rule its count or as many active questions as its category has (three queries;
    memoized: a change of questions bumps the content version, assessments.receivers)."""
    return content_cached(("quiz-questions", quiz.pk), lambda: _question_count(quiz))


def _question_count(quiz: QuizPage) -> int:
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
