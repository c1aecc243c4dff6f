"""Drafts: unpublished courses and lessons are invisible and never count."""

import pytest

from courses import selectors, services
from courses.models import Enrolment, LessonPage
from tests.factories.courses import CourseFactory, LessonFactory

from .helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_course(program_page):
    course = CourseFactory(parent=program_page, live=False, title="Черновик курса")
    LessonFactory(parent=course, title="Урок черновика")
    return course


@pytest.fixture
def draft_lesson(course, lessons):
    return LessonFactory(parent=course, live=False, title="Урок в работе")


def test_draft_course_is_404_for_anonymous_visitors(client, draft_course):
    assert client.get(draft_course.url).status_code == 404


def test_draft_course_is_404_for_learners(learner_client, draft_course):
    assert learner_client.get(draft_course.url).status_code == 404


def test_draft_course_cannot_be_enrolled_through_its_route(
    learner_client, draft_course
):
    response = learner_client.post(f"{draft_course.url}enrol/")

    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_lesson_of_a_draft_course_is_404_for_anonymous_visitors(client, draft_course):
    lesson = draft_course.get_children().get()

    assert client.get(lesson.url).status_code == 404


def test_lesson_of_a_draft_course_is_404_for_learners(learner_client, draft_course):
    lesson = draft_course.get_children().get()

    assert learner_client.get(lesson.url).status_code == 404


def test_lesson_of_an_unpublished_course_is_404_even_for_its_learners(
    learner, learner_client, course, lessons
):
    enrolment = services.enrolment_create(learner=learner, course=course)
    course.unpublish()  # lessons keep their own published state

    assert learner_client.get(lessons[0].url).status_code == 404
    assert learner_client.post(f"{lessons[0].url}done/").status_code == 404
    assert not enrolment.item_progress.exists()


def test_draft_course_is_not_listed_on_the_program_page(
    learner_client, program_page, course, draft_course
):
    response = learner_client.get(program_page.url)

    listed = [entry.page.pk for entry in response.context["courses"]]
    assert listed == [course.pk]
    assert "Черновик курса" not in response.content.decode()


def test_draft_course_is_not_counted_in_the_catalog(
    client, catalog_page, program_page, course, draft_course
):
    response = client.get(catalog_page.url)

    (entry,) = response.context["programs"]
    assert entry.course_count == 1


def test_draft_lesson_is_404_for_anonymous_visitors(client, draft_lesson):
    assert client.get(draft_lesson.url).status_code == 404


def test_draft_lesson_is_404_for_enrolled_learners(enrolled_client, draft_lesson):
    assert enrolled_client.get(draft_lesson.url).status_code == 404
    assert enrolled_client.post(f"{draft_lesson.url}done/").status_code == 404


def test_draft_lesson_is_not_in_the_course_outline(
    enrolled_client, course, lessons, draft_lesson
):
    response = enrolled_client.get(course.url)

    outline = response.context["outline"]
    assert [item.page.pk for item in outline.items] == [lesson.pk for lesson in lessons]
    assert "Урок в работе" not in response.content.decode()


def test_draft_lesson_is_not_a_neighbour_of_the_last_lesson(
    enrolled_client, lessons, draft_lesson
):
    response = enrolled_client.get(lessons[-1].url)

    assert response.context["next_item"] is None


def test_draft_lesson_does_not_count_toward_completion(
    learner, course, lessons, draft_lesson
):
    enrolment = services.enrolment_create(learner=learner, course=course)
    for lesson in lessons:
        services.item_complete(enrolment=enrolment, item=lesson)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert selectors.course_required_item_keys(course=course) == {
        lesson.translation_key for lesson in lessons
    }


def test_published_course_with_a_newly_added_draft_lesson_stays_completable(
    enrolled_client, enrolment, course, lessons
):
    enrolled_client.post(f"{lessons[0].url}done/")
    LessonFactory(parent=course, live=False, title="Новый урок, не опубликован")

    for lesson in lessons[1:]:
        enrolled_client.post(f"{lesson.url}done/")

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.completed_at is not None


def test_unpublishing_the_only_lesson_left_completes_the_learners_who_did_the_rest(
    django_capture_on_commit_callbacks,
    completed_signals,
    learner,
    other_learner,
    course,
    lessons,
):
    done_the_rest = services.enrolment_create(learner=learner, course=course)
    for lesson in lessons[:2]:
        services.item_complete(enrolment=done_the_rest, item=lesson)
    halfway = services.enrolment_create(learner=other_learner, course=course)
    services.item_complete(enrolment=halfway, item=lessons[0])

    with django_capture_on_commit_callbacks(execute=True):
        lessons[2].unpublish()  # nothing is left for the first learner to press

    done_the_rest.refresh_from_db()
    halfway.refresh_from_db()
    assert done_the_rest.status == Enrolment.Status.COMPLETED
    assert halfway.status == Enrolment.Status.ACTIVE
    assert [call["enrolment"].pk for call in completed_signals.calls] == [
        done_the_rest.pk
    ]


def test_making_the_only_lesson_left_optional_completes_the_learners_who_did_the_rest(
    django_capture_on_commit_callbacks, learner, course, lessons
):
    enrolment = services.enrolment_create(learner=learner, course=course)
    for lesson in lessons[:2]:
        services.item_complete(enrolment=enrolment, item=lesson)
    last = LessonPage.objects.get(pk=lessons[2].pk)
    last.required = False

    with django_capture_on_commit_callbacks(execute=True):
        last.save_revision().publish()

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_publishing_a_new_lesson_completes_nobody(
    django_capture_on_commit_callbacks, learner, course, lessons
):
    enrolment = services.enrolment_create(learner=learner, course=course)
    services.item_complete(enrolment=enrolment, item=lessons[0])

    with django_capture_on_commit_callbacks(execute=True):
        LessonFactory(parent=course)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_editor_may_preview_lessons_of_a_draft_course(client, draft_course, superuser):
    client.force_login(superuser)
    lesson = draft_course.get_children().get()

    response = client.get(lesson.url)

    assert response.status_code == 200
    assert lesson.title in page_text(response)


def test_live_course_under_an_unpublished_program_is_404(
    client, learner_client, course, lessons, program_page
):
    program_page.unpublish()

    assert client.get(course.url).status_code == 404
    assert learner_client.get(lessons[0].url).status_code == 404
