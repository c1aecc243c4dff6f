"""The CSV parser: the documented header, separators, BOM, quoting, and row errors."""

import pytest
from django.utils.translation import gettext

from assessments.importers import ChoiceData, QuestionData, parse
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
            kind="short", text="Столица?", accepted=["Астана", "Astana"], line=5
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
