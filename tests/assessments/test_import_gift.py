"""The GIFT parser: every supported construct, and an error for every unsupported one."""

from decimal import Decimal

import pytest
from django.utils.text import capfirst
from django.utils.translation import gettext

from assessments.importers import (
    AnswerData,
    ChoiceData,
    NumberData,
    QuestionData,
    parse,
)
from assessments.importers import gift as g
from assessments.models import Question

pytestmark = pytest.mark.django_db


def one(text: str) -> QuestionData:
    questions, errors = parse(text=text, fmt="gift")
    assert errors == []
    assert len(questions) == 1
    return questions[0]


def test_single_choice_with_title_feedback_and_general_feedback():
    assert one(
        "::Q1:: Кто может стать волонтёром? {\n"
        "=Любой желающий#Верно.\n"
        "~Только студенты#Нет: возраст не ограничен.\n"
        "~Только сотрудники акимата\n"
        "####Волонтёром может стать любой человек.}\n"
    ) == QuestionData(
        kind="single",
        text="Кто может стать волонтёром?",
        explanation="Волонтёром может стать любой человек.",
        choices=[
            ChoiceData("Любой желающий", True, "Верно."),
            ChoiceData("Только студенты", False, "Нет: возраст не ограничен."),
            ChoiceData("Только сотрудники акимата", False, ""),
        ],
        line=1,
    )


def test_weighted_answers_make_a_multiple_choice_that_keeps_its_weights():
    assert one(
        "Отметьте права волонтёра {~%50%Страховка ~%50%Обучение ~%-100%Зарплата}"
    ) == QuestionData(
        kind="multiple",
        text="Отметьте права волонтёра",
        partial=True,
        choices=[
            ChoiceData("Страховка", True, weight=Decimal(50)),
            ChoiceData("Обучение", True, weight=Decimal(50)),
            ChoiceData("Зарплата", False, weight=Decimal(-100)),
        ],
        line=1,
    )


def test_full_and_negative_weights_keep_moodles_grading():
    question = one("Выберите {~%100%Да ~%-50%Нет ~Может быть}")
    assert question.kind == "multiple"
    assert [(c.correct, c.weight) for c in question.choices] == [
        (True, Decimal(100)),
        (False, Decimal(-50)),
        (False, None),
    ]
    # Да and Нет together: half the points, as Moodle gives.
    assert question.partial is True


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("T", True), ("TRUE", True), ("F", False), ("FALSE", False), ("false", False)],
)
def test_true_false_in_every_spelling(answer, expected):
    question = one(f"Волонтёрская книжка обязательна. {{{answer}}}")
    assert question == QuestionData(
        kind="true_false",
        text="Волонтёрская книжка обязательна.",
        answer_true=expected,
        line=1,
    )


def test_true_false_feedback_becomes_the_explanation_unless_there_is_general_feedback():
    assert one("Земля круглая. {T#Подумайте ещё.#Правильно.}").explanation == (
        "Подумайте ещё.\nПравильно."
    )
    assert one("Земля круглая. {TRUE#Нет.####Общее пояснение.}").explanation == (
        "Общее пояснение."
    )


def test_only_equals_answers_make_a_short_answer_with_every_answer_accepted():
    assert one("Столица Казахстана? {=Астана =Astana =Нұр-Сұлтан}") == QuestionData(
        kind="short",
        text="Столица Казахстана?",
        accepted=[AnswerData("Астана"), AnswerData("Astana"), AnswerData("Нұр-Сұлтан")],
        line=1,
    )


def test_matching_pairs_with_kazakh_letters_and_partial_credit_like_moodle():
    assert one(
        "::Сандар::Сопоставьте. {\n=1 -> бір\n=2 -> екі\n=3 -> үш\n=6 -> алты\n}"
    ) == QuestionData(
        kind="matching",
        text="Сопоставьте.",
        partial=True,
        pairs=[("1", "бір"), ("2", "екі"), ("3", "үш"), ("6", "алты")],
        line=1,
    )


def test_comments_categories_and_blank_lines_separate_questions_with_their_lines():
    questions, errors = parse(
        text=(
            "// Банк вопросов курса\n"
            "$CATEGORY: $course$/Волонтёрство\n"
            "\n"
            "\n"
            "// первый вопрос\n"
            "Первый? {T}\n"
            "\n"
            "Второй\n"
            "// комментарий внутри вопроса\n"
            "вопрос? {F}\n"
        ),
        fmt="gift",
    )
    assert errors == []
    assert [(q.line, q.text) for q in questions] == [
        (6, "Первый?"),
        (8, "Второй\nвопрос?"),
    ]


def test_escaped_special_characters_are_kept_literally():
    question = one(
        r"Что значит \{x\} \= 1 \~ \# \: ? {=Множество\: \{x\} ~Число \= 1#Нет \# нет}"
    )
    assert question.text == "Что значит {x} = 1 ~ # : ?"
    assert question.choices == [
        ChoiceData("Множество: {x}", True, ""),
        ChoiceData("Число = 1", False, "Нет # нет"),
    ]


def test_multi_line_question_keeps_its_lines():
    question = one("Первая строка\nвторая строка\n{\n=да\n~нет\n}")
    assert question.text == "Первая строка\nвторая строка"


def test_html_format_is_stripped_to_plain_text_and_other_markers_removed():
    assert one(
        "[html]<p>Жауап <b>беріңіз</b> &amp; таңдаңыз</p>{=<i>иә</i> ~жоқ}"
    ).text == ("Жауап беріңіз & таңдаңыз")
    assert one("[html]<p>Бірінші</p><p>Екінші</p>{T}").text == "Бірінші\nЕкінші"
    for marker in ("[moodle]", "[plain]", "[markdown]"):
        assert one(f"::T::{marker}Ғалым **кім**? {{=Ұстаз ~Оқушы}}").text == (
            "Ғалым **кім**?"
        )


def test_missing_word_question_shows_a_blank():
    assert one("Волонтёр помогает {=бесплатно ~за деньги} людям.").text == (
        "Волонтёр помогает _____ людям."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Расскажите о себе. {}", g.MSG_ESSAY),
        ("Расскажите о себе. {####Подробно.}", g.MSG_ESSAY),
        ("Просто описание без ответов.", g.MSG_DESCRIPTION),
        ("Вопрос {=да ~нет", g.MSG_NO_CLOSING_BRACE),
        ("Вопрос {=да} и {=нет}", g.MSG_SEVERAL_BLOCKS),
        ("::Без конца Вопрос {T}", g.MSG_TITLE_NOT_CLOSED),
        ("Вопрос {да}", g.MSG_ANSWER_MARKER),
    ],
)
def test_unsupported_or_broken_questions_are_errors_at_their_first_line(text, message):
    questions, errors = parse(text=f"Верно? {{T}}\n\n// x\n{text}\n", fmt="gift")
    assert len(questions) == 1
    assert [(e.line, e.message) for e in errors] == [(4, str(message))]


def test_the_bank_rules_apply_to_parsed_questions():
    _questions, errors = parse(
        text="Один вариант {~%100%да}\n\nДва верных {=да =конечно ~нет}\n",
        fmt="gift",
    )
    choices = capfirst(Question._meta.get_field("choices").verbose_name)
    assert [(e.line, e.message) for e in errors] == [
        (1, f"{choices}: {gettext('Add at least two choices.')}"),
        (3, f"{choices}: {gettext('Mark exactly one choice as correct.')}"),
    ]


def test_byte_order_mark_and_windows_line_endings_are_ignored():
    questions, errors = parse(
        text="\ufeffПервый? {T}\r\n\r\nВторой? {F}\r\n", fmt="gift"
    )
    assert errors == []
    assert [(q.line, q.answer_true) for q in questions] == [(1, True), (3, False)]


def test_single_choice_wrong_answers_keep_their_part_of_the_points():
    question = one("Вопрос {=да ~%50%почти#Близко. ~нет}")
    assert question.kind == "single"
    assert question.choices == [
        ChoiceData("да", True),
        ChoiceData("почти", False, "Близко.", weight=Decimal(50)),
        ChoiceData("нет", False),
    ]


def test_short_answers_keep_their_weights_feedback_and_the_any_other_answer():
    question = one("Лучшее животное? {=Лягушка#Да! =%50%Кот#Почему кот? =%0%*#Нет.}")
    assert question.accepted == [
        AnswerData("Лягушка", Decimal(100), "Да!"),
        AnswerData("Кот", Decimal(50), "Почему кот?"),
        AnswerData("*", Decimal(0), "Нет."),
    ]


def test_an_escaped_star_in_a_short_answer_is_a_star_not_a_wildcard():
    assert one(r"Формула? {=a\*b}").accepted == [AnswerData("a*b")]


@pytest.mark.parametrize(
    ("body", "numbers"),
    [
        ("{#20}", [NumberData(number=Decimal(20))]),
        ("{#3,5:0,5}", [NumberData(number=Decimal("3.5"), tolerance=Decimal("0.5"))]),
        ("{#-5..-1}", [NumberData(minimum=Decimal(-5), maximum=Decimal(-1))]),
        (
            "{#3:2~#Совсем не то}",
            [
                NumberData(number=Decimal(3), tolerance=Decimal(2)),
                NumberData(weight=Decimal(0), feedback="Совсем не то"),
            ],
        ),
        (
            "{#=1822:0#Верно. =%50%1822:2#Близко.}",
            [
                NumberData(
                    number=Decimal(1822), tolerance=Decimal(0), feedback="Верно."
                ),
                NumberData(
                    number=Decimal(1822),
                    tolerance=Decimal(2),
                    weight=Decimal(50),
                    feedback="Близко.",
                ),
            ],
        ),
    ],
)
def test_numerical_questions_in_every_form_moodle_reads(body, numbers):
    question = one(f"Сколько? {body}")
    assert (question.kind, question.numbers) == ("numerical", numbers)


def test_matching_answers_without_an_item_are_extra_matches():
    question = one("Сопоставьте {=а -> б =в -> г = -> лишнее}")
    assert question.pairs == [("а", "б"), ("в", "г"), ("", "лишнее")]


@pytest.mark.parametrize(
    "text",
    [
        "Сколько? {#=%50%5}",  # no answer worth every point
        "Сопоставьте {=а -> б =в -> г = -> }",  # an extra match without text
        "Сопоставьте {=а -> б = -> в}",  # one pair only
        "Выберите {~%50%а ~%40%б ~в}",  # right weights short of 100 %
        "Лучшее? {=%50%Кот}",  # no answer worth every point
    ],
)
def test_moodle_questions_the_bank_would_grade_otherwise_are_errors(text):
    questions, errors = parse(text=text, fmt="gift")
    assert questions == [] and [e.line for e in errors] == [1]
