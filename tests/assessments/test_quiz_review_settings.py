"""The quiz settings warn an editor whose quiz shows the correct answers right after an
attempt while the learner may retake the same questions (a blank attempt, a read and
a second attempt would pass). A warning, not an error: a practice quiz may mean it."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from assessments.models import QuizPage
from assessments.models.quizzes import MSG_REVIEW_GIVES_ANSWERS_AWAY
from assessments.selectors.quizzes import quiz_review_gives_answers_away
from tests.courses.helpers import messages_of, ru
from tests.factories import (
    QuestionCategoryFactory,
    QuizFactory,
    single_question,
)

pytestmark = pytest.mark.django_db

GIVES_AWAY = {"review": "correct", "review_when": "immediately", "attempts_allowed": 0}


@pytest.fixture
def category(db):
    category = QuestionCategoryFactory()
    for n in range(4):
        single_question(category, text=f"Вопрос {n}")
    return category


@pytest.mark.parametrize(
    ("quiz_settings", "gives_away"),
    [
        (GIVES_AWAY, True),
        ({**GIVES_AWAY, "attempts_allowed": 3}, True),
        ({**GIVES_AWAY, "attempts_allowed": 1}, False),
        ({**GIVES_AWAY, "review": "answers"}, False),
        ({**GIVES_AWAY, "review": "score"}, False),
        ({**GIVES_AWAY, "review_when": "after_pass"}, False),
        ({**GIVES_AWAY, "review_when": "after_last"}, False),
    ],
)
def test_correct_answers_shown_at_once_with_attempts_left_give_fixed_questions_away(
    course, quiz_settings, gives_away
):
    quiz = QuizFactory(parent=course, questions=[single_question()], **quiz_settings)

    assert quiz_review_gives_answers_away(quiz=quiz) is gives_away


@pytest.mark.parametrize(("count", "gives_away"), [(4, True), (5, True), (2, False)])
def test_questions_drawn_from_a_larger_pool_are_not_given_away(
    course, category, count, gives_away
):
    quiz = QuizFactory(parent=course, draw=[(category, count)], **GIVES_AWAY)

    assert quiz_review_gives_answers_away(quiz=quiz) is gives_away


def test_quiz_settings_show_the_warning_only_while_the_answers_are_given_away(
    superuser_client, course
):
    risky = QuizFactory(parent=course, questions=[single_question()], **GIVES_AWAY)
    safe = QuizFactory(parent=course, questions=[single_question()])

    risky_page = superuser_client.get(
        reverse("wagtailadmin_pages:edit", args=[risky.pk])
    )
    safe_page = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[safe.pk]))

    warning = ru(MSG_REVIEW_GIVES_ANSWERS_AWAY)
    assert warning in risky_page.content.decode()
    assert warning not in safe_page.content.decode()
    # The help text says it to every editor.
    help_text = QuizPage._meta.get_field("review").help_text
    assert escape(ru(help_text)) in safe_page.content.decode()


def _quiz_form(quiz, question, **settings) -> dict:
    data = nested_form_data(
        {
            "title": quiz.title,
            "slug": quiz.slug,
            "intro": rich_text(""),
            "estimated_minutes": "10",
            "required": "on",
            "question_links": inline_formset([{"question": question.pk}]),
            "draw_rules": inline_formset([]),
            "comments": inline_formset([]),
            "pass_mark": "70",
            "attempts_allowed": "0",
            "cooldown_minutes": "0",
            "time_limit_minutes": "",
            "questions_per_page": "5",
            "shuffle_questions": "on",
            "shuffle_choices": "on",
            "review": "answers",
            "review_when": "immediately",
            **settings,
        }
    )
    data["action-publish"] = "action-publish"
    return data


@pytest.mark.parametrize(("review", "warned"), [("correct", True), ("answers", False)])
def test_publishing_a_quiz_that_gives_answers_away_warns_but_publishes(
    superuser_client, course, review, warned
):
    question = single_question()
    quiz = QuizFactory(parent=course, questions=[question])
    url = reverse("wagtailadmin_pages:edit", args=[quiz.pk])

    response = superuser_client.post(url, _quiz_form(quiz, question, review=review))

    assert response.status_code == 302, response.context["form"].errors
    quiz = QuizPage.objects.get(pk=quiz.pk)
    assert quiz.review == review and quiz.live
    warning = ru(MSG_REVIEW_GIVES_ANSWERS_AWAY)
    assert (warning in messages_of(response)) is warned
