"""My learning (/ru/my/): assigned (with due dates), in progress, completed."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from tests.factories import course_with_lessons
from tests.factories.courses import ProgramFactory

from .helpers import complete_course, page_text, progress_text, ru, ru_date

pytestmark = pytest.mark.django_db

MY = "/ru/my/"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_my_learning_anonymous_is_sent_to_login(client):
    response = client.get(MY)

    assert response.status_code == 302
    assert response.url.startswith("/ru/accounts/login/")


def test_my_learning_is_empty_for_a_new_learner(learner_client, catalog_page):
    response = learner_client.get(MY)

    assert response.status_code == 200
    assert response.context["learning"].is_empty
    assert ru("You have not started any course yet.") in page_text(response)


def test_my_learning_lists_in_progress_and_completed_courses(
    learner_client, learner, program_page
):
    started, started_lessons = course_with_lessons(program_page, 2)
    finished, finished_lessons = course_with_lessons(program_page, 2)
    enrolment = services.enrolment_create(learner=learner, course=started)
    services.item_complete(enrolment=enrolment, item=started_lessons[0])
    complete_course(learner=learner, course=finished, lessons=finished_lessons)

    response = learner_client.get(MY)

    learning = response.context["learning"]
    assert [entry.page.pk for entry in learning.in_progress] == [started.pk]
    assert learning.in_progress[0].percent == 50
    assert [entry.page.pk for entry in learning.completed] == [finished.pk]
    assert learning.assigned == []
    html = page_text(response)
    assert 'id="progress-heading"' in html
    assert 'id="completed-heading"' in html
    assert progress_text(1, 2) in html


def test_my_learning_lists_an_assigned_course_with_its_due_date(
    learner_client, learner, course
):
    due = days(14)
    services.assignment_create(learner=learner, target=course, due_date=due)

    response = learner_client.get(MY)

    (assigned,) = response.context["learning"].assigned
    assert [entry.page.pk for entry in assigned.courses] == [course.pk]
    assert assigned.due_date == due
    assert not assigned.is_overdue
    html = page_text(response)
    assert ru("Due %(date)s", date=ru_date(due)) in html
    assert "is-overdue" not in html


def test_my_learning_marks_an_overdue_assignment(learner_client, learner, course):
    due = days(-3)
    services.assignment_create(learner=learner, target=course, due_date=due)

    response = learner_client.get(MY)

    (assigned,) = response.context["learning"].assigned
    assert assigned.is_overdue
    html = page_text(response)
    assert "learning-list__item is-overdue" in html
    assert ru("Overdue: was due %(date)s", date=ru_date(due)) in html


def test_my_learning_does_not_mark_a_completed_assignment_overdue(
    learner_client, learner, course, lessons
):
    services.assignment_create(learner=learner, target=course, due_date=days(-3))
    complete_course(learner=learner, course=course, lessons=lessons)

    response = learner_client.get(MY)

    learning = response.context["learning"]
    assert learning.assigned == []
    assert [a.is_overdue for a in learning.completed_assignments] == [False]
    assert [entry.page.pk for entry in learning.completed] == [course.pk]
    assert "is-overdue" not in page_text(response)
    assert 'class="overdue"' not in page_text(response)


def test_my_learning_lists_assigned_courses_in_due_date_order(
    learner_client, learner, program_page
):
    later, _ = course_with_lessons(program_page, 1)
    sooner, _ = course_with_lessons(program_page, 1)
    undated, _ = course_with_lessons(program_page, 1)
    services.assignment_create(learner=learner, target=undated, due_date=None)
    services.assignment_create(learner=learner, target=later, due_date=days(30))
    services.assignment_create(learner=learner, target=sooner, due_date=days(5))

    response = learner_client.get(MY)

    assert [a.courses[0].page.pk for a in response.context["learning"].assigned] == [
        sooner.pk,
        later.pk,
        undated.pk,
    ]


def test_my_learning_program_assignment_lists_the_programs_courses(
    learner_client, learner, catalog_page
):
    program = ProgramFactory(parent=catalog_page, title="Онбординг сотрудников")
    first, _ = course_with_lessons(program, 1)
    second, _ = course_with_lessons(program, 1)
    services.assignment_create(learner=learner, target=program, due_date=days(30))

    response = learner_client.get(MY)

    (assigned,) = response.context["learning"].assigned
    assert assigned.program.pk == program.pk
    assert [entry.page.pk for entry in assigned.courses] == [first.pk, second.pk]
    assert all(entry.due_date == days(30) for entry in assigned.courses)
    html = page_text(response)
    assert "Онбординг сотрудников" in html
    assert first.title in html and second.title in html


def test_my_learning_shows_an_assigned_course_once_even_when_started(
    learner_client, learner, course, lessons
):
    services.assignment_create(learner=learner, target=course, due_date=days(7))
    enrolment = services.enrolment_create(learner=learner, course=course)
    services.item_complete(enrolment=enrolment, item=lessons[0])

    response = learner_client.get(MY)

    learning = response.context["learning"]
    assert learning.in_progress == []
    (assigned,) = learning.assigned
    assert assigned.courses[0].enrolment.pk == enrolment.pk
    assert assigned.courses[0].required_done == 1


def test_my_learning_hides_another_learners_records(
    learner_client, other_learner, course
):
    services.enrolment_create(learner=other_learner, course=course)
    services.assignment_create(learner=other_learner, target=course, due_date=None)

    response = learner_client.get(MY)

    assert response.context["learning"].is_empty
