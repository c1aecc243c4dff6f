"""Fixtures of the assessments tests: a course with one lesson, then a quiz of one
question of every kind or an assignment (or both); the learner enrolled in it. The
people (learner, mentors, admins) are in tests/conftest.py; helpers in helpers.py."""

import pytest

from assessments.models import SubmissionFile
from assessments.services import quizzes as quiz_services
from tests.factories import (
    AssignmentPageFactory,
    CourseFactory,
    LessonFactory,
    QuestionCategoryFactory,
    QuizFactory,
)

from .helpers import every_kind


@pytest.fixture
def course(program_page):
    return CourseFactory(parent=program_page, slug="first-aid")


@pytest.fixture
def lesson(course):
    lesson = LessonFactory(parent=course)
    course.refresh_from_db()
    return lesson


# Quizzes
# ------------------------------------------------------------------------------


@pytest.fixture
def category(locales):
    """A category of the Russian question bank."""
    return QuestionCategoryFactory(name="Права волонтёра", locale=locales["ru"])


@pytest.fixture
def questions(category):
    return every_kind(category)


@pytest.fixture
def quiz(course, lesson, questions):
    quiz = QuizFactory(
        parent=course, questions=questions, questions_per_page=3, slug="final-quiz"
    )
    course.refresh_from_db()
    return quiz


@pytest.fixture
def attempt(learner, quiz, enrolment):
    return quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)


# Assignments
# ------------------------------------------------------------------------------


@pytest.fixture
def assignment(course, lesson):
    """The course's last item, after its lesson: a grant application draft (PDF or
    Word, two files of 1 MB at most)."""
    assignment = AssignmentPageFactory(
        parent=course,
        title="Черновик заявки на грант",
        slug="grant-draft",
        allowed_extensions="pdf,docx",
        max_file_mb=1,
        max_files=2,
    )
    course.refresh_from_db()
    return assignment


@pytest.fixture
def private_storage(settings):
    """The submitted files' storage (it reads the test's PRIVATE_MEDIA_ROOT)."""
    return SubmissionFile._meta.get_field("file").storage
