"""A learner's quiz attempts and assignment submissions as their record (transcript)
shows them, titled in the active language: three queries, whatever their numbers."""

from __future__ import annotations

import dataclasses
import uuid

from wagtail.models import Page

from core.i18n import active_language, localized_pick
from people.models import User

from ..models import QuizAttempt, Submission


@dataclasses.dataclass
class AttemptRecord:
    """One attempt at a quiz: when, the score, passed or not (None while open)."""

    attempt: QuizAttempt
    title: str


@dataclasses.dataclass
class SubmissionRecord:
    """One version of work handed in for an assignment, and its review's outcome."""

    submission: Submission
    title: str


@dataclasses.dataclass
class AssessmentRecord:
    attempts: list[AttemptRecord]
    submissions: list[SubmissionRecord]


def _titles(keys: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Titles of the pages with these translation_keys (published or not: the record
    keeps work done at a quiz since withdrawn), in the active language where
    translated (one query, none without keys)."""
    if not keys:
        return {}
    pages = localized_pick(
        Page.objects.filter(translation_key__in=keys).select_related("locale"),
        active_language(),
    )
    return {key: page.title for key, page in pages.items()}


def assessment_record(*, learner: User) -> AssessmentRecord:
    """Every quiz attempt (the latest first) and every submission (the latest first,
    with its review's outcome) of a learner."""
    attempts = list(
        QuizAttempt.objects.filter(learner=learner).order_by("-started_at", "-pk")
    )
    submissions = list(
        Submission.objects.filter(learner=learner).order_by("-submitted_at", "-pk")
    )
    titles = _titles(
        {a.quiz_key for a in attempts} | {s.assignment_key for s in submissions}
    )
    return AssessmentRecord(
        attempts=[
            AttemptRecord(attempt=a, title=titles.get(a.quiz_key, "")) for a in attempts
        ],
        submissions=[
            SubmissionRecord(submission=s, title=titles.get(s.assignment_key, ""))
            for s in submissions
        ],
    )
