"""Issuing certificates when a course is completed: once, whatever happens twice."""

import pytest

from certificates import services
from certificates.models import Certificate
from certificates.tasks import certificate_issue_for_enrolment

from .conftest import course_complete


@pytest.mark.django_db
def test_completing_a_certified_course_issues_one_certificate(
    holder, certified_course_and_lessons, django_capture_on_commit_callbacks
):
    course, lessons, rule = certified_course_and_lessons
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = course_complete(learner=holder, course=course, lessons=lessons)
    certificate = Certificate.objects.get(learner=holder)
    assert certificate.target_key == course.translation_key
    assert certificate.cycle == 1
    assert certificate.completed_at == enrolment.completed_at
    assert certificate.pdf.name.endswith(f"{certificate.code}.pdf")
    # The event arriving again, or the task running again, issues nothing more.
    assert certificate_issue_for_enrolment.delay(enrolment_id=enrolment.pk).get() == []
    assert services.certificate_issue_for_enrolment(enrolment=enrolment) == []
    assert Certificate.objects.filter(learner=holder).count() == 1
