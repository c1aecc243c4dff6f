"""How assessments reacts to other apps' events, connected in AssessmentsConfig.ready().
Thin: each reads or hands over to a service."""

from core.pagecache import content_version_bump

from .models import QuizAttempt, QuizAttemptGrant, Submission
from .services.assignments import submission_personal_data_erase
from .services.grants import quiz_attempt_grant_personal_data_erase


def _iso(value):
    return value.isoformat() if value else None


def _number(value):
    return str(value) if value is not None else None


def on_personal_data_export_quizzes(sender, user, **kwargs):
    return (
        "quiz_attempts",
        [
            {
                "quiz": str(a.quiz_key),
                "number": a.number,
                "status": a.status,
                "started_at": _iso(a.started_at),
                "submitted_at": _iso(a.submitted_at),
                "score": _number(a.score),
                "max_score": _number(a.max_score),
                "percent": _number(a.percent),
                "passed": a.passed,
            }
            for a in QuizAttempt.objects.filter(learner=user).order_by(
                "quiz_key", "number"
            )
        ],
    )


def on_personal_data_export_quiz_grants(sender, user, **kwargs):
    return (
        "quiz_attempt_grants",
        [
            {
                "quiz": str(g.quiz_key),
                "after_attempt": g.after_attempt,
                "extra_attempts": g.extra_attempts,
                "cooldown_lifted": g.cooldown_lifted,
                "reason": g.reason,
                "granted_at": _iso(g.created_at),
            }
            for g in QuizAttemptGrant.objects.filter(learner=user).order_by(
                "quiz_key", "after_attempt"
            )
        ],
    )


def on_personal_data_export_submissions(sender, user, **kwargs):
    submissions = (
        Submission.objects.filter(learner=user)
        .select_related("reviewed_by")
        .prefetch_related("files")
        .order_by("assignment_key", "version")
    )
    return (
        "submissions",
        [
            {
                "assignment": str(s.assignment_key),
                "version": s.version,
                "status": s.status,
                "submitted_at": _iso(s.submitted_at),
                "reviewed_at": _iso(s.reviewed_at),
                "text": s.text,
                "feedback": s.feedback,
                "rubric_scores": s.rubric_scores,
                "score": _number(s.score),
                "max_score": _number(s.max_score),
                "files": [f.name for f in s.files.all()],
            }
            for s in submissions
        ],
    )


def on_personal_data_erase(sender, user, **kwargs):
    submission_personal_data_erase(learner=user)
    quiz_attempt_grant_personal_data_erase(learner=user)


def on_quiz_content_changed(sender, **kwargs) -> None:
    """A question, or a quiz's questions or draw rules, changed: what is memoized of
    quizzes (the question count) is read again on the next request."""
    content_version_bump()


def on_handover_duties_collect(sender, *, position, **kwargs):
    """A hand-over opens: the reviews waiting in the leaver's region."""
    from .selectors.handover import handover_review_duties

    return handover_review_duties(position=position)
