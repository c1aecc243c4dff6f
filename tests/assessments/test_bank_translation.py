"""Translating the question bank with wagtail-localize, the editors' workflow: the
Kazakh question keeps the block ids attempts record, and what counts as correct."""

import pytest

from assessments.models import Question, QuestionCategory
from tests.factories import (
    UserFactory,
    matching_question,
    multiple_question,
    numerical_question,
    short_question,
)

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


def test_translation_keeps_numbers_weights_and_extra_matches(client, locales):
    numerical = numerical_question(
        numbers=(
            {"number": "20", "tolerance": "0", "feedback": "Верно."},
            {"minimum": "17", "maximum": "23", "weight": "50"},
        )
    )
    matching = matching_question(pairs=(("1", "бір"), ("2", "екі"), ("", "үш")))
    short = short_question(accepted=("Астана", ("Нур-Султан", 50)))
    client.force_login(UserFactory(is_superuser=True))

    for question in (numerical, matching, short):
        response = client.post(
            f"/admin/localize/submit/snippet/assessments/question/{question.pk}/",
            {"locales": [locales["kk"].pk]},
        )
        assert response.status_code == 302

    kazakh = {
        q.translation_key: q for q in Question.objects.filter(locale=locales["kk"])
    }
    kk_numerical = kazakh[numerical.translation_key]
    assert [
        (b.id, b.value["number"], b.value["weight"])
        for b in kk_numerical.numerical_answers
    ] == [
        (b.id, b.value["number"], b.value["weight"])
        for b in numerical.numerical_answers
    ]
    assert kk_numerical.numerical_answers[1].value["minimum"] == 17
    kk_matching = kazakh[matching.translation_key]
    assert [b.id for b in kk_matching.pairs] == [b.id for b in matching.pairs]
    assert kk_matching.pairs[2].value["prompt"] == ""
    kk_short = kazakh[short.translation_key]
    assert [b.value["weight"] for b in kk_short.accepted_answers] == [100, 50]
