"""The question bank snippets in the Wagtail admin: the bank's rules on the edit form,
and the way to the import."""

import json

import pytest
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.test.utils.form_data import nested_form_data, streamfield

from assessments.models import Question
from assessments.services import bank

pytestmark = pytest.mark.django_db


def question_form(category, *, correct: tuple[bool, bool]) -> dict:
    return nested_form_data(
        {
            "category": category.pk,
            "kind": "single",
            "text": "Кто такой ерікті?",
            "explanation": "",
            "points": 1,
            "is_active": "on",
            "choices": streamfield(
                [
                    (
                        "choice",
                        {"text": "Ерікті", "correct": correct[0], "feedback": ""},
                    ),
                    (
                        "choice",
                        {"text": "Жалдамалы", "correct": correct[1], "feedback": ""},
                    ),
                ]
            ),
            "accepted_answers": streamfield([]),
            "numerical_answers": streamfield([]),
            "pairs": streamfield([]),
            "sequence": streamfield([]),
        }
    )


def test_snippet_create_view_redisplays_the_bank_rule_and_saves_nothing(
    superuser_client,
):
    category = bank.category_get_or_create(name="Санат", locale="kk")
    url = reverse("wagtailsnippets_assessments_question:add") + "?locale=kk"
    response = superuser_client.post(url, question_form(category, correct=(True, True)))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["choices"] == [gettext("Mark exactly one choice as correct.")]
    # The StreamField widget gets its errors as JSON (non-ASCII letters escaped).
    message = gettext("Mark exactly one choice as correct.")
    html = response.content.decode()
    assert message in html or json.dumps(message)[1:-1] in html
    assert not Question.objects.exists()

    response = superuser_client.post(
        url, question_form(category, correct=(True, False))
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.locale.language_code == "kk"
    assert [c.value["correct"] for c in question.choices] == [True, False]


def test_admin_menu_and_question_listing_lead_to_the_import(superuser_client):
    import_url = reverse("assessments_import:index")
    assert (
        import_url
        in superuser_client.get(reverse("wagtailadmin_home")).content.decode()
    )
    listing = superuser_client.get(reverse("wagtailsnippets_assessments_question:list"))
    assert import_url in listing.content.decode()
    assert capfirst(gettext("Import questions")) in listing.content.decode()


def numerical_form(category, *answers) -> dict:
    number = {
        "number": "",
        "tolerance": "",
        "minimum": "",
        "maximum": "",
        "weight": "100",
        "feedback": "",
    }
    return nested_form_data(
        {
            "category": category.pk,
            "kind": "numerical",
            "text": "Сколько регионов в Казахстане?",
            "explanation": "",
            "points": 1,
            "is_active": "on",
            "choices": streamfield([]),
            "accepted_answers": streamfield([]),
            "numerical_answers": streamfield(
                [("number", {**number, **answer}) for answer in answers]
            ),
            "pairs": streamfield([]),
            "sequence": streamfield([]),
        }
    )


@pytest.mark.parametrize(
    "answer",
    [
        {"minimum": "5", "maximum": "1"},  # a range upside down
        {"number": "20", "tolerance": "-1"},  # a negative tolerance
        {"number": "20", "minimum": "1", "maximum": "5"},  # both a number and a range
        {"minimum": "1"},  # half a range
        {"number": "20", "weight": "150"},
    ],
)
def test_numerical_answers_are_checked_on_the_edit_form(superuser_client, answer):
    category = bank.category_get_or_create(name="Санат", locale="ru")
    url = reverse("wagtailsnippets_assessments_question:add") + "?locale=ru"

    response = superuser_client.post(url, numerical_form(category, answer))

    assert response.status_code == 200
    assert "numerical_answers" in response.context["form"].errors
    assert not Question.objects.exists()


def test_a_numerical_question_is_saved_from_the_edit_form(superuser_client):
    category = bank.category_get_or_create(name="Санат", locale="ru")
    url = reverse("wagtailsnippets_assessments_question:add") + "?locale=ru"

    response = superuser_client.post(
        url,
        numerical_form(
            category,
            {"number": "20", "tolerance": "0"},
            {"minimum": "17", "maximum": "23", "weight": "50"},
            {"weight": "0", "feedback": "Посмотрите карту."},
        ),
    )

    assert response.status_code == 302
    question = Question.objects.get()
    assert question.kind == "numerical"
    assert [b.value["weight"] for b in question.numerical_answers] == [100, 50, 0]
