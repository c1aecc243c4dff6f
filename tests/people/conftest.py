"""Fixtures of the people tests. The hand-over's: coordinator A of `region`'s front
office, with a review waiting in the region, a session to train and their own
learning; the role's onboarding program (an assignment rule); a volunteer
organisation of the region."""

import datetime

import pytest
from django.utils import timezone

from assessments.services import assignments as assessment_services
from courses.models import AssignmentRule
from people.models import Organization, Position, User
from people.roles import Role
from tests.courses.helpers import complete_course
from tests.factories import (
    AssignmentPageFactory,
    CourseFactory,
    LessonFactory,
    OrganizationFactory,
    ProgramFactory,
    UserFactory,
    course_with_lessons,
    staff_member,
)
from tests.factories.scheduling import TrainingSessionFactory

from .helpers import days_from_today


@pytest.fixture
def onboarding(catalog_page):
    """The coordinators' onboarding program (two courses) and the rule giving it."""
    program = ProgramFactory(parent=catalog_page, slug="onboarding", title="Онбординг")
    first, first_lessons = course_with_lessons(program, 2, slug="rfo-basics")
    second, _ = course_with_lessons(program, 1, slug="rfo-standard")
    rule = AssignmentRule.objects.create(
        name="Координаторы РФО",
        role=Role.REGIONAL_ADMIN,
        target=program,
        due_in_days=30,
    )
    return {"program": program, "rule": rule, "first": first, "lessons": first_lessons}


@pytest.fixture
def volunteer_ngo(region):
    return OrganizationFactory(
        name="ОФ «Добрые руки»", kind=Organization.Kind.VOLUNTEER_NGO, region=region
    )


@pytest.fixture
def coordinator(regional_office, django_capture_on_commit_callbacks):
    """Coordinator A: regional admin of `region` since 2024."""
    with django_capture_on_commit_callbacks(execute=True):
        user = staff_member(
            Role.REGIONAL_ADMIN,
            organization=regional_office,
            full_name="Айжан Координатор",
            email="a@example.kz",
        )
    Position.objects.filter(user=user).update(start_date=datetime.date(2024, 9, 1))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def coordinator_position(coordinator):
    return Position.objects.get(user=coordinator)


@pytest.fixture
def review_course(program_page):
    course = CourseFactory(parent=program_page, slug="grants")
    LessonFactory(parent=course)
    assignment = AssignmentPageFactory(parent=course, slug="grant-draft")
    course.refresh_from_db()
    return course, assignment


@pytest.fixture
def pending_review(learner, review_course):
    """A learner of the region submitted work that awaits review."""
    from courses import services as course_services

    course, assignment = review_course
    course_services.enrolment_create(learner=learner, course=course)
    return assessment_services.submission_create(
        learner=learner, assignment=assignment, text="Черновик заявки", files=[]
    )


@pytest.fixture
def sessions(coordinator, region):
    """A session A trains next month, and one A trained last month (held)."""
    upcoming = TrainingSessionFactory(region=region, title_ru="Интенсив для новичков")
    upcoming.trainers.add(coordinator)
    held = TrainingSessionFactory(
        region=region, days=[days_from_today(-30)], status="held"
    )
    held.trainers.add(coordinator)
    return upcoming, held


@pytest.fixture
def coordinator_learning(
    coordinator, certified_course_and_lessons, django_capture_on_commit_callbacks
):
    """A's own learning: a certified course completed (with its certificate)."""
    course, lessons, _rule = certified_course_and_lessons
    with django_capture_on_commit_callbacks(execute=True):
        return complete_course(learner=coordinator, course=course, lessons=lessons)


@pytest.fixture
def successor(region):
    return UserFactory(
        region=region, full_name="Бауыржан Преемник", email="b@example.kz"
    )


@pytest.fixture
def stand_in(region):
    return UserFactory(
        region=region, full_name="Гульнара Временная", email="g@example.kz"
    )


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)
