"""Translating the question bank with wagtail-localize, the editors' workflow: the
Kazakh question keeps the block ids attempts record, and what counts as correct."""

import pytest

from assessments.models import Question, QuestionCategory
from tests.factories import UserFactory, matching_question, multiple_question

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make", [multiple_question, matching_question])
def test_editor_submits_a_question_for_translation_and_keeps_its_answer_ids(
    client, locales, make
):
    question = make()
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(
        f"/admin/localize/submit/snippet/assessments/question/{question.pk}/",
        {"locales": [locales["kk"].pk]},
    )

    assert response.status_code == 302
    kazakh = Question.objects.get(locale=locales["kk"])
    assert kazakh.translation_key == question.translation_key
    assert kazakh.kind == question.kind
    assert [b.id for b in kazakh.choices] == [b.id for b in question.choices]
    assert [b.value["correct"] for b in kazakh.choices] == [
        b.value["correct"] for b in question.choices
    ]
    assert [b.id for b in kazakh.pairs] == [b.id for b in question.pairs]
    # Its category is translated along with it, in the same locale.
    assert kazakh.category.locale == locales["kk"]
    assert (
        QuestionCategory.objects.filter(
            translation_key=question.category.translation_key
        ).count()
        == 2
    )
