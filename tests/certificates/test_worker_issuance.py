"""Issuance on a real Celery worker (Redis broker, PostgreSQL): the certificate and its
PDF are made by the worker, and the task delivered twice still leaves one."""

import time

import pytest
from celery.result import EagerResult

from certificates.models import Certificate
from certificates.tasks import certificate_issue_for_enrolment
from tests.courses.helpers import complete_course
from tests.worker import TIMEOUT

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(condition, what: str):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {TIMEOUT}s"
        time.sleep(0.2)


def test_a_completed_course_gets_its_certificate_and_pdf_from_the_worker_once(
    celery_worker, holder, certified_course_and_lessons
):
    course, lessons, _rule = certified_course_and_lessons
    enrolment = complete_course(learner=holder, course=course, lessons=lessons)

    _wait_for(
        lambda: Certificate.objects.filter(
            learner=holder, pdf_rendered_at__isnull=False
        ).exists(),
        "no certificate with a PDF",
    )
    certificate = Certificate.objects.get(learner=holder)
    storage = Certificate._meta.get_field("pdf").storage
    assert storage.exists(certificate.pdf.name)
    assert storage.open(certificate.pdf.name).read(5) == b"%PDF-"

    # The same event delivered twice (a redelivery after a worker died mid-task, or a
    # duplicate), both at once: still one certificate.
    first = certificate_issue_for_enrolment.delay(enrolment_id=enrolment.pk)
    second = certificate_issue_for_enrolment.delay(enrolment_id=enrolment.pk)
    assert not isinstance(first, EagerResult)
    assert celery_worker.wait_for_task(first.id) == "[]"
    assert celery_worker.wait_for_task(second.id) == "[]"
    assert Certificate.objects.filter(learner=holder).count() == 1
