"""Fixtures of the courses tests: a course with lessons, an enrolment, signals."""

import pytest

from courses.signals import course_completed, program_completed
from tests.factories import course_with_lessons

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
def completed_signals():
    with SignalRecorder(course_completed) as recorder:
        yield recorder


@pytest.fixture
def program_signals():
    with SignalRecorder(program_completed) as recorder:
        yield recorder
