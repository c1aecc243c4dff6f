"""Fault: Redis (the cache and the broker) down while learners finish a course, then
back. Production's setup on the test's own redis-server: tasks go through Redis to a
real worker, the cache is core.cache's. Every "done" answers as usual, and once Redis
and the worker are back, the outbox hands over what waited: every certificate issued
once, every e-mail sent once."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from certificates.models import Certificate
from certificates.tasks import certificates_reconcile
from core.models import OutboxMessage
from core.tasks import outbox_send_pending
from courses.models import Enrolment
from courses.services import enrolment_create, item_complete
from tests.factories import UserFactory
from tests.worker import database_or_missing, tasks_sent_to, worker_start

from .conftest import mails_in, redis_cache, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LEARNERS = 20


def test_redis_down_during_a_burst_of_completions_loses_no_certificate_or_e_mail(
    settings, tmp_path, request, redis_server, region, certified_course_and_lessons
):
    database_or_missing()
    course, lessons, _rule = certified_course_and_lessons
    redis_cache(settings, redis_server)
    broker, queue = redis_server.url(1), "fault-broker-down"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    learners = [UserFactory(region=region) for _ in range(LEARNERS)]
    with tasks_sent_to(broker, queue):
        clients = []
        for learner in learners:  # each has one lesson left to do
            enrolment = enrolment_create(learner=learner, course=course)
            item_complete(enrolment=enrolment, item=lessons[0])
            client = Client()
            client.force_login(learner)
            clients.append(client)

        redis_server.stop()
        answers = [client.post(f"{lessons[-1].url}done/") for client in clients]

        assert [answer.status_code for answer in answers] == [302] * LEARNERS
        assert {answer["Location"] for answer in answers} == {course.url}
        completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
        assert completed.count() == LEARNERS
        assert not Certificate.objects.exists()
        queued = Counter(OutboxMessage.objects.values_list("task", flat=True))
        assert queued["certificates.tasks.certificate_issue_for_enrolment"] == LEARNERS
        assert queued["courses.tasks.course_completed_notify"] == LEARNERS

        redis_server.start()
        worker = worker_start(
            broker=broker,
            queue=queue,
            log_path=tmp_path / "worker.log",
            env={
                "LMS_TEST_EMAIL_DIR": str(mail_dir),
                "LMS_OUTBOX_SEND_AFTER_SECONDS": "0",
            },
        )
        try:
            worker.wait_until_ready()
            # What beat sends every minute.
            outbox_send_pending.delay()
            wait_for(
                lambda: (
                    Certificate.objects.filter(notified_at__isnull=False).count()
                    == LEARNERS
                    and completed.filter(completion_notified_at__isnull=False).count()
                    == LEARNERS
                    and not OutboxMessage.objects.exists()
                ),
                "every certificate issued and announced, every completion announced",
            )
            # Beat's next runs find nothing left to send or to issue.
            again = outbox_send_pending.delay()
            assert worker.wait_for_task(again.id) == "0"
            missing = certificates_reconcile.delay(minutes=0)
            assert worker.wait_for_task(missing.id) == "0"
        finally:
            worker.stop()
            request.node.add_report_section(
                "teardown", "Celery worker log", worker.log()
            )

    holders = Counter(Certificate.objects.values_list("learner_id", flat=True))
    assert holders == dict.fromkeys((learner.pk for learner in learners), 1)
    mails = mails_in(mail_dir)
    # Each learner: the course completed, and the certificate issued; once each.
    assert Counter(recipient for recipient, _subject in mails) == dict.fromkeys(
        (learner.email for learner in learners), 2
    )
    assert len(set(mails)) == len(mails)
