"""Nothing stale, nothing leaked: what the routing memo, the memos of published
content and the fragment caches keep (core.routing, core.pagecache) shows a change on
the very next request, and never shows one learner what belongs to another.

Every test first requests the page once, so that the caches are warm, then changes
something and requests again."""

import html

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import PageViewRestriction

from courses import selectors, services
from courses.models import LessonPage
from tests.factories import UserFactory, course_with_lessons
from tests.factories.courses import prerequisite_add

from .helpers import progress_text, ru, ru_date, years_ago

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def republish(page, **changes):
    page = page.specific
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_an_edited_lesson_shows_on_the_next_request(enrolled_client, lessons):
    lesson = lessons[0]
    assert enrolled_client.get(lesson.url).status_code == 200
    republish(lesson, title="Новое название урока")

    page = text(enrolled_client.get(lesson.url))

    assert "Новое название урока" in page


def test_an_edited_lesson_body_shows_on_the_next_request(enrolled_client, lessons):
    lesson = lessons[0].specific
    before = text(enrolled_client.get(lesson.url))
    assert "Совершенно новый абзац" not in before
    lesson.body = [("text", "<p>Совершенно новый абзац</p>")]
    lesson.save_revision().publish()

    assert "Совершенно новый абзац" in text(enrolled_client.get(lesson.url))


def test_an_unpublished_lesson_is_gone_on_the_next_request(enrolled_client, lessons):
    lesson = lessons[1]
    assert enrolled_client.get(lesson.url).status_code == 200
    lesson.unpublish()

    assert enrolled_client.get(lesson.url).status_code == 404


def test_a_lesson_whose_slug_changed_answers_at_its_new_address_only(
    enrolled_client, lessons
):
    lesson = lessons[0]
    old_url = lesson.url
    assert enrolled_client.get(old_url).status_code == 200
    lesson = republish(lesson, slug="renamed-lesson")

    # Gone, or sent on to the new address (Wagtail's automatic redirect).
    old = enrolled_client.get(old_url)
    assert old.status_code in (301, 404)
    assert old.status_code == 404 or old["Location"] == lesson.url
    assert lesson.url.endswith("/renamed-lesson/")
    assert enrolled_client.get(lesson.url).status_code == 200


def test_a_moved_lesson_leaves_its_old_course_on_the_next_request(
    enrolled_client, course, lessons, program_page, learner
):
    other_course, _other_lessons = course_with_lessons(program_page, 1)
    lesson = lessons[2]
    old_url = lesson.url
    assert enrolled_client.get(old_url).status_code == 200
    assert enrolled_client.get(course.url).status_code == 200

    lesson.move(other_course, pos="last-child")
    lesson = LessonPage.objects.get(pk=lesson.pk)

    old = enrolled_client.get(old_url)
    assert old.status_code in (301, 404)
    assert old.status_code == 404 or old["Location"] == lesson.url
    assert lesson.title not in text(enrolled_client.get(course.url))
    # Not enrolled in the other course: sent to enrol, not shown the lesson.
    services.enrolment_create(learner=learner, course=other_course)
    assert enrolled_client.get(lesson.url).status_code == 200


def test_an_unpublished_program_hides_its_courses_and_lessons_at_once(
    enrolled_client, course, lessons, program_page
):
    assert enrolled_client.get(lessons[0].url).status_code == 200
    assert enrolled_client.get(course.url).status_code == 200
    program_page.unpublish()

    assert enrolled_client.get(lessons[0].url).status_code == 404
    assert enrolled_client.get(course.url).status_code == 404


def test_a_view_restriction_added_later_still_refuses(enrolled_client, course, lessons):
    assert enrolled_client.get(lessons[0].url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Только избранные"))

    response = enrolled_client.get(lessons[0].url)

    assert response.status_code != 200
    assert lessons[0].title not in text(response)


def test_progress_shows_on_the_next_request(enrolled_client, course, lessons):
    lesson = lessons[0]
    before = text(enrolled_client.get(lesson.url))
    assert ru("You have marked this lesson as done.") not in before
    assert text(enrolled_client.get(course.url)).count("is-done") == 0

    enrolled_client.post(lesson.url + "done/")

    assert ru("You have marked this lesson as done.") in text(
        enrolled_client.get(lesson.url)
    )
    assert text(enrolled_client.get(course.url)).count("is-done") == 1


def test_a_completed_course_shows_on_the_next_request(
    enrolled_client, course, lessons, enrolment
):
    assert enrolled_client.get(course.url).status_code == 200
    assert enrolled_client.get("/ru/my/").status_code == 200
    for lesson in lessons:
        services.item_complete(enrolment=enrolment, item=lesson)

    enrolment.refresh_from_db()
    page = text(enrolled_client.get(lessons[0].url))
    assert ru("Completed on %(date)s", date=ru_date(enrolment.completed_at)) in page
    assert page.count("is-done") == len(lessons)
    learning = enrolled_client.get("/ru/my/").context["learning"]
    assert [entry.key for entry in learning.completed] == [course.translation_key]


def test_two_learners_on_the_same_lesson_each_see_only_their_own_progress(
    client, course, lessons
):
    ahead = UserFactory(full_name="Ерлан Впередиидущий")
    behind = UserFactory(full_name="Сауле Догоняющая")
    ahead_enrolment = services.enrolment_create(learner=ahead, course=course)
    services.enrolment_create(learner=behind, course=course)
    services.item_complete(enrolment=ahead_enrolment, item=lessons[0])
    services.item_complete(enrolment=ahead_enrolment, item=lessons[1])
    pages = {}
    for _round in range(2):  # the second round is served from warm caches
        for learner in (ahead, behind, ahead, behind):
            client.force_login(learner)
            pages[learner.pk] = text(client.get(lessons[2].url))

    assert pages[ahead.pk].count("is-done") == 2
    assert pages[behind.pk].count("is-done") == 0
    assert "Сауле" not in pages[ahead.pk]
    assert "Ерлан" not in pages[behind.pk]
    client.force_login(behind)
    assert "is-done" not in text(client.get(course.url))


def test_the_age_rule_still_refuses_once_the_course_page_is_cached(
    client, program_page
):
    adults_only, _lessons = course_with_lessons(program_page, 1, min_age=18)
    teen = UserFactory(date_of_birth=years_ago(16))
    client.force_login(teen)
    for _ in range(2):
        assert client.get(adults_only.url).status_code == 200

    client.post(adults_only.url + "enrol/")

    assert not selectors.enrolment_get_for(learner=teen, course=adults_only)
    assert client.get(_lessons[0].url).status_code == 302


def test_a_prerequisite_added_after_caching_refuses_enrolment(
    learner_client, learner, program_page
):
    first, _ = course_with_lessons(program_page, 1)
    second, _ = course_with_lessons(program_page, 1)
    for _ in range(2):
        assert learner_client.get(second.url).status_code == 200
    prerequisite_add(second, first)

    page = text(learner_client.get(second.url))
    learner_client.post(second.url + "enrol/")

    assert first.title in page
    assert not selectors.enrolment_get_for(learner=learner, course=second)


def test_new_rights_show_in_the_menu_on_the_next_request(
    learner_client, learner, lessons, enrolment
):
    assert "/ru/manage/learners/" not in text(learner_client.get(lessons[0].url))
    learner.user_permissions.add(
        Permission.objects.get(codename="view_user", content_type__app_label="people")
    )

    assert "/ru/manage/learners/" in text(learner_client.get(lessons[0].url))


def test_a_password_change_ends_other_sessions_on_the_next_request(
    enrolled_client, learner, lessons
):
    assert enrolled_client.get(lessons[0].url).status_code == 200  # user memoized
    learner.set_password("a-new-password-2026")
    learner.save()

    response = enrolled_client.get(lessons[0].url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_deactivated_learner_is_signed_out_on_the_next_request(
    enrolled_client, learner, lessons
):
    assert enrolled_client.get(lessons[0].url).status_code == 200
    learner.is_active = False
    learner.save()

    assert enrolled_client.get(lessons[0].url).status_code == 302


# My learning's lists, kept per learning stamp (courses.views.my_learning)
# ------------------------------------------------------------------------------


def test_my_learning_shows_each_change_of_the_learners_records_on_the_next_request(
    learner_client, learner, course, lessons, program_page
):
    def page():
        return text(learner_client.get("/ru/my/"))

    assert course.title not in page()
    page()  # kept
    enrolment = services.enrolment_create(learner=learner, course=course)
    assert course.title in page()
    assert progress_text(0, 3) in page()

    services.item_complete(enrolment=enrolment, item=lessons[0])
    assert progress_text(1, 3) in page()

    other, _other_lessons = course_with_lessons(
        program_page, 1, title="Назначенный курс"
    )
    page()
    services.assignment_create(learner=learner, target=other, due_date=None)
    assert "Назначенный курс" in page()


def test_my_learning_continue_link_follows_the_last_item_opened(
    enrolled_client, enrolment, course, lessons
):
    enrolled_client.get(lessons[2].url)
    assert lessons[2].url in text(enrolled_client.get("/ru/my/"))
    enrolled_client.get(lessons[1].url)

    assert lessons[1].url in text(enrolled_client.get("/ru/my/"))


def test_my_learnings_start_button_carries_this_requests_csrf_token(learner, course):
    from django.test import Client

    services.assignment_create(learner=learner, target=course, due_date=None)
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:  # the second one is served the kept rendering
        browser.force_login(learner)
        page = text(browser.get("/ru/my/"))
    token = page.split('name="csrfmiddlewaretoken" value="')[-1].split('"')[0]
    assert "placeholder" not in token

    response = browsers[1].post(course.url + "enrol/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert selectors.enrolment_get_for(learner=learner, course=course)
