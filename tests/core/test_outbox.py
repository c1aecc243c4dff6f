"""The outbox (core.outbox): background work written in the transaction it follows,
handed to the broker once committed, kept (and sent later by beat) when the broker
cannot take it. The broker is stood in for by patching a task's apply_async; the fault
tests (tests/faults/) run it against a real Redis and worker."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from core import outbox
from core.models import OutboxMessage
from core.outbox import enqueue_durably, fan_out_durably, outbox_send_pending
from lms.celery import app
from people.tasks import user_erase

pytestmark = pytest.mark.django_db

REFUSED = OperationalError("Error 111 connecting to redis:6379. Connection refused.")


@pytest.fixture
def broker(monkeypatch):
    """Tasks go to a broker (production), not run eagerly; its send is a mock."""
    eager = app.conf.task_always_eager
    app.conf.update(task_always_eager=False)
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    try:
        with mock.patch.object(user_erase, "apply_async") as send:
            yield send
    finally:
        app.conf.update(task_always_eager=eager)


def _age(seconds: int) -> None:
    OutboxMessage.objects.update(
        created_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def test_with_eager_tasks_nothing_is_written_and_the_task_runs_once_committed(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch.object(user_erase, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue_durably(user_erase, user_id=7)
        assert delay.call_count == 0

    delay.assert_called_once_with(user_id=7)
    assert not OutboxMessage.objects.exists()


def test_a_task_is_written_with_the_transaction_and_deleted_once_the_broker_took_it(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_durably(user_erase, user_id=7)
        message = OutboxMessage.objects.get()
        assert (message.task, message.kwargs) == (
            "people.tasks.user_erase",
            {"user_id": 7},
        )
        assert broker.call_count == 0  # not before the commit

    broker.assert_called_once_with(kwargs={"user_id": 7}, retry=False)
    assert not OutboxMessage.objects.exists()


def test_a_transaction_rolled_back_queues_nothing(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_durably(user_erase, user_id=7)
            raise RuntimeError

    assert callbacks == []
    assert broker.call_count == 0
    assert not OutboxMessage.objects.exists()


def test_a_broker_that_refuses_leaves_the_task_in_the_outbox_and_raises_nothing(
    broker, django_capture_on_commit_callbacks
):
    broker.side_effect = REFUSED

    with django_capture_on_commit_callbacks(execute=True):
        enqueue_durably(user_erase, user_id=7)
    # The next one, within BROKER_RETRY_SECONDS, does not wait on the broker again.
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_durably(user_erase, user_id=8)

    assert broker.call_count == 1
    assert list(
        OutboxMessage.objects.order_by("pk").values_list("kwargs", flat=True)
    ) == [
        {"user_id": 7},
        {"user_id": 8},
    ]


def test_the_beat_task_sends_what_waited_longer_than_the_delay_and_deletes_it(
    broker, settings
):
    settings.LMS_OUTBOX_SEND_AFTER_SECONDS = 30
    broker.side_effect = REFUSED
    enqueue_durably(user_erase, user_id=7)  # no transaction: committed at once
    enqueue_durably(user_erase, user_id=8)
    _age(60)
    enqueue_durably(user_erase, user_id=9)  # young: its own process sends it
    broker.side_effect = None
    broker.reset_mock()

    assert outbox_send_pending() == 2

    assert [call.kwargs for call in broker.call_args_list] == [
        {"kwargs": {"user_id": 7}, "retry": True},
        {"kwargs": {"user_id": 8}, "retry": True},
    ]
    assert list(OutboxMessage.objects.values_list("kwargs", flat=True)) == [
        {"user_id": 9}
    ]
    assert outbox_send_pending() == 0


def test_the_beat_task_stops_at_the_first_refusal_and_counts_it(broker):
    broker.side_effect = REFUSED
    for user_id in (7, 8, 9):
        enqueue_durably(user_erase, user_id=user_id)
    _age(60)
    broker.side_effect = [None, REFUSED, None]

    assert outbox_send_pending() == 1

    assert list(
        OutboxMessage.objects.order_by("pk").values_list("kwargs", "attempts")
    ) == [({"user_id": 8}, 1), ({"user_id": 9}, 0)]


def test_the_beat_task_sends_a_task_this_process_does_not_know_by_name(broker):
    OutboxMessage.objects.create(task="gone.tasks.renamed", kwargs={"x": 1})
    _age(60)

    with mock.patch.object(app, "send_task") as send_task:
        assert outbox_send_pending() == 1

    send_task.assert_called_once_with("gone.tasks.renamed", kwargs={"x": 1}, retry=True)


def test_a_fan_out_is_written_and_sent_at_once(broker):
    fan_out_durably(user_erase, [{"user_id": 7}, {"user_id": 8}])

    assert broker.call_count == 2
    assert not OutboxMessage.objects.exists()


def test_a_fan_out_the_broker_refuses_midway_keeps_the_rest(broker):
    broker.side_effect = [None, REFUSED]

    fan_out_durably(user_erase, [{"user_id": 7}, {"user_id": 8}, {"user_id": 9}])

    assert list(
        OutboxMessage.objects.order_by("pk").values_list("kwargs", flat=True)
    ) == [
        {"user_id": 8},
        {"user_id": 9},
    ]
