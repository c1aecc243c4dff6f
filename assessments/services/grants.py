"""State changes of grants: an admin lets a learner who is stuck at a quiz start one
more attempt (with a reason, audited); erasure blanks the reasons."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from core.audit import audit_entries_anonymise, audit_log
from people.models import User
from people.selectors import learner_scope_q

from ..models import QuizAttemptGrant, QuizPage
from ..selectors import quizzes as selectors

MSG_GRANT_REASON_REQUIRED = _("Say why the learner may try again.")
MSG_GRANT_NOT_STUCK = _(
    "This learner can already start an attempt at this quiz: there is nothing to grant."
)
MSG_GRANT_OWN = _("You cannot give yourself another attempt.")
GRANT_PERMISSION = "assessments.add_quizattemptgrant"


def quiz_attempt_grant(
    *,
    learner: User,
    quiz: QuizPage,
    by: User,
    reason: str,
    now: datetime.datetime | None = None,
) -> tuple[QuizAttemptGrant, bool]:
    """Let a learner who is stuck at a quiz start one more attempt now: one extra
    attempt when they used every attempt, and the wait after their last attempt
    lifted when it is not over. Returns the grant and whether it was made now.

    Needs the grant permission and the learner in `by`'s scope (PermissionDenied
    otherwise; not for oneself), a reason, and a learner who is stuck (neither an
    attempt in progress nor one they may start). One grant per learner, quiz and
    number of attempts made (a database rule): a double submission, or two admins at
    once, grant once, and the second call returns the first grant. Recorded in the
    audit log with the reason.
    """
    now = now or timezone.now()
    if (
        not by.has_perm(GRANT_PERMISSION)
        or not User.objects.filter(learner_scope_q(viewer=by), pk=learner.pk).exists()
    ):
        raise PermissionDenied
    if learner.pk == by.pk:
        raise ValidationError(MSG_GRANT_OWN, code="own")
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise ValidationError({"reason": [MSG_GRANT_REASON_REQUIRED]})
    standing = selectors.quiz_standing(learner=learner, quiz=quiz, now=now)
    existing = next(
        (g for g in standing.grants if g.after_attempt == standing.used), None
    )
    if existing is not None:
        return existing, False
    if not standing.stuck:
        raise ValidationError(MSG_GRANT_NOT_STUCK, code="not_stuck")
    grant = QuizAttemptGrant(
        learner=learner,
        quiz_key=quiz.translation_key,
        after_attempt=standing.used,
        extra_attempts=1 if standing.attempts_exhausted else 0,
        cooldown_lifted=standing.waiting_until is not None,
        reason=reason,
        granted_by=by,
        created_at=now,
    )
    try:
        with transaction.atomic():
            grant.save()
            audit_log(
                grant,
                "assessments.quiz_attempt_grant",
                user=by,
                region_id=learner.region_id,
                data={
                    "learner": learner.pk,
                    "quiz": str(quiz.translation_key),
                    "after_attempt": grant.after_attempt,
                    "extra_attempts": grant.extra_attempts,
                    "cooldown_lifted": grant.cooldown_lifted,
                    "reason": reason,
                },
            )
    except IntegrityError:
        # Another request granted the same thing first (the unique constraint).
        existing = QuizAttemptGrant.objects.filter(
            learner=learner,
            quiz_key=quiz.translation_key,
            after_attempt=standing.used,
        ).first()
        if existing is None:
            raise
        return existing, False
    return grant, True


def quiz_attempt_grant_personal_data_erase(*, learner: User) -> int:
    """Erase what grants to a learner say about them: the reasons, in the grants and
    in their audit entries (which keep who granted what, and when). Returns how many
    grants there were."""
    grants = list(
        QuizAttemptGrant.objects.filter(learner=learner).values_list("pk", flat=True)
    )
    if not grants:
        return 0
    QuizAttemptGrant.objects.filter(pk__in=grants).update(reason="")
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(QuizAttemptGrant),
        object_id__in=[str(pk) for pk in grants],
    )
    audit_entries_anonymise(entries, keys=("reason",))
    return len(grants)
