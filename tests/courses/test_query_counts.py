"""Each learner page runs a fixed number of queries, whatever the size of the data,
with a cold cache (the first request after a publish, or after the cache was lost)
and with a warm one (every later request).

Small: a course of 3 lessons, a learner with 1 enrolment. Large: 30 lessons, 20
enrolments. Every combination must run the same queries, under a ceiling: warm, at
most 8 (issue 15). Run with `-s` to see the figures (docs/benchmarks.md states them).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.pagecache import content_version_bump
from courses import services
from tests.factories import UserFactory, course_with_lessons
from tests.factories.courses import ProgramFactory, prerequisite_add

pytestmark = pytest.mark.django_db

CEILING = {"course page": 30, "lesson page": 30, "my learning": 30}
WARM_CEILING = 8


def in_progress(learner, course, lessons):
    """Enrol, finish the first lesson and leave the second open: every branch used."""
    enrolment = services.enrolment_create(learner=learner, course=course)
    services.item_complete(enrolment=enrolment, item=lessons[0])
    services.enrolment_item_visit(enrolment=enrolment, item=lessons[1])
    return enrolment


@pytest.fixture
def world(catalog_page, program_page):
    small = course_with_lessons(program_page, 3, title="Малый курс")
    large = course_with_lessons(program_page, 30, title="Большой курс")
    others = [course_with_lessons(program_page, 2) for _ in range(18)]
    onboarding = ProgramFactory(parent=catalog_page, title="Онбординг")
    onboarding_courses = [course_with_lessons(onboarding, 2) for _ in range(2)]
    # Assigned and not startable yet: My learning says what is missing.
    gated, _lessons = course_with_lessons(onboarding, 1, min_age=18)
    prerequisite_add(gated, onboarding_courses[1][0])

    one_small, one_large, many = (UserFactory() for _ in range(3))
    in_progress(one_small, *small)
    in_progress(one_large, *large)
    for course, lessons in [small, large, *others]:
        in_progress(many, course, lessons)
    finished_course, finished_lessons = others[0]
    for lesson in finished_lessons[1:]:
        services.item_complete(
            enrolment=services.enrolment_create(learner=many, course=finished_course),
            item=lesson,
        )
    due = timezone.localdate() + datetime.timedelta(days=20)
    for learner in (one_small, one_large, many):
        services.assignment_create(learner=learner, target=onboarding, due_date=due)
        services.assignment_create(
            learner=learner, target=onboarding_courses[0][0], due_date=due
        )
    return {
        "small": small,
        "large": large,
        "one_small": one_small,
        "one_large": one_large,
        "many": many,
    }


def count_queries(client, user, url: str) -> tuple[int, int]:
    """Queries of a page with a cold cache, then with a warm one."""
    client.force_login(user)
    assert client.get(url).status_code == 200  # the session, compiled templates
    content_version_bump()  # as after a publish: every memo and fragment is cold
    counts = []
    for _ in ("cold", "warm"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return counts[0], counts[1]


def check(name: str, figures: dict) -> None:
    """Cold and warm counts are each the same in every case, under the ceilings."""
    report(name, figures)
    cold = {case: n[0] for case, n in figures.items()}
    warm = {case: n[1] for case, n in figures.items()}
    assert len(set(cold.values())) == 1, cold
    assert len(set(warm.values())) == 1, warm
    assert max(cold.values()) <= CEILING[name]
    assert max(warm.values()) <= WARM_CEILING


def report(name: str, figures: dict) -> None:
    figures_text = ", ".join(
        f"{case}: cold {n[0]}, warm {n[1]}" for case, n in figures.items()
    )
    print(f"\n{name}: {figures_text}")  # noqa: T201 (shown with -s)


def test_course_page_query_count_is_fixed(client, world):
    small_course, large_course = world["small"][0], world["large"][0]
    figures = {
        "3 lessons/1 enrolment": count_queries(
            client, world["one_small"], small_course.url
        ),
        "30 lessons/1 enrolment": count_queries(
            client, world["one_large"], large_course.url
        ),
        "3 lessons/20 enrolments": count_queries(
            client, world["many"], small_course.url
        ),
        "30 lessons/20 enrolments": count_queries(
            client, world["many"], large_course.url
        ),
    }
    check("course page", figures)


def test_lesson_page_query_count_is_fixed(client, world):
    small_lesson, large_lesson = world["small"][1][1], world["large"][1][15]
    figures = {
        "3 lessons/1 enrolment": count_queries(
            client, world["one_small"], small_lesson.url
        ),
        "30 lessons/1 enrolment": count_queries(
            client, world["one_large"], large_lesson.url
        ),
        "3 lessons/20 enrolments": count_queries(
            client, world["many"], small_lesson.url
        ),
        "30 lessons/20 enrolments": count_queries(
            client, world["many"], large_lesson.url
        ),
    }
    check("lesson page", figures)


def test_my_learning_query_count_is_fixed(client, world):
    figures = {
        "1 enrolment (3 lessons)": count_queries(client, world["one_small"], "/ru/my/"),
        "1 enrolment (30 lessons)": count_queries(
            client, world["one_large"], "/ru/my/"
        ),
        "20 enrolments": count_queries(client, world["many"], "/ru/my/"),
    }
    check("my learning", figures)


@pytest.fixture
def kazakh_shell(world, program_page, locales):
    """The home page, the catalogue and the program in Kazakh; the courses are not
    translated: their lessons are served at the Kazakh address (core.page_urls)."""
    from tests.factories.courses import translate

    for page in (*program_page.get_ancestors().filter(depth__gt=1), program_page):
        translate(page.specific, locales["kk"])


def test_lesson_page_at_the_kazakh_address_runs_the_queries_of_the_russian_one(
    client, world, kazakh_shell
):
    from core.page_urls import page_url_in

    small_lesson, large_lesson = world["small"][1][1], world["large"][1][15]
    cases = {
        "3 lessons/1 enrolment": (world["one_small"], small_lesson),
        "30 lessons/20 enrolments": (world["many"], large_lesson),
    }
    figures, russian = {}, {}
    for case, (user, lesson) in cases.items():
        url = page_url_in(lesson, "kk")
        assert url.startswith("/kk/")
        figures[case] = count_queries(client, user, url)
        russian[case] = count_queries(client, user, page_url_in(lesson, "ru"))
    check("lesson page", figures)
    report("lesson page in Russian", russian)
    assert {n[1] for n in figures.values()} == {n[1] for n in russian.values()}
