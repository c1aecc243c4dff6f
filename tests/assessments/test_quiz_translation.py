"""Attempts do not depend on language: a learner who switches from Russian to Kazakh
in the middle of an attempt keeps every answer, and sees the questions in Kazakh where
they are translated (in Russian, marked lang="ru", where not)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from assessments.models import QuizAttempt
from courses.models import ItemProgress
from tests.courses.helpers import page_text
from tests.factories.courses import translate, translate_tree

from .helpers import (
    attempt_url,
    page_post,
    result_url,
    rows_of,
    submit_url,
)

pytestmark = pytest.mark.django_db
# The quiz fixtures (course, lesson, questions, quiz, enrolment, attempt).

KK_SINGLE = "Алғашқы көмек"


@pytest.fixture
def kk_quiz(course, lesson, quiz, questions, locales):
    """The course, lesson and quiz in Kazakh, and the first two questions (single
    and multiple choice) translated, keeping their block ids."""
    translate_tree(course, [lesson], locales["kk"])
    kk_quiz = translate(quiz, locales["kk"])
    for number, question in enumerate(questions[:2], start=1):
        translated = question.copy_for_translation(locales["kk"])
        translated.text = f"Сұрақ {number}?"
        translated.choices = [
            {
                "type": "choice",
                "id": block.id,
                "value": {**block.value, "text": f"{KK_SINGLE} {n}"},
            }
            for n, block in enumerate(question.choices)
        ]
        translated.save()
    return kk_quiz


def test_switching_to_kazakh_mid_attempt_keeps_answers_and_shows_kazakh_questions(
    learner_client, enrolment, quiz, kk_quiz
):
    response = learner_client.post(f"{quiz.url}start/")
    attempt = QuizAttempt.objects.get()
    learner_client.post(response.url, page_post(attempt, 1, action="next"))

    kk_index = page_text(learner_client.get(kk_quiz.url))
    kk_page = learner_client.get(attempt_url(kk_quiz, attempt, 1))

    assert kk_quiz.url.startswith("/kk/") and attempt_url(kk_quiz, attempt) in kk_index
    html = kk_page.content.decode()
    single, multiple, true_false = rows_of(attempt)[:3]
    assert "Сұрақ 1?" in html and "Сұрақ 2?" in html
    assert f"{KK_SINGLE} 0" in html
    assert re.search(rf'value="{single.response}"\s+checked', html)
    for choice in multiple.response:
        assert re.search(rf'value="{choice}"\s+checked', html)
    # The true/false question has no Kazakh version: shown in Russian, marked so.
    fieldset = html.split('id="question-3"')[1].split("</fieldset>")[0]
    assert 'lang="ru"' in fieldset and true_false.question.text in fieldset

    response = learner_client.post(
        submit_url(kk_quiz, attempt), page_post(attempt, 2, action="submit")
    )

    assert response.url == result_url(kk_quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.percent == 100 and attempt.passed
    assert ItemProgress.objects.filter(item_key=quiz.translation_key).count() == 1
    result = learner_client.get(response.url)
    assert result.status_code == 200 and "Сұрақ 1?" in page_text(result)


def test_language_switcher_on_an_attempt_page_stays_on_the_attempt(
    learner_client, enrolment, quiz, kk_quiz
):
    response = learner_client.post(f"{quiz.url}start/")
    attempt = QuizAttempt.objects.get()

    page = learner_client.get(response.url + "?page=2")

    targets = {
        button["value"]: parse_qs(urlsplit(button["formaction"]).query)["next"][0]
        for button in BeautifulSoup(page.content, "html.parser").select(
            "form.language-switcher button[name=language]"
        )
    }
    assert targets["kk"] == attempt_url(kk_quiz, attempt) + "?page=2"
