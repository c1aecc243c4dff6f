"""Fault: a Celery worker killed (SIGKILL) in the middle of a batch of certificates,
on the test's own Redis: the pool processes alone (an OOM kill), or the whole worker
(its machine lost). Once a worker runs again, every certificate is issued exactly once
and gets its PDF; no e-mail goes out twice."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

import pytest

from certificates.models import Certificate
from certificates.tasks import certificates_reconcile
from core.models import OutboxMessage
from core.tasks import outbox_send_pending
from courses.models import Enrolment
from courses.services import enrolment_create, item_complete
from courses.tasks import course_completions_reconcile
from tests.factories import UserFactory
from tests.worker import database_or_missing, tasks_sent_to, worker_start

from .conftest import mails_in, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LEARNERS = 20
# The broker's visibility timeout of the worker that takes over (production: the task
# time limit plus a minute): a lost worker's tasks are handed out again after it.
VISIBILITY_TIMEOUT = 5


@pytest.fixture
def batch(region, certified_course_and_lessons, redis_server):
    """LEARNERS learners who completed the certified course while Redis was up and no
    worker ran: their issuance and e-mail tasks wait in the test's queue."""
    database_or_missing()
    course, lessons, _rule = certified_course_and_lessons
    broker, queue = redis_server.url(1), "fault-worker-killed"
    learners = [UserFactory(region=region) for _ in range(LEARNERS)]
    with tasks_sent_to(broker, queue):
        for learner in learners:
            enrolment = enrolment_create(learner=learner, course=course)
            for lesson in lessons:
                item_complete(enrolment=enrolment, item=lesson)
        yield broker, queue, learners


def _state() -> dict:
    certificates = Certificate.objects.all()
    return {
        "certificates": certificates.count(),
        "with a PDF": certificates.filter(pdf_rendered_at__isnull=False).count(),
        "announced": certificates.filter(notified_at__isnull=False).count(),
        "completions announced": Enrolment.objects.filter(
            completion_notified_at__isnull=False
        ).count(),
        "outbox": list(OutboxMessage.objects.values_list("task", "kwargs")),
    }


def _all_done(*, pdfs: bool = True) -> bool:
    certificates = Certificate.objects.filter(notified_at__isnull=False)
    if pdfs:
        certificates = certificates.filter(pdf_rendered_at__isnull=False)
    return (
        certificates.count() == LEARNERS
        and Enrolment.objects.filter(completion_notified_at__isnull=False).count()
        == LEARNERS
    )


def _wait_with_beat(condition, what: str, *, reconcile: bool, timeout: float = 120):
    """Wait for `condition`, running every few seconds what beat runs every minute
    (the outbox: a worker killed after its transaction committed and before it handed
    the follow-up tasks to the broker left them there) and, if `reconcile`, every 10
    minutes (what was lost with a worker lost whole), without their delay."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {timeout}s: {_state()}"
        outbox_send_pending.delay()
        if reconcile:
            certificates_reconcile.delay(minutes=0)
            course_completions_reconcile.delay(minutes=0)
        time.sleep(3)


def _assert_each_once(learners, mail_dir) -> None:
    holders = Counter(Certificate.objects.values_list("learner_id", flat=True))
    assert holders == dict.fromkeys((learner.pk for learner in learners), 1)
    # Completed, certificate issued: at most once each. (A pool process killed between
    # claiming an e-mail and sending it loses that one: core.mail sends at most once.)
    mails = mails_in(mail_dir)
    assert len(set(mails)) == len(mails)
    assert max(Counter(recipient for recipient, _subject in mails).values()) <= 2


def _workers(batch, tmp_path, request):
    broker, queue, _learners = batch
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    started = []

    def start(name: str, **options):
        worker = worker_start(
            broker=broker,
            queue=queue,
            name=f"{name}@{queue}",
            log_path=tmp_path / f"{name}.log",
            env={
                "LMS_TEST_EMAIL_DIR": str(mail_dir),
                "LMS_OUTBOX_SEND_AFTER_SECONDS": "0",
                **options.pop("env", {}),
            },
            **options,
        )
        started.append(worker)
        worker.wait_until_ready()
        return worker

    def stop_all():
        for worker in started:
            worker.stop()
            request.node.add_report_section("teardown", worker.name, worker.log())

    return start, stop_all, mail_dir


def test_pool_processes_killed_mid_batch_have_their_tasks_run_again(
    batch, tmp_path, request
):
    _broker, _queue, learners = batch
    start, stop_all, mail_dir = _workers(batch, tmp_path, request)
    try:
        worker = start("prefork", pool="prefork", concurrency=2)
        wait_for(lambda: Certificate.objects.count() >= 3, "three certificates")
        for pid in worker.pool_pids():  # both busy: the queue is long
            os.kill(pid, signal.SIGKILL)
        assert not _all_done()

        # The worker starts new pool processes; the killed ones' tasks were put back
        # in the queue (CELERY_TASK_REJECT_ON_WORKER_LOST) and run again.
        _wait_with_beat(
            _all_done, "every certificate with its PDF, every e-mail", reconcile=False
        )
        # (A task in flight shows as WorkerLostError in the log: nearly always, the
        # queue being long; a process killed between two tasks had none.)
        assert worker.log().count("exited with 'signal 9 (SIGKILL)'") == 2
    finally:
        stop_all()
    _assert_each_once(learners, mail_dir)


def test_a_worker_lost_whole_mid_batch_leaves_its_tasks_to_the_next_one(
    batch, tmp_path, request
):
    _broker, _queue, learners = batch
    start, stop_all, mail_dir = _workers(batch, tmp_path, request)
    try:
        lost = start("lost", pool="prefork", concurrency=2)
        wait_for(lambda: Certificate.objects.count() >= 3, "three certificates")
        lost.kill()  # the worker and its pool processes: a machine gone
        assert not _all_done()
        time.sleep(VISIBILITY_TIMEOUT + 1)

        # What the lost worker had taken is handed out again after the visibility
        # timeout; the rest of the queue waited for the next worker.
        start(
            "next",
            pool="prefork",
            concurrency=2,
            env={"LMS_CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)},
        )
        # A task the lost worker was taking from Redis at that instant is gone
        # (Redis hands it over before the worker records it as taken): beat's
        # reconciliation finds what it left undone. A PDF lost so is rendered when
        # first downloaded, so it is not waited for here.
        _wait_with_beat(
            lambda: _all_done(pdfs=False),
            "every certificate, every e-mail",
            reconcile=True,
        )
    finally:
        stop_all()
    _assert_each_once(learners, mail_dir)
