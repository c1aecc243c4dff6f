"""Issuing certificates when a course or program is completed: once, whatever happens
twice."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from certificates.services import months_add
from certificates.tasks import (
    certificate_issue_for_enrolment,
    certificate_issue_for_program,
    certificate_issued_notify,
)
from core.pdf import PdfUnavailable
from courses.models import ProgramCompletion
from tests.courses.helpers import complete_course
from tests.factories import CertificateRuleFactory, course_with_lessons

pytestmark = pytest.mark.django_db


def test_completing_a_certified_course_issues_one_certificate(
    holder, certified_course_and_lessons, django_capture_on_commit_callbacks
):
    course, lessons, rule = certified_course_and_lessons
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(learner=holder, course=course, lessons=lessons)
    certificate = Certificate.objects.get(learner=holder)
    assert certificate.target_key == course.translation_key
    assert certificate.kind == Certificate.Kind.COURSE
    assert certificate.cycle == 1
    assert certificate.previous is None
    assert certificate.rule == rule
    assert certificate.completed_at == enrolment.completed_at
    assert certificate.holder_name == holder.full_name
    assert certificate.title["ru"] == course.title
    assert certificate.hours == Decimal("6")
    assert certificate.pdf.name.endswith(f"{certificate.code}.pdf")
    # The event arriving again, or the task running again, issues nothing more.
    assert certificate_issue_for_enrolment.delay(enrolment_id=enrolment.pk).get() == []
    assert services.certificate_issue_for_enrolment(enrolment=enrolment) == []
    assert Certificate.objects.filter(learner=holder).count() == 1


def test_the_database_allows_one_certificate_per_learner_course_and_cycle(
    certificate,
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            code="X" * 20,
            learner=certificate.learner,
            kind=certificate.kind,
            target_key=certificate.target_key,
            cycle=1,
            holder_name="",
            completed_at=certificate.completed_at,
            issued_at=certificate.issued_at,
        )


def test_issuing_the_same_cycle_again_returns_the_existing_certificate(
    certificate, certificate_rule
):
    again, created = services.certificate_issue(
        learner=certificate.learner,
        rule=certificate_rule,
        completed_at=timezone.now(),
    )
    assert (again, created) == (certificate, False)


def test_the_certificate_number_has_100_random_bits_in_crockford_base32(
    certificate, certificate_rule, holder
):
    assert len(certificate.code) == 20
    assert set(certificate.code) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_completing_a_course_without_a_rule_issues_nothing(
    holder, program_page, django_capture_on_commit_callbacks
):
    course, lessons = course_with_lessons(program_page, 1, slug="no-certificate")
    course.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=holder, course=course, lessons=lessons)
    assert not Certificate.objects.exists()


def test_an_inactive_rule_issues_nothing(
    holder, certified_course_and_lessons, django_capture_on_commit_callbacks
):
    course, lessons, rule = certified_course_and_lessons
    rule.is_active = False
    rule.save()
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=holder, course=course, lessons=lessons)
    assert not Certificate.objects.exists()


def test_a_certificate_expires_after_the_rules_validity_or_never(
    holder, certificate_rule
):
    certificate, _ = services.certificate_issue(
        learner=holder, rule=certificate_rule, completed_at=timezone.now()
    )
    assert certificate.expires_at == months_add(certificate.issued_at, 24)
    certificate_rule.validity_months = None
    certificate_rule.save()
    other, _ = services.certificate_issue(
        learner=certificate.learner.__class__.objects.create_user(
            email="second@example.kz", password="x"
        ),
        rule=certificate_rule,
        completed_at=timezone.now(),
    )
    assert other.expires_at is None


def test_months_add_keeps_the_day_or_takes_the_months_last_day():
    moment = datetime.datetime(2026, 1, 31, 10, 0, tzinfo=datetime.UTC)
    assert months_add(moment, 1) == moment.replace(month=2, day=28)
    assert months_add(moment, 24) == moment.replace(year=2028)
    leap = datetime.datetime(2028, 2, 29, tzinfo=datetime.UTC)
    assert months_add(leap, 12) == datetime.datetime(2029, 2, 28, tzinfo=datetime.UTC)


def test_completing_a_certified_program_issues_its_certificate_with_all_hours(
    holder, program_page, certificate_template, django_capture_on_commit_callbacks
):
    first, first_lessons = course_with_lessons(program_page, 1, slug="p1", hours=4)
    second, second_lessons = course_with_lessons(program_page, 1, slug="p2", hours=3)
    CertificateRuleFactory(page=program_page, validity_months=None)
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=holder, course=first, lessons=first_lessons)
        complete_course(learner=holder, course=second, lessons=second_lessons)
    certificate = Certificate.objects.get(learner=holder)
    assert certificate.kind == Certificate.Kind.PROGRAM
    assert certificate.target_key == program_page.translation_key
    assert certificate.hours == Decimal("7")
    completion = ProgramCompletion.objects.get(learner=holder)
    assert certificate_issue_for_program.delay(completion_id=completion.pk).get() == []
    assert Certificate.objects.count() == 1


def test_the_holder_is_emailed_once_when_the_certificate_is_issued(
    holder, certified_course_and_lessons, django_capture_on_commit_callbacks
):
    course, lessons, _rule = certified_course_and_lessons
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=holder, course=course, lessons=lessons)
    certificate = Certificate.objects.get(learner=holder)
    sent = [m for m in mail.outbox if certificate.code[:4] in m.body]
    assert len(sent) == 1
    assert sent[0].to == [holder.email]
    assert f"/v/{certificate.code}" not in sent[0].body  # the language page is linked
    assert f"/verify/{certificate.code}/" in sent[0].body
    assert certificate_issued_notify.delay(certificate_id=certificate.pk).get() is False
    assert len([m for m in mail.outbox if certificate.code[:4] in m.body]) == 1


def test_a_server_without_pango_issues_the_certificate_and_leaves_the_pdf_for_later(
    certificate, monkeypatch, caplog
):
    from certificates import pdf
    from certificates.tasks import certificate_pdf_render

    def unavailable(_certificate):
        raise PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "certificate_pdf_bytes", unavailable)
    assert certificate_pdf_render.delay(certificate_id=certificate.pk).get() is False
    certificate.refresh_from_db()
    assert not certificate.pdf
    assert "no PDF on this server" in caplog.text
