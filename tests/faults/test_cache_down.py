"""Fault: the cache's Redis down, or cut off, while people use the site (the test's
own redis-server, the production cache backend). Pages keep answering without the
cache, nobody is signed out, /healthz says the cache is down, and what changed
meanwhile is not undone by stale values once Redis is back."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import ItemProgress
from courses.services import enrolment_create

from .conftest import CACHE_RETRY_AFTER, redis_cache

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def course_and_lessons(certified_course_and_lessons):
    course, lessons, _rule = certified_course_and_lessons
    return course, lessons


def _pages_answer(anonymous: Client, learner_client: Client, home, lesson) -> dict:
    lesson_page = learner_client.get(lesson.url)
    return {
        "home": anonymous.get(home.url).status_code,
        "login": anonymous.get(reverse("account_login")).status_code,
        "lesson": lesson_page.status_code,
        # The lesson page of a signed-in learner has the sign-out form.
        "signed in": reverse("account_logout") in lesson_page.content.decode(),
    }


def test_with_the_cache_down_pages_answer_and_healthz_says_503(
    settings, redis_server, home_page, course_and_lessons, holder
):
    redis_cache(settings, redis_server)
    _course, lessons = course_and_lessons
    enrolment = enrolment_create(learner=holder, course=_course)
    anonymous, learner_client = Client(), Client()
    learner_client.force_login(holder)
    up = {"home": 200, "login": 200, "lesson": 200, "signed in": True}
    assert _pages_answer(anonymous, learner_client, home_page, lessons[0]) == up
    assert anonymous.get("/healthz").status_code == 200

    redis_server.stop()

    started = time.monotonic()
    assert _pages_answer(anonymous, learner_client, home_page, lessons[0]) == up
    done = learner_client.post(f"{lessons[0].url}done/")
    assert done.status_code == 302
    assert ItemProgress.objects.filter(enrolment=enrolment).count() == 1
    assert anonymous.get("/healthz").status_code == 503
    assert time.monotonic() - started < 10  # nobody waits on the dead server

    redis_server.start()
    time.sleep(CACHE_RETRY_AFTER + 0.1)

    assert anonymous.get("/healthz").status_code == 200
    assert _pages_answer(anonymous, learner_client, home_page, lessons[1]) == up


def test_a_sign_out_while_redis_is_cut_off_stays_a_sign_out_when_it_answers_again(
    settings, redis_server, home_page, course_and_lessons, holder
):
    """Redis paused (a partition: connections hang, the data stays): the session the
    cache still holds from before the sign-out must not be valid afterwards (its
    cookie replayed, from a shared phone or stolen)."""
    redis_cache(settings, redis_server)
    _course, lessons = course_and_lessons
    enrolment_create(learner=holder, course=_course)
    learner_client = Client()
    learner_client.force_login(holder)
    my_learning = reverse("courses:my_learning")
    assert learner_client.get(my_learning).status_code == 200  # the session cached
    cookie = learner_client.cookies[settings.SESSION_COOKIE_NAME].value

    redis_server.pause()
    try:
        assert learner_client.get(lessons[0].url).status_code == 200
        assert learner_client.post(reverse("account_logout")).status_code == 302
    finally:
        redis_server.resume()
    time.sleep(CACHE_RETRY_AFTER + 0.1)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie

    response = replay.get(my_learning)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
