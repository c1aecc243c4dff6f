"""GIFT files as Moodle writes them (tests/assessments/fixtures/gift/): everything
Moodle grades is imported with the same grading, and what the bank cannot grade alike
is refused at its line, never imported with other marks."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import grading
from assessments.importers import (
    AnswerData,
    ChoiceData,
    NumberData,
    parse,
)
from assessments.importers import gift as g
from assessments.models import Question
from assessments.services import bank
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "gift"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def parsed(name: str):
    return parse(text=read(name), fmt="gift")


def test_a_moodle_export_is_read_whole_with_weights_numbers_and_extra_matches():
    questions, errors = parsed("moodle_export.gift")

    assert errors == []
    assert [(q.line, q.kind) for q in questions] == [
        (12, "single"),
        (20, "multiple"),
        (29, "short"),
        (36, "numerical"),
        (43, "matching"),
        (51, "true_false"),
        (54, "numerical"),
    ]
    single, multiple, short, regions, matching, _book, share = questions
    assert single.choices == [
        ChoiceData("Любой желающий", True, "Верно: возраст и профессия не важны."),
        ChoiceData(
            "Любой совершеннолетний",
            False,
            "Почти: подростки тоже могут.",
            weight=Decimal(50),
        ),
        ChoiceData("Только студенты", False, "Нет."),
    ]
    assert single.explanation == "Волонтёром может стать любой человек."
    assert multiple.text == "Отметьте права волонтёра."
    assert [(c.correct, c.weight) for c in multiple.choices] == [
        (True, Decimal("33.33333")),
        (True, Decimal("33.33333")),
        (True, Decimal("33.33333")),
        (False, Decimal(-100)),
        (False, None),
    ]
    assert short.accepted == [
        AnswerData("Астана", Decimal(100), "Верно."),
        AnswerData(
            "Нур-Султан", Decimal(50), "Так город назывался с 2019 по 2022 год."
        ),
        AnswerData("*", Decimal(0), "Нет."),
    ]
    assert regions.numbers == [
        NumberData(number=Decimal(20), tolerance=Decimal(0), feedback="Верно."),
        NumberData(
            number=Decimal(20),
            tolerance=Decimal(3),
            weight=Decimal(50),
            feedback="Близко.",
        ),
        NumberData(weight=Decimal(0), feedback="Посмотрите карту регионов."),
    ]
    assert matching.text == "Сопоставьте учреждение и сферу волонтёрства."
    assert matching.pairs[-1] == ("", "бухгалтерия")
    assert share.numbers == [
        NumberData(number=Decimal("62.5"), tolerance=Decimal("2.5"))
    ]


def test_the_examples_of_moodles_documentation_are_read_as_documented():
    questions, errors = parsed("moodle_docs.gift")

    assert errors == []
    by_line = {q.line: q for q in questions}
    assert by_line[6].numbers == [NumberData(number=Decimal(2016))]
    assert by_line[8].numbers == [NumberData(number=Decimal(6), tolerance=Decimal(2))]
    assert by_line[10].numbers == [NumberData(minimum=Decimal(1), maximum=Decimal(5))]
    assert by_line[12].numbers == [
        NumberData(number=Decimal("3.14"), tolerance=Decimal("0.005"))
    ]
    assert [(n.weight, n.feedback) for n in by_line[14].numbers] == [
        (Decimal(100), "Верно!"),
        (Decimal(50), "Почти: закон принят в 2016 году."),
    ]
    assert [c.weight for c in by_line[20].choices] == [None, Decimal(50), None]
    assert [(a.text, a.weight) for a in by_line[22].accepted] == [
        ("Алматы", Decimal(100)),
        ("Алма-Ата", Decimal(75)),
        ("Астана", Decimal(25)),
    ]
    assert by_line[28].kind == "multiple" and by_line[28].partial
    assert by_line[35].pairs == [
        ("Хоспис", "паллиатив"),
        ("ЧС", "спасение"),
        ("", "реклама"),
    ]
    assert [c.text for c in by_line[42].choices] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    assert by_line[47].text == "Кто помогает **безвозмездно**?"


def test_what_the_bank_cannot_grade_as_moodle_is_refused_at_its_line():
    questions, errors = parsed("moodle_refused.gift")

    assert [q.line for q in questions] == [24]
    assert [e.line for e in errors] == [4, 6, 8, 10, 12, 14, 16, 18, 20, 22]
    messages = {e.line: e.message for e in errors}
    assert messages[4] == str(g.MSG_WILDCARD) % {"text": "волонт*"}
    assert messages[8] == str(g.MSG_WEIGHT_ON_RIGHT) % {"text": "=%50%да"}
    assert "нет" in messages[10]
    assert messages[14] == str(g.MSG_NOT_A_NUMBER) % {"text": "три"}
    assert messages[22] == str(g.MSG_ESSAY)


def _imported(name: str) -> list[Question]:
    category = bank.category_get_or_create(name="Moodle", locale="ru")
    questions, errors = parsed(name)
    assert errors == []
    return bank.questions_import(category=category, questions=questions)


def _credit(question: Question, response) -> Decimal:
    key = grading.question_key(question)
    return grading.credit(key, grading.clean_response(key, response))


def test_an_imported_moodle_export_grades_as_moodle_does(locales):
    single, multiple, short, regions, matching, book, share = _imported(
        "moodle_export.gift"
    )

    right, half, wrong = [b.id for b in single.choices]
    assert [_credit(single, c) for c in (right, half, wrong)] == [1, Decimal("0.5"), 0]
    a, b, c, pay, diploma = [b.id for b in multiple.choices]
    assert _credit(multiple, [a, b, c]) == 1
    assert _credit(multiple, [a, b, c, diploma]) == 1  # a 0 % choice costs nothing
    assert _credit(multiple, [a, pay]) == 0
    assert round(_credit(multiple, [a, b]), 4) == Decimal("0.6667")
    assert [_credit(short, t) for t in ("астана", "Нур-Султан", "*", "Алматы")] == [
        1,
        Decimal("0.5"),
        0,
        0,
    ]
    assert [_credit(regions, n) for n in ("20", "22,5", "24", "двадцать")] == [
        1,
        Decimal("0.5"),
        0,
        0,
    ]
    assert _credit(share, "60") == 1 and _credit(share, "59,9") == 0
    items = grading.question_key(matching)["pairs"]
    extra = grading.question_key(matching)["extra"]
    assert len(items) == 3 and len(extra) == 1
    assert _credit(matching, {item: item for item in items}) == 1
    assert book.answer_true is False


def test_the_admin_imports_a_moodle_export_and_refuses_a_file_with_one_bad_line(
    client, locales
):
    client.force_login(UserFactory(is_superuser=True))
    category = bank.category_get_or_create(name="Moodle", locale="ru")

    def upload(text: str):
        return client.post(
            reverse("assessments_import:index"),
            {
                "category": category.pk,
                "format": "",
                "file": SimpleUploadedFile("moodle.txt", text.encode()),
            },
        )

    bad = read("moodle_export.gift") + "\n\nКто? {=волонт*}\n"
    response = upload(bad)
    assert response.status_code == 200
    assert response.context["errors"][0].line == 59
    assert response.context.get("confirm_form") is None
    assert not Question.objects.exists()

    response = upload(read("moodle_export.gift"))
    assert list(response.context["errors"]) == []
    html = response.content.decode()
    assert "62,5 ± 2,5" in html and "бухгалтерия" in html
    payload = response.context["confirm_form"].initial["payload"]
    response = client.post(reverse("assessments_import:confirm"), {"payload": payload})
    assert response.status_code == 302
    assert Question.objects.count() == 7
    numerical = Question.objects.filter(kind="numerical").order_by("pk").last()
    assert [b.value["number"] for b in numerical.numerical_answers] == [Decimal("62.5")]
