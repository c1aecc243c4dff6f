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
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, locales):
    client.force_login(UserFactory(is_superuser=True))
    return client


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
            "pairs": streamfield([]),
            "sequence": streamfield([]),
        }
    )


def test_snippet_create_view_redisplays_the_bank_rule_and_saves_nothing(admin_client):
    category = bank.category_get_or_create(name="Санат", locale="kk")
    url = reverse("wagtailsnippets_assessments_question:add") + "?locale=kk"
    response = admin_client.post(url, question_form(category, correct=(True, True)))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["choices"] == [gettext("Mark exactly one choice as correct.")]
    # The StreamField widget gets its errors as JSON (non-ASCII letters escaped).
    message = gettext("Mark exactly one choice as correct.")
    html = response.content.decode()
    assert message in html or json.dumps(message)[1:-1] in html
    assert not Question.objects.exists()

    response = admin_client.post(url, question_form(category, correct=(True, False)))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.locale.language_code == "kk"
    assert [c.value["correct"] for c in question.choices] == [True, False]


def test_admin_menu_and_question_listing_lead_to_the_import(admin_client):
    import_url = reverse("assessments_import:index")
    assert import_url in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    listing = admin_client.get(reverse("wagtailsnippets_assessments_question:list"))
    assert import_url in listing.content.decode()
    assert capfirst(gettext("Import questions")) in listing.content.decode()
