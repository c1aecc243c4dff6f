"""The CSV parser: the documented header, separators, BOM, quoting, and row errors."""

from decimal import Decimal

import pytest
from django.utils.translation import gettext

from assessments.importers import (
    AnswerData,
    ChoiceData,
    NumberData,
    QuestionData,
    parse,
)
from assessments.importers import csv as c

pytestmark = pytest.mark.django_db

HEADER = "type,question,explanation,points,partial,answers\n"


def parsed(text: str):
    return parse(text=text, fmt="csv")


def test_every_question_type_from_one_file():
    questions, errors = parsed(
        HEADER
        + "single,Кто может стать волонтёром?,Любой человек.,2,,*Любой желающий|Студенты\n"
        + "multiple,Отметьте права,,1,yes,*Страховка|*Обучение|Зарплата\n"
        + "true_false,Книжка обязательна.,,,,false\n"
        + "short,Столица?,,,,Астана|Astana\n"
        + "matching,Сопоставьте,,,no,1=бір|2=екі\n"
        + "ordering,По порядку,,,,Заявка|Обучение|Смена\n"
    )
    assert errors == []
    assert questions == [
        QuestionData(
            kind="single",
            text="Кто может стать волонтёром?",
            explanation="Любой человек.",
            points=2,
            choices=[ChoiceData("Любой желающий", True), ChoiceData("Студенты")],
            line=2,
        ),
        QuestionData(
            kind="multiple",
            text="Отметьте права",
            partial=True,
            choices=[
                ChoiceData("Страховка", True),
                ChoiceData("Обучение", True),
                ChoiceData("Зарплата"),
            ],
            line=3,
        ),
        QuestionData(
            kind="true_false", text="Книжка обязательна.", answer_true=False, line=4
        ),
        QuestionData(
            kind="short",
            text="Столица?",
            accepted=[AnswerData("Астана"), AnswerData("Astana")],
            line=5,
        ),
        QuestionData(
            kind="matching",
            text="Сопоставьте",
            pairs=[("1", "бір"), ("2", "екі")],
            line=6,
        ),
        QuestionData(
            kind="ordering",
            text="По порядку",
            steps=["Заявка", "Обучение", "Смена"],
            line=7,
        ),
    ]


def test_semicolons_bom_and_quoted_cells_with_separators_and_line_breaks():
    questions, errors = parsed(
        "\ufefftype;answers;question\r\n"
        'single;"*Да, конечно|Нет; никогда";"Вопрос; с точкой с запятой,\r\n'
        'и вторая строка"\r\n'
        "true_false;верно;Следующая строка\r\n"
    )
    assert errors == []
    assert [(q.line, q.text) for q in questions] == [
        (2, "Вопрос; с точкой с запятой,\nи вторая строка"),
        (4, "Следующая строка"),
    ]
    assert questions[0].choices == [
        ChoiceData("Да, конечно", True),
        ChoiceData("Нет; никогда"),
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("true", True), ("ВЕРНО", True), ("неверно", False), ("иә", True), ("жоқ", False)],
)
def test_true_false_in_english_russian_and_kazakh(word, expected):
    questions, errors = parsed(HEADER + f"true_false,Сұрақ,,,,{word}\n")
    assert errors == []
    assert questions[0].answer_true is expected


def test_kazakh_letters_and_literal_bars_and_stars_survive():
    questions, errors = parsed(
        HEADER + r"single,Әріптер: ғ қ ң ө ұ ү һ і,,,,*ә\|ғ|\*қ" + "\n"
    )
    assert errors == []
    assert questions[0].text == "Әріптер: ғ қ ң ө ұ ү һ і"
    assert questions[0].choices == [ChoiceData("ә|ғ", True), ChoiceData("*қ")]


def test_invalid_file_reports_every_bad_row_with_its_line():
    questions, errors = parsed(
        HEADER
        + "single,Хороший вопрос,,,,*Да|Нет\n"
        + "essay,Неизвестный тип,,,,\n"
        + "single,Нет верного,,,,Да|Нет\n"
        + "single,Два верных,,,,*Да|*Конечно|Нет\n"
        + "\n"
        + "single,Плохие баллы,,сто,,*Да|Нет\n"
        + "true_false,Не то слово,,,,может быть\n"
        + "matching,Без пары,,,,один|2=екі\n"
        + "single,Лишняя ячейка,,,,*Да|Нет,лишнее\n"
    )
    assert [e.line for e in errors] == [3, 4, 5, 7, 8, 9, 10]
    messages = {e.line: e.message for e in errors}
    assert messages[3] == str(c.MSG_UNKNOWN_TYPE) % {
        "type": "essay",
        "kinds": ", ".join(c.KINDS),
    }
    assert gettext("Mark exactly one choice as correct.") in messages[4]
    assert gettext("Mark exactly one choice as correct.") in messages[5]
    assert messages[7] == str(c.MSG_POINTS) % {"value": "сто"}
    assert messages[8] == str(c.MSG_TRUE_FALSE) % {"value": "может быть"}
    assert messages[9] == str(c.MSG_PAIR) % {"value": "один"}
    assert messages[10] == str(c.MSG_TOO_MANY_CELLS) % {"count": 7, "columns": 6}
    assert [q.line for q in questions] == [2]


def test_header_problems_stop_at_line_one():
    questions, errors = parsed("kind,question,answers,colour\nsingle,x,*a|b\n")
    assert questions == []
    assert {e.line for e in errors} == {1}
    assert len(errors) == 3  # two unknown columns and the missing "type"


def test_empty_file_has_no_questions_and_no_errors():
    assert parsed("") == ([], [])
    assert parsed(HEADER) == ([], [])


def test_numerical_rows_with_tolerances_ranges_weights_and_decimal_commas():
    questions, errors = parsed(
        "type;question;tolerance;answers\n"
        "numerical;Год закона?;;2016|%50%2016:1\n"
        "numerical;Доля, %?;0,5;62,5|%25%50..70\n"
        "number;Сколько регионов?;;20\n"
    )
    assert errors == []
    assert [q.numbers for q in questions] == [
        [
            NumberData(number=Decimal(2016)),
            NumberData(number=Decimal(2016), tolerance=Decimal(1), weight=Decimal(50)),
        ],
        [
            NumberData(number=Decimal("62.5"), tolerance=Decimal("0.5")),
            NumberData(minimum=Decimal(50), maximum=Decimal(70), weight=Decimal(25)),
        ],
        [NumberData(number=Decimal(20))],
    ]
    assert {q.kind for q in questions} == {"numerical"}


def test_weights_of_short_answers_and_choices_and_extra_matches():
    questions, errors = parsed(
        HEADER
        + "short,Столица?,,,,Астана|%50%Нур-Султан\n"
        + "single,Кто?,,,,*Любой|%50%Взрослый|Студент\n"
        + "multiple,Права?,,,,%50%Страховка|%50%Обучение|%-100%Зарплата\n"
        + "matching,Сопоставьте,,,,1=бір|2=екі|=үш\n"
    )
    assert errors == []
    short, single, multiple, matching = questions
    assert short.accepted == [
        AnswerData("Астана"),
        AnswerData("Нур-Султан", Decimal(50)),
    ]
    assert [(ch.correct, ch.weight) for ch in single.choices] == [
        (True, None),
        (False, Decimal(50)),
        (False, None),
    ]
    assert [(ch.correct, ch.weight) for ch in multiple.choices] == [
        (True, Decimal(50)),
        (True, Decimal(50)),
        (False, Decimal(-100)),
    ]
    assert matching.pairs == [("1", "бір"), ("2", "екі"), ("", "үш")]


def test_bad_numerical_rows_are_reported_at_their_lines():
    questions, errors = parsed(
        "type,question,tolerance,answers\n"
        "numerical,Сколько?,,три\n"
        "numerical,Сколько?,-1,3\n"
        "single,Кто?,1,*Да|Нет\n"
        "numerical,Сколько?,,5..1\n"
        "numerical,Сколько?,,1,234.5\n"
    )
    assert questions == []
    assert [e.line for e in errors] == [2, 3, 4, 5, 6]
    assert errors[0].message == str(c.MSG_NUMBER) % {"value": "три"}
    assert errors[1].message == str(c.MSG_TOLERANCE) % {"value": "-1"}
    assert errors[2].message == str(c.MSG_TOLERANCE) % {"value": "1"}
