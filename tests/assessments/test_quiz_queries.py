"""The attempt page and the submit run a fixed number of queries, whatever the number
of questions in the bank or in the attempt. Small: 6 questions in the bank, 5 in the
attempt; large: 30 in the bank, 20 in the attempt (all on one page).
Run with `-s` to see the figures."""

import itertools
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.services import quizzes as quiz_services
from courses import services as course_services
from tests.factories import (
    CourseFactory,
    ProgramFactory,
    QuestionCategoryFactory,
    QuizFactory,
    UserFactory,
    matching_question,
    multiple_question,
    numerical_question,
    ordering_question,
    short_question,
    single_question,
    true_false_question,
)

from .helpers import attempt_url, page_post, submit_url

pytestmark = pytest.mark.django_db

CEILING = {"attempt page": 30, "submit": 50}
KINDS = (
    single_question,
    multiple_question,
    true_false_question,
    short_question,
    matching_question,
    ordering_question,
    numerical_question,
    partial(matching_question, pairs=(("1", "бір"), ("2", "екі"), ("", "үш"))),
)


def _quiz(catalog_page, *, bank: int, drawn: int):
    """A quiz, the only item of the only course of its program (so passing completes
    the course and the program in both cases), and a learner's attempt at it."""
    category = QuestionCategoryFactory()
    for _n, make in zip(range(bank), itertools.cycle(KINDS), strict=False):
        make(category)
    course = CourseFactory(parent=ProgramFactory(parent=catalog_page))
    quiz = QuizFactory(
        parent=course,
        draw=[(category, drawn)],
        questions_per_page=drawn,
        shuffle_questions=True,
        shuffle_choices=True,
    )
    learner = UserFactory()
    course_services.enrolment_create(learner=learner, course=course)
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    assert attempt.questions.count() == drawn
    return quiz, learner, attempt


def _figures(client, catalog_page, *, bank: int, drawn: int) -> dict[str, int]:
    quiz, learner, attempt = _quiz(catalog_page, bank=bank, drawn=drawn)
    client.force_login(learner)
    url = attempt_url(quiz, attempt)
    assert client.get(url).status_code == 200  # warm caches (site root paths, ...)
    with CaptureQueriesContext(connection) as page:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["attempt_page"].questions) == drawn
    data = page_post(attempt, 1, action="submit")
    with CaptureQueriesContext(connection) as submit:
        response = client.post(submit_url(quiz, attempt), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.percent == 100
    return {"attempt page": len(page), "submit": len(submit)}


def test_attempt_page_and_submit_query_counts_do_not_grow_with_questions(
    client, catalog_page
):
    small = _figures(client, catalog_page, bank=6, drawn=5)
    large = _figures(client, catalog_page, bank=30, drawn=20)
    print(f"\nquiz queries: small={small}, large={large}")  # noqa: T201 (-s)

    assert small == large
    for name, count in large.items():
        assert count <= CEILING[name], name


def test_quiz_start_page_query_count_is_fixed_cold_and_warm(client, catalog_page):
    """The quiz's own page (rules, standing, the start button): the same queries for
    a bank of 6 or 30, with a cold cache (after a publish) and a warm one."""
    from core.pagecache import content_version_bump

    figures = {}
    for bank in (6, 30):
        quiz, learner, _attempt = _quiz(catalog_page, bank=bank, drawn=5)
        client.force_login(learner)
        assert client.get(quiz.url).status_code == 200  # the session
        content_version_bump()
        counts = []
        for _state in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(quiz.url).status_code == 200
            counts.append(len(queries))
        figures[bank] = tuple(counts)
    print(f"\nquiz start page (cold, warm): {figures}")  # noqa: T201 (-s)

    assert figures[6] == figures[30]
    assert figures[6][0] <= 35
    assert figures[6][1] <= 8
