"""Reading lessons: access, order, "mark as done", and where to continue."""

import pytest

from courses.models import Enrolment, ItemProgress

from .helpers import messages_of, page_text, progress_text, ru

pytestmark = pytest.mark.django_db

CONTINUE_LINK = 'class="button button--small" href="%s"'


def done_url(lesson) -> str:
    return f"{lesson.url}done/"


def test_lesson_anonymous_is_sent_to_login(client, lessons):
    response = client.get(lessons[0].url)

    assert response.status_code == 302
    assert response.url.startswith("/ru/accounts/login/")
    assert "next=" in response.url


def test_lesson_not_enrolled_redirects_to_the_course_with_a_message(
    learner_client, course, lessons
):
    response = learner_client.get(lessons[1].url)

    assert response.status_code == 302
    assert response.url == course.url
    assert messages_of(response) == [ru("Enrol in the course to open its lessons.")]


def test_lesson_enrolled_learner_reads_it(enrolled_client, lessons):
    response = enrolled_client.get(lessons[1].url)

    assert response.status_code == 200
    html = page_text(response)
    assert lessons[1].title in html
    assert "Текст урока." in html
    assert ru("Item %(number)s of %(total)s", number=2, total=3) in html


def test_lesson_previous_and_next_follow_the_course_order(enrolled_client, lessons):
    first, middle, last = lessons

    context = enrolled_client.get(middle.url).context

    assert context["previous_item"].page.pk == first.pk
    assert context["next_item"].page.pk == last.pk
    html = enrolled_client.get(middle.url).content.decode()
    assert f'rel="prev" href="{first.url}"' in html
    assert f'rel="next" href="{last.url}"' in html


def test_lesson_first_has_no_previous_and_last_leads_back_to_the_course(
    enrolled_client, course, lessons
):
    first_html = enrolled_client.get(lessons[0].url).content.decode()
    last_html = enrolled_client.get(lessons[-1].url).content.decode()

    assert 'rel="prev"' not in first_html
    assert 'rel="next"' not in last_html
    assert f'class="pager__next" href="{course.url}"' in last_html


def test_lesson_order_follows_the_tree_after_an_editor_moves_a_lesson(
    enrolled_client, lessons
):
    first, middle, last = lessons
    last.move(first, pos="left")  # the editor drags the last lesson to the top

    context = enrolled_client.get(first.url).context

    assert context["previous_item"].page.pk == last.pk
    assert context["next_item"].page.pk == middle.pk
    assert [item.page.pk for item in context["outline"].items] == [
        last.pk,
        first.pk,
        middle.pk,
    ]


def test_mark_done_twice_records_one_progress_row(enrolled_client, enrolment, lessons):
    first_response = enrolled_client.post(done_url(lessons[0]))
    second_response = enrolled_client.post(done_url(lessons[0]))

    assert ItemProgress.objects.filter(enrolment=enrolment).count() == 1
    progress = ItemProgress.objects.get(enrolment=enrolment)
    assert progress.item_key == lessons[0].translation_key
    assert first_response.url == lessons[1].url
    assert second_response.url == lessons[1].url


def test_mark_done_redirects_to_the_next_lesson_with_a_message(
    enrolled_client, lessons
):
    response = enrolled_client.post(done_url(lessons[1]))

    assert response.status_code == 302
    assert response.url == lessons[2].url
    assert messages_of(response) == [ru("Lesson marked as done.")]


def test_mark_done_get_is_method_not_allowed(enrolled_client, enrolment, lessons):
    response = enrolled_client.get(done_url(lessons[0]))

    assert response.status_code == 405
    assert not ItemProgress.objects.exists()


def test_mark_done_not_enrolled_records_nothing(learner_client, course, lessons):
    response = learner_client.post(done_url(lessons[0]))

    assert response.url == course.url
    assert not ItemProgress.objects.exists()
    assert not Enrolment.objects.exists()


def test_mark_done_anonymous_is_sent_to_login(client, lessons):
    response = client.post(done_url(lessons[0]))

    assert response.url.startswith("/ru/accounts/login/")
    assert not ItemProgress.objects.exists()


def test_lesson_done_shows_as_done_on_the_lesson_and_in_the_outline(
    enrolled_client, course, lessons
):
    enrolled_client.post(done_url(lessons[0]))

    lesson_html = page_text(enrolled_client.get(lessons[0].url))
    course_html = page_text(enrolled_client.get(course.url))

    assert ru("You have marked this lesson as done.") in lesson_html
    assert progress_text(1, 3) in course_html
    assert course_html.count('class="outline__item is-done"') == 1


def test_opening_a_lesson_remembers_it_as_the_last_item(
    enrolled_client, enrolment, lessons
):
    enrolled_client.get(lessons[1].url)

    enrolment.refresh_from_db()
    assert enrolment.last_item_key == lessons[1].translation_key
    assert enrolment.last_activity_at is not None


def test_course_page_continue_points_to_the_last_opened_unfinished_lesson(
    enrolled_client, course, lessons
):
    enrolled_client.post(done_url(lessons[0]))
    enrolled_client.get(lessons[2].url)  # skipped ahead, then left

    response = enrolled_client.get(course.url)

    assert response.context["continue_item"].page.pk == lessons[2].pk
    assert ru("Continue where you left off") in page_text(response)
    assert f'class="button" href="{lessons[2].url}"' in response.content.decode()


def test_my_learning_continue_points_to_the_last_opened_unfinished_lesson(
    enrolled_client, lessons
):
    enrolled_client.post(done_url(lessons[0]))
    enrolled_client.get(lessons[2].url)

    response = enrolled_client.get("/ru/my/")

    (entry,) = response.context["learning"].in_progress
    assert entry.continue_page.pk == lessons[2].pk
    assert CONTINUE_LINK % lessons[2].url in response.content.decode()


def test_continue_skips_a_lesson_marked_done_without_opening_the_next(
    enrolled_client, course, lessons
):
    # The learner marks lesson 2 done and leaves without following the redirect:
    # lesson 2 was the last item touched, but it is finished; lesson 3 is next.
    enrolled_client.get(lessons[0].url)
    enrolled_client.post(done_url(lessons[1]))

    course_page = enrolled_client.get(course.url)
    my_learning = enrolled_client.get("/ru/my/")

    assert course_page.context["continue_item"].page.pk == lessons[2].pk
    (entry,) = my_learning.context["learning"].in_progress
    assert entry.continue_page.pk == lessons[2].pk
    assert CONTINUE_LINK % lessons[2].url in my_learning.content.decode()


def test_editor_may_open_a_lesson_without_enrolling(client, lessons, superuser):
    client.force_login(superuser)

    response = client.get(lessons[0].url)

    assert response.status_code == 200
    assert lessons[0].title in page_text(response)
    assert not Enrolment.objects.exists()
