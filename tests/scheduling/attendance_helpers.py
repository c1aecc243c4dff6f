"""Fixtures of the attendance tests: a course with an "attend a session" item, a
two-day session of it (today and tomorrow, in Almaty) run by a trainer, and people
registered for it. Imported by the test modules by name."""

import datetime

import factory
import pytest
from django.utils import timezone

from courses.services import enrolment_create
from people.roles import Role
from scheduling.models import Registration, SessionAttendancePage
from tests.factories import (
    TrainingSessionFactory,
    UserFactory,
    course_with_lessons,
    staff_member,
)
from tests.factories.courses import PageFactory


class SessionAttendancePageFactory(PageFactory):
    class Meta:
        model = SessionAttendancePage

    title = factory.Sequence(lambda n: f"Очный интенсив {n}")
    slug = factory.Sequence(lambda n: f"attend-{n}")
    body = "<p>Придите на очный интенсив курса.</p>"


def register(session, *people) -> list[Registration]:
    """Seats for `people` at `session`, as registration would give them."""
    taken = Registration.objects.filter(session=session, seat__isnull=False).count()
    return [
        Registration.objects.create(
            session=session,
            person=person,
            status=Registration.Status.REGISTERED,
            seat=taken + number,
        )
        for number, person in enumerate(people, start=1)
    ]


@pytest.fixture
def attend_course(program_page):
    """A course of a lesson and an "attend a session" item (any kind)."""
    course, lessons = course_with_lessons(program_page, 1, slug="blended")
    item = SessionAttendancePageFactory(parent=course)
    course.refresh_from_db()
    return course, item


@pytest.fixture
def trainer(regional_office):
    return staff_member(
        Role.MENTOR, organization=regional_office, full_name="Тренер Интенсива"
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def session(region, trainer, attend_course, today):
    """A two-day intensive of the course in `region`, today and tomorrow."""
    course, _item = attend_course
    session = TrainingSessionFactory(
        region=region,
        course_key=course.translation_key,
        days=[today, today + datetime.timedelta(days=1)],
    )
    session.trainers.add(trainer)
    return session


@pytest.fixture
def day(session):
    return session.days.order_by("date").first()


@pytest.fixture
def second_day(session):
    return session.days.order_by("date").last()


@pytest.fixture
def participant(learner, session, attend_course):
    """`learner`, enrolled in the course and registered for the session."""
    course, _item = attend_course
    enrolment_create(learner=learner, course=course)
    register(session, learner)
    return learner


@pytest.fixture
def other_session(region):
    """Another session of the region, with a trainer of its own."""
    session = TrainingSessionFactory(region=region)
    session.trainers.add(UserFactory(region=region))
    return session


def people_registered(session, count: int, *, region) -> list:
    people = [UserFactory(region=region) for _ in range(count)]
    register(session, *people)
    return people
