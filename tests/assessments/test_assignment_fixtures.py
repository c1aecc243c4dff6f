"""Fixtures and helpers of the assignment tests (imported by the test_assignment_*
modules; this module has no tests of its own).

The world: a course with one lesson and, last, an assignment; a learner of region X
enrolled in it; mentors of regions X and Y, a national admin.
"""

import html
import pathlib

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from assessments.models import Submission, SubmissionFile
from courses import services as course_services
from people.models import Organization
from people.roles import Role
from people.services import position_start
from tests.factories import (
    AssignmentPageFactory,
    OrganizationFactory,
    UserFactory,
    course_with_lessons,
    region,
)


@pytest.fixture
def private_storage(settings):
    """The submitted files' storage (it reads the test's PRIVATE_MEDIA_ROOT)."""
    return SubmissionFile._meta.get_field("file").storage


@pytest.fixture
def region_x(db):
    return region("KZ-75")


@pytest.fixture
def region_y(db):
    return region("KZ-71")


def staff_member(region_obj, role, **kwargs):
    """A user holding `role` in a front office of `region_obj` (None: national)."""
    user = UserFactory(region=region_obj, **kwargs)
    if region_obj is None:
        office = OrganizationFactory(
            region=None, kind=Organization.Kind.NATIONAL_OFFICE
        )
    else:
        office = OrganizationFactory(
            region=region_obj, kind=Organization.Kind.REGIONAL_FRONT_OFFICE
        )
    position_start(user=user, organization=office, role=role)
    return user


@pytest.fixture
def mentor_x(region_x):
    return staff_member(region_x, Role.MENTOR, preferred_language="kk")


@pytest.fixture
def coordinator_x(region_x):
    return staff_member(region_x, Role.REGIONAL_ADMIN)


@pytest.fixture
def mentor_y(region_y):
    return staff_member(region_y, Role.MENTOR)


@pytest.fixture
def national_admin(db):
    return staff_member(None, Role.NATIONAL_ADMIN)


@pytest.fixture
def course_and_items(program_page):
    course, lessons = course_with_lessons(program_page, 1, slug="grant-writing")
    assignment = AssignmentPageFactory(
        parent=course,
        title="Черновик заявки на грант",
        slug="grant-draft",
        allowed_extensions="pdf,docx",
        max_file_mb=1,
        max_files=2,
    )
    course.refresh_from_db()
    return course, lessons[0], assignment


@pytest.fixture
def course(course_and_items):
    return course_and_items[0]


@pytest.fixture
def lesson(course_and_items):
    return course_and_items[1]


@pytest.fixture
def assignment(course_and_items):
    return course_and_items[2]


@pytest.fixture
def learner_x(region_x):
    return UserFactory(region=region_x, full_name="Айгерим Сапарова")


@pytest.fixture
def enrolment(learner_x, course):
    return course_services.enrolment_create(learner=learner_x, course=course)


@pytest.fixture
def learner_x_client(client, learner_x, enrolment):
    client.force_login(learner_x)
    return client


def upload(name="zayavka.pdf", size=1000, content_type="application/pdf"):
    return SimpleUploadedFile(name, b"%PDF" + b"x" * (size - 4), content_type)


def submit_url(assignment) -> str:
    return f"{assignment.url}submit/"


def review_url(submission) -> str:
    return f"/ru/manage/reviews/{submission.pk}/"


def criterion_ids(assignment) -> list[str]:
    return [block.id for block in assignment.rubric]


def scores_all_top(assignment) -> dict[str, int]:
    """The highest level of every criterion."""
    return {block.id: len(block.value["levels"]) - 1 for block in assignment.rubric}


def review_data(assignment, decision, feedback="", scores=None) -> dict:
    scores = scores_all_top(assignment) if scores is None else scores
    data = {f"criterion_{key}": str(index) for key, index in scores.items()}
    data.update({"decision": decision, "feedback": feedback})
    return data


def stored_files(storage) -> list[str]:
    """Every file under the private storage's root."""
    root = pathlib.Path(storage.location)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def submissions_of(learner, assignment):
    return list(
        Submission.objects.filter(
            learner=learner, assignment_key=assignment.translation_key
        ).order_by("version")
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def ru(message, **params) -> str:
    """A (lazy) message as shown in Russian, with `params` filled in as the code does."""
    with translation.override("ru"):
        return str(message % params if params else message)
