"""A quiz not yet translated into Kazakh, under a Kazakh program, taken at its Kazakh
address (core.page_urls): the attempt stays at that address from start to result and
counts for the course as on the Russian page."""

import pytest
from bs4 import BeautifulSoup

from assessments.models import QuizAttempt
from courses.models import ItemProgress
from tests.factories.courses import translate

from .helpers import page_post

pytestmark = pytest.mark.django_db
# The quiz fixtures (course "first-aid", lesson, questions, quiz, enrolment).

KK_QUIZ = "/kk/catalog/risk-zones/first-aid/final-quiz/"


@pytest.fixture
def kazakh_program(program_page, locales):
    """Home, catalogue and program in Kazakh; the course and its quiz are not."""
    for page in (*program_page.get_ancestors().filter(depth__gt=1), program_page):
        translate(page.specific, locales["kk"])


def test_quiz_taken_at_the_kazakh_address_stays_there_and_counts(
    learner_client, enrolment, quiz, kazakh_program
):
    page = learner_client.get(KK_QUIZ)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.html["lang"] == "kk"
    assert soup.select_one(f'form[action="{KK_QUIZ}start/"]') is not None

    started = learner_client.post(f"{KK_QUIZ}start/")
    attempt = QuizAttempt.objects.get()
    assert started.url == f"{KK_QUIZ}attempt/{attempt.pk}/"
    learner_client.post(started.url, page_post(attempt, 1, action="next"))
    submitted = learner_client.post(
        f"{KK_QUIZ}attempt/{attempt.pk}/submit/",
        page_post(attempt, 2, action="submit"),
    )

    assert submitted.url == f"{KK_QUIZ}attempt/{attempt.pk}/result/"
    assert learner_client.get(submitted.url).status_code == 200
    attempt.refresh_from_db()
    assert attempt.passed
    assert ItemProgress.objects.filter(
        enrolment=enrolment, item_key=quiz.translation_key
    ).exists()
