"""Enrolling: one POST route, idempotent, refused with a message naming what is missing."""

import pytest
from django.core.exceptions import ValidationError

from courses import services
from courses.models import Enrolment
from tests.factories import UserFactory, course_with_lessons
from tests.factories.courses import CourseFactory, prerequisite_add
from tests.lms.helpers import error_page, error_prefix

from .helpers import (
    complete_course,
    messages_of,
    page_text,
    ru,
    ru_plural,
    years_ago,
)

pytestmark = pytest.mark.django_db


def at_least(age: int) -> str:
    """The minimum-age requirement as the learner reads it."""
    return ru_plural(
        "Be at least %(age)d year old.", "Be at least %(age)d years old.", age, age=age
    )


def enrol_url(course) -> str:
    return f"{course.url}enrol/"


def test_enrol_route_is_the_course_url_plus_enrol(course):
    assert enrol_url(course) == "/ru/catalog/risk-zones/volunteer-rights/enrol/"


def test_enrol_post_creates_one_enrolment_and_opens_the_first_lesson(
    learner_client, learner, course, lessons
):
    response = learner_client.post(enrol_url(course))

    assert response.status_code == 302
    assert response.url == lessons[0].url
    enrolment = Enrolment.objects.get(learner=learner)
    assert enrolment.course_key == course.translation_key
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.completed_at is None


def test_enrol_post_twice_keeps_one_enrolment_unchanged(
    learner_client, learner, course
):
    learner_client.post(enrol_url(course))
    first = Enrolment.objects.get(learner=learner)

    response = learner_client.post(enrol_url(course))

    assert response.status_code == 302
    assert Enrolment.objects.filter(learner=learner).count() == 1
    again = Enrolment.objects.get(learner=learner)
    assert (again.pk, again.created_at, again.status) == (
        first.pk,
        first.created_at,
        first.status,
    )


def test_enrolment_create_twice_returns_the_existing_enrolment(learner, course):
    first = services.enrolment_create(learner=learner, course=course)
    second = services.enrolment_create(learner=learner, course=course)

    assert second.pk == first.pk
    assert Enrolment.objects.count() == 1


def test_enrol_get_is_method_not_allowed(learner_client, learner, course):
    response = learner_client.get(enrol_url(course))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert not Enrolment.objects.exists()


def test_enrol_anonymous_post_redirects_to_login(client, course):
    response = client.post(enrol_url(course))

    assert response.status_code == 302
    assert response.url.startswith("/ru/accounts/login/")
    assert "next=" in response.url
    assert not Enrolment.objects.exists()


def test_enrol_refused_while_prerequisite_not_completed_names_it(
    learner_client, learner, program_page, course
):
    intro, _lessons = course_with_lessons(program_page, 1, title="Права волонтёра")
    prerequisite_add(course, intro)

    response = learner_client.post(enrol_url(course))

    assert response.status_code == 302
    assert response.url == course.url
    assert messages_of(response) == [
        ru(
            "You cannot enrol yet. Missing: %(missing)s",
            missing=ru("Complete the course “%(title)s”.", title="Права волонтёра"),
        )
    ]
    assert not Enrolment.objects.filter(course_key=course.translation_key).exists()


def test_enrol_refusal_prefixes_the_course_page_title_and_focuses_the_message(
    learner_client, program_page, course
):
    intro, _lessons = course_with_lessons(program_page, 1, title="Права волонтёра")
    prerequisite_add(course, intro)

    response = learner_client.post(enrol_url(course), follow=True)

    page = error_page(response)
    assert page.title.startswith(error_prefix())
    assert page.summary is None  # no form: the message says what failed
    focused = page.soup.select("main [autofocus]")
    assert [element["class"] for element in focused] == [["messages"]]
    assert focused[0]["tabindex"] == "-1"


def test_enrol_refusal_names_only_the_missing_prerequisites(
    learner, program_page, course
):
    done, done_lessons = course_with_lessons(program_page, 1, title="Введение")
    missing_a, _ = course_with_lessons(program_page, 1, title="Паллиатив")
    missing_b, _ = course_with_lessons(program_page, 1, title="Пожилые люди")
    prerequisite_add(course, done, missing_a, missing_b)
    complete_course(learner=learner, course=done, lessons=done_lessons)

    with pytest.raises(ValidationError) as excinfo:
        services.enrolment_create(learner=learner, course=course)

    assert excinfo.value.code == "requirements"
    message = excinfo.value.messages[0]
    assert message == ru(
        "You cannot enrol yet. Missing: %(missing)s",
        missing=" ".join(
            ru("Complete the course “%(title)s”.", title=title)
            for title in ("Паллиатив", "Пожилые люди")
        ),
    )
    assert "Введение" not in message


def test_enrol_works_after_completing_the_prerequisite(
    learner_client, learner, program_page, course
):
    intro, intro_lessons = course_with_lessons(program_page, 2, title="Введение")
    prerequisite_add(course, intro)
    learner_client.post(enrol_url(course))
    assert not Enrolment.objects.filter(course_key=course.translation_key).exists()

    complete_course(learner=learner, course=intro, lessons=intro_lessons)
    response = learner_client.post(enrol_url(course))

    assert Enrolment.objects.filter(
        learner=learner, course_key=course.translation_key
    ).exists()
    assert ru("You are enrolled. Good luck!") in messages_of(response)


def test_enrol_refused_under_minimum_age_says_the_age(client, program_page):
    emergencies = CourseFactory(parent=program_page, min_age=18)
    teenager = UserFactory(date_of_birth=years_ago(16))
    client.force_login(teenager)

    response = client.post(enrol_url(emergencies))

    assert response.url == emergencies.url
    assert messages_of(response) == [
        ru("You cannot enrol yet. Missing: %(missing)s", missing=at_least(18))
    ]
    assert not Enrolment.objects.exists()


def test_enrol_allowed_on_the_eighteenth_birthday(program_page):
    emergencies = CourseFactory(parent=program_page, min_age=18)
    adult = UserFactory(date_of_birth=years_ago(18))

    enrolment = services.enrolment_create(learner=adult, course=emergencies)

    assert enrolment.pk is not None


def test_enrol_refused_the_day_before_the_eighteenth_birthday(program_page):
    emergencies = CourseFactory(parent=program_page, min_age=18)
    almost = UserFactory(date_of_birth=years_ago(18, days=-1))

    with pytest.raises(ValidationError) as excinfo:
        services.enrolment_create(learner=almost, course=emergencies)

    assert at_least(18) in excinfo.value.messages[0]


def test_enrol_without_birth_date_on_age_limited_course_asks_to_add_it(
    client, program_page
):
    emergencies = CourseFactory(parent=program_page, min_age=18)
    unknown_age = UserFactory(date_of_birth=None)
    client.force_login(unknown_age)

    response = client.post(enrol_url(emergencies))

    assert messages_of(response) == [ru(str(services.MSG_BIRTH_DATE_MISSING))]
    assert not Enrolment.objects.exists()


def test_enrol_without_birth_date_is_fine_when_the_course_has_no_age_limit(
    program_page, course
):
    unknown_age = UserFactory(date_of_birth=None)

    assert services.enrolment_create(learner=unknown_age, course=course).pk


def test_enrolment_create_refuses_a_draft_course(learner, program_page):
    draft = CourseFactory(parent=program_page, live=False)

    with pytest.raises(ValidationError) as excinfo:
        services.enrolment_create(learner=learner, course=draft)

    assert excinfo.value.code == "not_live"


def test_course_page_lists_unmet_requirements_before_enrolling(
    learner_client, program_page, course
):
    intro, _ = course_with_lessons(program_page, 1, title="Введение")
    prerequisite_add(course, intro)
    course.min_age = 18
    course.save_revision().publish()

    response = learner_client.get(course.url)

    html = page_text(response)
    assert ru("Complete the course “%(title)s”.", title="Введение") in html
    assert at_least(18) in html
    assert 'class="is-met"' in html  # the learner (born 1995) is old enough
    assert 'class="is-unmet"' in html


def test_second_enrol_post_says_already_enrolled(learner_client, program_page):
    course, _lessons = course_with_lessons(program_page, 2)
    # Following the redirect shows (and so uses up) the first message.
    learner_client.post(enrol_url(course), follow=True)

    response = learner_client.post(enrol_url(course))

    assert ru("You are already enrolled in this course.") in messages_of(response)
    assert ru("You are enrolled. Good luck!") not in messages_of(response)
