"""The options every Celery task of the project is declared with: two named policies,
so a task says which kind of work it is instead of spelling out its retries.

    @shared_task(**TASK_OPTIONS)        # run again by beat or by the next event
    @shared_task(**RETRY_TASK_OPTIONS)  # e-mail, files, PDFs: the outside world

core's one task sends the outbox (core.outbox); the apps' tasks modules hold theirs.
https://docs.celeryq.dev/en/stable/userguide/tasks.html#automatic-retry-for-known-exceptions
"""

from __future__ import annotations

from celery import shared_task

# Every task is acknowledged once it has run, not when a worker takes it, so a worker
# that dies mid-task leaves it to another (CELERY_TASK_ACKS_LATE says the same for the
# whole project; each task states it too, and tests/test_wiring.py holds every task to
# it): a pool process that was killed has its task put back at once
# (CELERY_TASK_REJECT_ON_WORKER_LOST), and the task of a worker lost whole (its machine)
# is handed out again by Redis after the visibility timeout (lms/settings/base.py).
# Tasks are idempotent, so running one again is harmless. No automatic retry:
# what fails here is a bug, or is picked up again by the next beat run.
TASK_OPTIONS = {"acks_late": True}

# Work that meets the outside world (the mail server above all, also stored files and
# the PDF renderer) fails for a while and then works again: retry on OSError, which
# covers socket and connection errors and smtplib.SMTPException, five times with
# exponential backoff (Celery's defaults, with jitter: at most 1, 2, 4, 8, 16 seconds).
# Every e-mail task uses it: core.mail.mail_send_once releases its claim when sending
# fails, so a retry sends what was not sent, once.
RETRY_TASK_OPTIONS = {
    **TASK_OPTIONS,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**TASK_OPTIONS)
def outbox_send_pending() -> int:
    """Beat, every minute: hand to the broker the queued tasks that were not sent when
    their transaction committed (the broker was down). Returns how many it sent."""
    from .outbox import outbox_send_pending as send

    return send()
