"""Services of the question bank: create, import (all or nothing), translate."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from assessments.importers import ChoiceData, QuestionData, parse
from assessments.models import Question, QuestionCategory
from assessments.services import bank
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KAZAKH = "Әріптер ә ғ қ ң ө ұ ү һ і"


def single(text="Кто такой волонтёр?", **kwargs) -> QuestionData:
    return QuestionData(
        kind="single",
        text=text,
        explanation="Пояснение.",
        choices=[
            ChoiceData("Доброволец", True, "Да."),
            ChoiceData("Наёмник", False, "Нет."),
            ChoiceData("Чиновник"),
        ],
        **kwargs,
    )


def test_category_get_or_create_returns_the_same_category_twice(category, locales):
    again = bank.category_get_or_create(name="Права волонтёра", locale=locales["ru"])
    assert again == category
    assert category.locale == locales["ru"]
    other = bank.category_get_or_create(name="Права волонтёра", locale="kk")
    assert other != category and other.locale == locales["kk"]


def test_question_create_saves_blocks_in_the_category_language(locales):
    category = bank.category_get_or_create(name="Санат", locale="kk")
    data = QuestionData(
        kind="matching", text=KAZAKH, pairs=[("ә", "ғ"), ("қ", "ң")], partial=True
    )
    question = bank.question_create(category=category, data=data)
    question = Question.objects.get(pk=question.pk)
    assert question.locale == locales["kk"]
    assert question.text == KAZAKH
    assert question.partial_credit is True
    assert [(b.value["prompt"], b.value["match"]) for b in question.pairs] == [
        ("ә", "ғ"),
        ("қ", "ң"),
    ]
    assert all(b.id for b in question.pairs)


def test_question_create_refuses_what_cannot_be_graded(category):
    data = single()
    data.choices[1].correct = True
    with pytest.raises(ValidationError) as exc:
        bank.question_create(category=category, data=data)
    assert "choices" in exc.value.message_dict
    assert not Question.objects.exists()


def test_questions_import_is_all_or_nothing_and_logged(category):
    user = UserFactory()
    bad = QuestionData(kind="ordering", text="Один шаг", steps=["только один"])
    with pytest.raises(ValidationError):
        bank.questions_import(category=category, questions=[single(), bad], user=user)
    assert not Question.objects.exists()

    created = bank.questions_import(
        category=category, questions=[single(), single("Второй?")], user=user
    )
    assert [q.text for q in created] == ["Кто такой волонтёр?", "Второй?"]
    entry = ModelLogEntry.objects.get(action=bank.ACTION_IMPORT)
    assert entry.user == user
    assert entry.data["count"] == 2
    assert entry.object_id == str(category.pk)


def test_questions_import_with_a_used_token_imports_nothing_more(category):
    bank.questions_import(category=category, questions=[single()], token="abc")
    with pytest.raises(ValidationError) as exc:
        bank.questions_import(category=category, questions=[single()], token="abc")
    assert exc.value.code == "already_imported"
    assert exc.value.messages == [str(bank.MSG_ALREADY_IMPORTED)]
    assert Question.objects.count() == 1


def test_a_gift_file_with_kazakh_letters_survives_parse_import_and_reload(category):
    questions, errors = parse(
        text=f"::Әріп::{KAZAKH}? {{=Ұстаз#Дұрыс ~Оқушы####Һ әрпі сирек.}}",
        fmt="gift",
    )
    assert errors == []
    (question,) = bank.questions_import(category=category, questions=questions)
    question = Question.objects.get(pk=question.pk)
    assert question.text == f"{KAZAKH}?"
    assert question.explanation == "Һ әрпі сирек."
    assert [(b.value["text"], b.value["feedback"]) for b in question.choices] == [
        ("Ұстаз", "Дұрыс"),
        ("Оқушы", ""),
    ]


def test_translation_keeps_block_ids_flags_and_points_and_translates_texts(
    category, locales
):
    source = bank.question_create(category=category, data=single(points=3))
    data = QuestionData(
        kind="single",
        text="Волонтёр деген кім?",
        explanation="Түсініктеме.",
        # The flags of a translation are not its own: they come from the source.
        choices=[
            ChoiceData("Ерікті", False, "Иә."),
            ChoiceData("Жалдамалы", True, "Жоқ."),
            ChoiceData("Шенеунік"),
        ],
        points=1,
    )
    translated = bank.question_translation_create(
        source=source, locale="kk", data=data, category_name="Еріктілер құқықтары"
    )
    assert translated.translation_key == source.translation_key
    assert translated.locale == locales["kk"]
    assert translated.text == "Волонтёр деген кім?"
    assert translated.points == 3
    assert [b.id for b in translated.choices] == [b.id for b in source.choices]
    assert [
        (b.value["text"], b.value["correct"], b.value["feedback"])
        for b in translated.choices
    ] == [
        ("Ерікті", True, "Иә."),
        ("Жалдамалы", False, "Жоқ."),
        ("Шенеунік", False, ""),
    ]
    assert translated.category.translation_key == category.translation_key
    assert translated.category.locale == locales["kk"]
    assert translated.category.name == "Еріктілер құқықтары"
    # Source untouched.
    source.refresh_from_db()
    assert source.choices[0].value["text"] == "Доброволец"

    again = bank.question_translation_create(source=source, locale="kk", data=data)
    assert again.pk == translated.pk
    assert Question.objects.count() == 2
    assert QuestionCategory.objects.count() == 2


def test_translation_of_pairs_steps_and_short_answers_keeps_ids_by_position(category):
    matching = bank.question_create(
        category=category,
        data=QuestionData(
            kind="matching", text="Сопоставьте", pairs=[("1", "один"), ("2", "два")]
        ),
    )
    ordering = bank.question_create(
        category=category,
        data=QuestionData(kind="ordering", text="Порядок", steps=["А", "Б", "В"]),
    )
    short = bank.question_create(
        category=category,
        data=QuestionData(kind="short", text="Кто?", accepted=["волонтёр"]),
    )
    kk_matching = bank.question_translation_create(
        source=matching,
        locale="kk",
        data=QuestionData(
            kind="matching", text="Сәйкестендіріңіз", pairs=[("1", "бір"), ("2", "екі")]
        ),
    )
    kk_ordering = bank.question_translation_create(
        source=ordering,
        locale="kk",
        data=QuestionData(kind="ordering", text="Реті", steps=["Ә", "Ғ", "Қ"]),
    )
    kk_short = bank.question_translation_create(
        source=short,
        locale="kk",
        data=QuestionData(kind="short", text="Кім?", accepted=["ерікті", "волонтер"]),
    )
    assert [b.id for b in kk_matching.pairs] == [b.id for b in matching.pairs]
    assert [b.value["match"] for b in kk_matching.pairs] == ["бір", "екі"]
    assert [b.id for b in kk_ordering.sequence] == [b.id for b in ordering.sequence]
    assert [b.value for b in kk_ordering.sequence] == ["Ә", "Ғ", "Қ"]
    assert [b.value["text"] for b in kk_short.accepted_answers] == [
        "ерікті",
        "волонтер",
    ]
    assert kk_short.accepted_answers[0].id == short.accepted_answers[0].id
    # All three share one category translation.
    assert kk_matching.category_id == kk_ordering.category_id == kk_short.category_id


def test_translation_with_another_number_of_choices_is_refused(category):
    source = bank.question_create(category=category, data=single())
    data = single("Қысқа")
    data.choices = data.choices[:2]
    with pytest.raises(ValidationError) as exc:
        bank.question_translation_create(source=source, locale="kk", data=data)
    assert exc.value.code == "shape"
    assert Question.objects.count() == 1
