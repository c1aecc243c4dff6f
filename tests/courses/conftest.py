"""Fixtures of the courses tests: a course with lessons, admins with a scope, signals."""

import pytest

from courses import services
from courses.signals import course_completed, program_completed
from people.models import Organization
from people.roles import Role
from people.services import position_start
from tests.factories import (
    OrganizationFactory,
    UserFactory,
    course_with_lessons,
    region,
)

from .helpers import SignalRecorder


@pytest.fixture
def course_and_lessons(program_page):
    course, lessons = course_with_lessons(program_page, 3, slug="volunteer-rights")
    # Read again: a page saved with a stale numchild would hide its lessons.
    course.refresh_from_db()
    return course, lessons


@pytest.fixture
def course(course_and_lessons):
    return course_and_lessons[0]


@pytest.fixture
def lessons(course_and_lessons):
    return course_and_lessons[1]


@pytest.fixture
def enrolment(learner, course):
    return services.enrolment_create(learner=learner, course=course)


@pytest.fixture
def enrolled_client(learner_client, enrolment):
    return learner_client


@pytest.fixture
def region_x(db):
    return region("KZ-75")


@pytest.fixture
def region_y(db):
    return region("KZ-71")


@pytest.fixture
def regional_admin(region_x):
    """An RFO coordinator of region X, appointed through people's service."""
    admin = UserFactory(region=region_x)
    office = OrganizationFactory(
        region=region_x, kind=Organization.Kind.REGIONAL_FRONT_OFFICE
    )
    position_start(user=admin, organization=office, role=Role.REGIONAL_ADMIN)
    return admin


@pytest.fixture
def admin_client(client, regional_admin):
    client.force_login(regional_admin)
    return client


@pytest.fixture
def completed_signals():
    with SignalRecorder(course_completed) as recorder:
        yield recorder


@pytest.fixture
def program_signals():
    with SignalRecorder(program_completed) as recorder:
        yield recorder
