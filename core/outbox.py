"""Background work that is not lost when the broker (Redis) is down: the outbox.

`enqueue_durably(task, **kwargs)` writes a row (core.models.OutboxMessage) in the
current transaction, so the task is recorded exactly when the work it follows is (a
completion, a certificate) and not at all if that rolls back. Once the transaction
commits, the task is handed to the broker and its row deleted. When the broker cannot
take it (Redis down, a network partition), the row stays, the request carries on as if
nothing happened, and the beat task `core.tasks.outbox_send_pending` (every minute)
sends it later. A row is deleted only after the broker accepted its task; a task sent
twice (the web process sent it and died before deleting the row) is harmless, since
every task is idempotent.

After a failed send this process leaves the broker alone for BROKER_RETRY_SECONDS: a
burst of requests during an outage does not wait on it once each.

With tasks run eagerly (the embedded default, the test suite) there is no broker to
lose work in: the task runs once the transaction commits, as before, and no row is
written.
https://microservices.io/patterns/data/transactional-outbox.html
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# After a failed send, the seconds during which this process does not try again on
# commit (the rows wait for the beat task).
BROKER_RETRY_SECONDS = 10.0
# Rows per transaction of the beat task, and the seconds it may run at most (well
# under the task time limit; the next run sends the rest).
SEND_BATCH = 500
SEND_BUDGET_SECONDS = 120.0

_broker_down_until = 0.0


def enqueue_durably(task, /, **kwargs) -> None:
    """Queue `task(**kwargs)` (keyword arguments, JSON-serialisable) once the current
    transaction commits, without losing it if the broker is down meanwhile."""
    _enqueue(task, [kwargs], at_commit=True)


def enqueue_durably_many(task, kwargs_list: Iterable[dict]) -> None:
    """enqueue_durably for each of `kwargs_list` (one INSERT for all)."""
    _enqueue(task, kwargs_list, at_commit=True)


def fan_out_durably(task, kwargs_list: Iterable[dict]) -> None:
    """A beat task's fan-out, outside any transaction: `task(**kwargs)` for each of
    `kwargs_list`, written to the outbox (committed at once) and sent straight away;
    with eager tasks, each runs at once."""
    _enqueue(task, kwargs_list, at_commit=False)


def _enqueue(task, kwargs_list: Iterable[dict], *, at_commit: bool) -> None:
    kwargs_list = list(kwargs_list)
    if not kwargs_list:
        return
    if current_app.conf.task_always_eager:

        def run() -> None:
            for kwargs in kwargs_list:
                task.delay(**kwargs)

        if at_commit:
            transaction.on_commit(run)
        else:
            run()
        return
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=task.name, kwargs=kwargs) for kwargs in kwargs_list],
        batch_size=SEND_BATCH,
    )
    pending = [(message.pk, message.kwargs) for message in messages]
    if at_commit:
        transaction.on_commit(lambda: _send_committed(task, pending))
    else:
        _send_committed(task, pending)


def _send_committed(task, pending: list[tuple[int, dict]]) -> None:
    """On commit: hand each task to the broker, delete the rows of those it took. Never
    raises: what was not sent waits for the beat task."""
    if time.monotonic() < _broker_down_until:
        return
    sent = []
    for pk, kwargs in pending:
        if not _publish(task.name, kwargs, task=task, retry=False):
            break
        sent.append(pk)
    try:
        for start in range(0, len(sent), SEND_BATCH):
            OutboxMessage.objects.filter(
                pk__in=sent[start : start + SEND_BATCH]
            ).delete()
    except DatabaseError:
        # The tasks are queued; the beat task sends them again (harmless).
        logger.warning("outbox: %s sent row(s) not deleted", len(sent), exc_info=True)


def _publish(name: str, kwargs: dict, *, task=None, retry: bool) -> bool:
    """Hand one task to the broker. True when the broker accepted it."""
    global _broker_down_until
    task = task if task is not None else current_app.tasks.get(name)
    try:
        if task is not None:
            task.apply_async(kwargs=kwargs, retry=retry)
        else:  # not registered in this process: by name (the worker knows it or says)
            current_app.send_task(name, kwargs=kwargs, retry=retry)
    # kombu's OperationalError, and whatever else a transport may raise: the request
    # that committed must not fail for it.
    except Exception as error:
        _broker_down_until = time.monotonic() + BROKER_RETRY_SECONDS
        logger.warning("outbox: the broker did not take %s: %s", name, error)
        return False
    return True


def outbox_send_pending(*, older_than: float | None = None) -> int:
    """Send the queued tasks older than `older_than` seconds (default
    LMS_OUTBOX_SEND_AFTER_SECONDS: younger rows are being sent by the process that
    wrote them), oldest first, each row once even with several senders at a time (rows
    are locked and skipped when locked, on PostgreSQL). Stops at the first send that
    fails. Returns how many it sent."""
    if older_than is None:
        older_than = settings.LMS_OUTBOX_SEND_AFTER_SECONDS
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
    deadline = time.monotonic() + SEND_BUDGET_SECONDS
    total = 0
    while time.monotonic() < deadline:
        with transaction.atomic():
            batch = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(created_at__lte=cutoff)
                .order_by("pk")
                .only("pk", "task", "kwargs")[:SEND_BATCH]
            )
            sent = []
            failed = None
            for message in batch:
                if not _publish(message.task, message.kwargs, retry=True):
                    failed = message
                    break
                sent.append(message.pk)
            OutboxMessage.objects.filter(pk__in=sent).delete()
            if failed is not None:
                OutboxMessage.objects.filter(pk=failed.pk).update(
                    attempts=F("attempts") + 1, updated_at=timezone.now()
                )
        total += len(sent)
        if failed is not None or len(batch) < SEND_BATCH:
            break
    if total:
        logger.info("outbox: sent %s queued task(s)", total)
    return total
