"""Quiz figures for grouped reports: the submitted attempts of everyone (callers limit
them to the learners they may show), the learner-quiz pairs attempted and passed as
aggregates, and the course each quiz belongs to."""

from __future__ import annotations

import uuid

from django.db.models import CharField, Count, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from wagtail.models import Page

from courses.models import CoursePage

from ..models import QuizAttempt, QuizPage


def quiz_attempt_list_for_figures() -> QuerySet[QuizAttempt]:
    """Every submitted attempt, unscoped: for figures that callers limit themselves
    (to the learners in a viewer's scope, a period of submission)."""
    return QuizAttempt.objects.filter(status=QuizAttempt.Status.SUBMITTED)


def quiz_pass_counts() -> dict[str, Count]:
    """Aggregates over submitted attempts, to group by whatever the caller reports by
    (`attempts.values("learner__region").annotate(**quiz_pass_counts())`):
    `attempted`, the learner-quiz pairs with an attempt, and `passed`, those of them
    with at least one passing attempt (results.ResultsSummary's rule: a learner who
    failed twice and then passed has passed)."""
    pair = Concat(
        Cast("learner_id", CharField()),
        Value(":"),
        Cast("quiz_key", CharField()),
        output_field=CharField(),
    )
    return {
        "attempted": Count(pair, distinct=True),
        "passed": Count(pair, distinct=True, filter=Q(passed=True)),
    }


def quiz_course_keys() -> dict[uuid.UUID, uuid.UUID]:
    """The course (translation_key) of every quiz (translation_key), published or
    not: a quiz is a child of its course in every language (two queries)."""
    quizzes = list(QuizPage.objects.values_list("path", "translation_key"))
    steplen = QuizPage.steplen
    courses = dict(
        Page.objects.type(CoursePage)
        .filter(path__in={path[:-steplen] for path, _key in quizzes})
        .values_list("path", "translation_key")
    )
    return {
        key: courses[path[:-steplen]]
        for path, key in quizzes
        if path[:-steplen] in courses
    }
