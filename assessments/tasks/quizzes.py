"""Tasks of quizzes. Tasks take ids and are idempotent; they call the services
(imported in the task's body: services import the tasks)."""

import logging

from celery import shared_task
from django.utils import timezone

from core.tasks import TASK_OPTIONS

logger = logging.getLogger(__name__)


@shared_task(**TASK_OPTIONS)
def attempts_expired_close() -> int:
    """Beat, every minute: close and grade the open attempts whose time (grace
    included) ran out, with the answers saved in time. Returns how many it closed; a
    second run finds none (quiz_attempt_submit grades an attempt once)."""
    from ..models import QuizAttempt
    from ..selectors.quizzes import quiz_attempt_list_expired
    from ..services.quizzes import quiz_attempt_submit

    now = timezone.now()
    closed = 0
    for attempt in quiz_attempt_list_expired(now=now):
        try:
            quiz_attempt_submit(
                attempt=attempt, closed_by=QuizAttempt.ClosedBy.TIME, now=now
            )
        except Exception:
            # One attempt that cannot be graded must not keep the others open; it
            # stays open and is tried again next minute.
            logger.exception("quiz attempt %s could not be closed", attempt.pk)
            continue
        closed += 1
    return closed
