"""Fixtures of the certificates tests: a certified course, a certificate, admins."""

import datetime

import pytest
from django.utils import timezone

from certificates import services
from courses import services as course_services
from people.models import Organization
from people.roles import Role
from people.services import position_start
from tests.factories import (
    CertificateRuleFactory,
    CertificateTemplateFactory,
    OrganizationFactory,
    SignatoryFactory,
    UserFactory,
    course_with_lessons,
    region,
)


@pytest.fixture
def certificate_template(db):
    template = CertificateTemplateFactory(is_default=True, name="Основной")
    SignatoryFactory(template=template)
    return template


@pytest.fixture
def certified_course_and_lessons(program_page, certificate_template):
    """A course of two lessons whose completion issues a certificate valid 24 months."""
    course, lessons = course_with_lessons(
        program_page, 2, slug="palliative-care", title="Паллиативная помощь", hours=6
    )
    course.refresh_from_db()
    rule = CertificateRuleFactory(page=course, validity_months=24)
    return course, lessons, rule


@pytest.fixture
def certified_course(certified_course_and_lessons):
    return certified_course_and_lessons[0]


@pytest.fixture
def certificate_rule(certified_course_and_lessons):
    return certified_course_and_lessons[2]


@pytest.fixture
def holder(db, region_x):
    return UserFactory(
        full_name="Айгерім Сұлтанқызы Өтегенова",
        region=region_x,
        date_of_birth=datetime.date(2000, 3, 8),
    )


@pytest.fixture
def certificate(holder, certificate_rule):
    """A certificate issued to `holder` today (through the service; its on-commit work,
    PDF and e-mail, does not run in a test transaction)."""
    certificate, _created = services.certificate_issue(
        learner=holder, rule=certificate_rule, completed_at=timezone.now()
    )
    return certificate


def course_complete(*, learner, course, lessons):
    """Enrol `learner` and mark every lesson done, through courses' services."""
    enrolment = course_services.enrolment_create(learner=learner, course=course)
    for lesson in lessons:
        course_services.item_complete(enrolment=enrolment, item=lesson)
    return enrolment


@pytest.fixture
def region_x(db):
    return region("KZ-75")


@pytest.fixture
def region_y(db):
    return region("KZ-71")


@pytest.fixture
def regional_admin(region_x):
    """An RFO coordinator of region X (may revoke certificates of region X)."""
    admin = UserFactory(region=region_x, full_name="Координатор РФО")
    office = OrganizationFactory(
        region=region_x, kind=Organization.Kind.REGIONAL_FRONT_OFFICE
    )
    position_start(user=admin, organization=office, role=Role.REGIONAL_ADMIN)
    return admin


@pytest.fixture
def other_regional_admin(region_y):
    admin = UserFactory(region=region_y, full_name="Координатор другого региона")
    office = OrganizationFactory(
        region=region_y, kind=Organization.Kind.REGIONAL_FRONT_OFFICE
    )
    position_start(user=admin, organization=office, role=Role.REGIONAL_ADMIN)
    return admin
