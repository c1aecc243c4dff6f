"""Completion: one rule (every required item done), announced once per course and program."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses import services
from courses.models import Enrolment, ItemProgress, ProgramCompletion
from courses.tasks import course_completed_notify
from tests.factories import course_with_lessons
from tests.factories.courses import CourseFactory, LessonFactory

from .helpers import (
    complete_course,
    messages_of,
    page_text,
    progress_text,
    ru,
    ru_date,
)

pytestmark = pytest.mark.django_db


def done_url(lesson) -> str:
    return f"{lesson.url}done/"


def test_completing_every_required_lesson_completes_the_enrolment_with_the_date(
    enrolled_client, enrolment, lessons
):
    before = timezone.now()
    for lesson in lessons:
        enrolled_client.post(done_url(lesson))

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert before <= enrolment.completed_at <= timezone.now()


def test_enrolment_stays_active_until_the_last_required_lesson(
    enrolled_client, enrolment, lessons
):
    for lesson in lessons[:-1]:
        enrolled_client.post(done_url(lesson))

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.completed_at is None


def test_last_lesson_done_redirects_to_the_course_saying_it_is_completed(
    enrolled_client, enrolment, course, lessons
):
    for lesson in lessons[:-1]:
        enrolled_client.post(done_url(lesson))

    response = enrolled_client.post(done_url(lessons[-1]))

    enrolment.refresh_from_db()
    assert response.url == course.url
    assert messages_of(response)[-1] == ru(
        "Course completed. Well done! Date of completion: %(date)s",
        date=ru_date(enrolment.completed_at),
    )


def test_completed_course_shows_the_date_on_the_course_page(
    enrolled_client, enrolment, course, lessons
):
    for lesson in lessons:
        enrolled_client.post(done_url(lesson))
    enrolment.refresh_from_db()

    html = page_text(enrolled_client.get(course.url))

    assert ru("Completed on %(date)s", date=ru_date(enrolment.completed_at)) in html


def test_completed_course_is_listed_as_completed_in_my_learning(
    enrolled_client, enrolment, course, lessons
):
    for lesson in lessons:
        enrolled_client.post(done_url(lesson))
    enrolment.refresh_from_db()

    response = enrolled_client.get("/ru/my/")

    learning = response.context["learning"]
    assert [entry.page.pk for entry in learning.completed] == [course.pk]
    assert learning.in_progress == []
    assert learning.completed[0].percent == 100
    assert ru("Completed on %(date)s", date=ru_date(enrolment.completed_at)) in (
        page_text(response)
    )


def test_course_completed_signal_is_sent_exactly_once(
    completed_signals, enrolled_client, enrolment, course, lessons
):
    for lesson in lessons:
        enrolled_client.post(done_url(lesson))
    enrolled_client.post(done_url(lessons[-1]))
    services.item_complete(enrolment=enrolment, item=lessons[0])
    services.enrolment_completion_evaluate(enrolment=enrolment)

    assert len(completed_signals.calls) == 1
    (call,) = completed_signals.calls
    assert call["enrolment"].pk == enrolment.pk
    assert call["enrolment"].status == Enrolment.Status.COMPLETED
    assert call["course"].pk == course.pk


def test_completion_evaluate_again_changes_nothing(learner, course, lessons):
    enrolment = complete_course(learner=learner, course=course, lessons=lessons)
    completed_at = enrolment.completed_at

    assert services.enrolment_completion_evaluate(enrolment=enrolment) is False
    enrolment.refresh_from_db()
    assert enrolment.completed_at == completed_at


def test_optional_lessons_do_not_block_completion(learner, program_page):
    course, required = course_with_lessons(program_page, 2)
    optional = LessonFactory(parent=course, required=False, title="Для интересующихся")
    enrolment = services.enrolment_create(learner=learner, course=course)

    for lesson in required:
        services.item_complete(enrolment=enrolment, item=lesson)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert not ItemProgress.objects.filter(item_key=optional.translation_key).exists()


def test_optional_lessons_are_not_counted_in_the_progress(
    learner_client, learner, program_page
):
    course, required = course_with_lessons(program_page, 2)
    optional = LessonFactory(parent=course, required=False)
    enrolment = services.enrolment_create(learner=learner, course=course)
    services.item_complete(enrolment=enrolment, item=optional)
    services.item_complete(enrolment=enrolment, item=required[0])

    response = learner_client.get(course.url)

    assert progress_text(1, 2) in page_text(response)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_item_of_another_course_is_refused(learner, program_page, course, lessons):
    _other, other_lessons = course_with_lessons(program_page, 1)
    enrolment = services.enrolment_create(learner=learner, course=course)

    with pytest.raises(ValidationError) as excinfo:
        services.item_complete(enrolment=enrolment, item=other_lessons[0])

    assert excinfo.value.code == "not_in_course"
    assert not ItemProgress.objects.exists()


def test_completion_sends_one_congratulation_email(
    django_capture_on_commit_callbacks, mailoutbox, learner, course, lessons
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(learner=learner, course=course, lessons=lessons)
    course_completed_notify.delay(enrolment_id=enrolment.pk)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [learner.email]
    assert mail.subject == ru("Course completed: %(title)s", title=course.title)
    assert f"http://testserver{course.url}" in mail.body
    enrolment.refresh_from_db()
    assert enrolment.completion_notified_at is not None


def test_no_congratulation_email_for_an_active_enrolment(mailoutbox, enrolment):
    assert course_completed_notify.delay(enrolment_id=enrolment.pk).get() is False
    assert mailoutbox == []


# Programs
# ------------------------------------------------------------------------------


@pytest.fixture
def two_courses(program_page):
    return [course_with_lessons(program_page, 2) for _ in range(2)]


def test_completing_every_course_of_a_program_completes_it_once(
    program_signals, learner, program_page, two_courses
):
    for course, lessons in two_courses:
        complete_course(learner=learner, course=course, lessons=lessons)
    # Running the rule again (another item, a retried request) changes nothing.
    enrolment = Enrolment.objects.get(course_key=two_courses[0][0].translation_key)
    services.item_complete(enrolment=enrolment, item=two_courses[0][1][0])

    completion = ProgramCompletion.objects.get()
    assert completion.learner == learner
    assert completion.program_key == program_page.translation_key
    assert len(program_signals.calls) == 1
    assert program_signals.calls[0]["completion"].pk == completion.pk
    assert program_signals.calls[0]["program"].pk == program_page.pk


def test_program_is_not_completed_while_one_course_is_left(
    program_signals, learner, two_courses
):
    course, lessons = two_courses[0]
    complete_course(learner=learner, course=course, lessons=lessons)

    assert not ProgramCompletion.objects.exists()
    assert program_signals.calls == []


def test_draft_course_does_not_block_program_completion(
    program_signals, learner, program_page, two_courses
):
    CourseFactory(parent=program_page, live=False)

    for course, lessons in two_courses:
        complete_course(learner=learner, course=course, lessons=lessons)

    assert ProgramCompletion.objects.count() == 1
    assert len(program_signals.calls) == 1


def test_program_completion_is_per_learner(
    learner, other_learner, program_page, two_courses
):
    for course, lessons in two_courses:
        complete_course(learner=learner, course=course, lessons=lessons)
    complete_course(
        learner=other_learner, course=two_courses[0][0], lessons=two_courses[0][1]
    )

    assert list(ProgramCompletion.objects.values_list("learner", flat=True)) == [
        learner.pk
    ]
