"""Recertification: a refresher issues a new certificate linked to the previous one."""

import datetime

import pytest
from django.utils import timezone

from certificates import selectors, services
from certificates.models import Certificate
from courses.signals import item_passed
from tests.courses.helpers import complete_course
from tests.factories import QuizFactory, course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def refresher(program_page, certificate_rule):
    course, lessons = course_with_lessons(program_page, 1, slug="refresher", hours=1)
    course.refresh_from_db()
    certificate_rule.refresher_page = course
    certificate_rule.save()
    return course, lessons


def _expiring(certificate, days):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=days)
    )
    certificate.refresh_from_db()
    return certificate


def test_completing_the_refresher_renews_an_expiring_certificate(
    certificate, refresher, django_capture_on_commit_callbacks
):
    _expiring(certificate, 20)
    course, lessons = refresher
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=certificate.learner, course=course, lessons=lessons)
    renewal = Certificate.objects.get(previous=certificate)
    assert renewal.cycle == 2
    assert renewal.target_key == certificate.target_key
    assert renewal.code != certificate.code
    assert renewal.expires_at > timezone.now() + datetime.timedelta(days=700)
    assert selectors.certificate_history(certificate=renewal) == [certificate, renewal]
    assert selectors.certificate_history(certificate=certificate) == [
        certificate,
        renewal,
    ]


def test_an_expired_certificate_is_renewed_too(
    certificate, refresher, django_capture_on_commit_callbacks
):
    _expiring(certificate, -100)
    course, lessons = refresher
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=certificate.learner, course=course, lessons=lessons)
    assert Certificate.objects.filter(previous=certificate).count() == 1


def test_the_refresher_does_not_renew_a_certificate_far_from_expiry(
    certificate, refresher, django_capture_on_commit_callbacks
):
    course, lessons = refresher
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=certificate.learner, course=course, lessons=lessons)
    assert Certificate.objects.count() == 1


def test_a_revoked_certificate_is_not_renewed(
    certificate, refresher, regional_admin, django_capture_on_commit_callbacks
):
    _expiring(certificate, 10)
    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Нарушение кодекса"
    )
    course, lessons = refresher
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=certificate.learner, course=course, lessons=lessons)
    assert Certificate.objects.count() == 1


def test_a_refresher_quiz_passed_renews_once_however_often_the_event_arrives(
    certificate, certificate_rule, program_page, django_capture_on_commit_callbacks
):
    course, _lessons = course_with_lessons(program_page, 0, slug="recert")
    quiz = QuizFactory(parent=course)
    certificate_rule.refresher_page = quiz
    certificate_rule.save()
    _expiring(certificate, 5)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            item_passed.send(
                sender=None,
                learner_id=certificate.learner_id,
                item_key=quiz.translation_key,
                at=timezone.now(),
            )
    renewal = Certificate.objects.get(previous=certificate)
    assert renewal.cycle == 2
    assert Certificate.objects.count() == 2


def test_a_second_renewal_continues_the_chain(certificate, certificate_rule, refresher):
    _expiring(certificate, 5)
    second, _ = services.certificate_issue(
        learner=certificate.learner,
        rule=certificate_rule,
        completed_at=timezone.now(),
        previous=certificate,
    )
    _expiring(second, 5)
    third = services.certificate_renew_for_item(
        learner=certificate.learner,
        item_key=refresher[0].translation_key,
        at=timezone.now(),
    )
    assert [c.cycle for c in third] == [3]
    assert third[0].previous == second
    assert [
        c.cycle for c in selectors.certificate_history(certificate=certificate)
    ] == [
        1,
        2,
        3,
    ]
