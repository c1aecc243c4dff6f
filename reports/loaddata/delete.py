"""Removing the load data set, and only it."""

from __future__ import annotations

import time

from django.db import reset_queries, transaction

from assessments.models import AttemptQuestion, QuizAttempt
from certificates.models import Certificate, CertificateReminder
from core.pagecache import content_version_bump
from courses.models import (
    Assignment,
    Enrolment,
    ItemProgress,
)
from people.models import Organization, Position, User

from .catalog import BATCH, ORG_PREFIX, Say, generated_users


def _raw_delete(queryset) -> int:
    """One DELETE statement, without fetching the rows or sending post_delete per row
    (the courses receiver would bump a learning stamp a row): the caller deletes the
    rows pointing at these first."""
    return queryset._raw_delete(queryset.db)


def load_data_delete(*, say: Say) -> dict:
    """Removes the generated learners, everything they own, and the generated
    organisations; nothing else. The learning records go by one DELETE each; the
    learners and positions through the ORM (their cascades and receivers)."""
    learners = generated_users().values("pk")
    attempts = QuizAttempt.objects.filter(learner__in=learners).values("pk")
    certificates = Certificate.objects.filter(learner__in=learners).values("pk")
    enrolments = Enrolment.objects.filter(learner__in=learners).values("pk")
    counts = {}
    with transaction.atomic():
        for label, queryset, raw in (
            (
                "attempt questions",
                AttemptQuestion.objects.filter(attempt__in=attempts),
                True,
            ),
            ("quiz attempts", QuizAttempt.objects.filter(learner__in=learners), True),
            (
                "certificate reminders",
                CertificateReminder.objects.filter(certificate__in=certificates),
                True,
            ),
            ("certificates", Certificate.objects.filter(learner__in=learners), True),
            (
                "item progress",
                ItemProgress.objects.filter(enrolment__in=enrolments),
                True,
            ),
            ("enrolments", Enrolment.objects.filter(learner__in=learners), True),
            ("assignments", Assignment.objects.filter(learner__in=learners), True),
            ("positions", Position.objects.filter(user__in=learners), False),
        ):
            started = time.monotonic()
            counts[label] = _raw_delete(queryset) if raw else queryset.delete()[0]
            say(
                f"{label}: {counts[label]} deleted in {time.monotonic() - started:.1f} s"
            )
        started = time.monotonic()
        counts["learners"] = 0
        while pks := list(generated_users().values_list("pk", flat=True)[:BATCH]):
            User.objects.filter(pk__in=pks).delete()
            counts["learners"] += len(pks)
            reset_queries()
        say(
            f"learners: {counts['learners']} deleted in {time.monotonic() - started:.1f} s"
        )
        counts["organisations"] = Organization.objects.filter(
            name__startswith=ORG_PREFIX
        ).delete()[0]
        say(f"organisations: {counts['organisations']} deleted")
        transaction.on_commit(content_version_bump)
    return counts
