"""Grading of what Moodle's questions carry: weighted choices and short answers,
numerical questions, and matching with extra matches (pure functions over a key)."""

import random
from decimal import Decimal

import pytest

from assessments import grading
from tests.factories import (
    QuestionFactory,
    matching_question,
    multiple_question,
    numerical_question,
    short_question,
)
from tests.factories.assessments import _stream

pytestmark = pytest.mark.django_db


def _ids(stream):
    return [block.id for block in stream]


def _choices(*choices):
    """(text, correct, weight) -> a choices stream."""
    return _stream(
        "choice",
        [{"text": t, "correct": c, "feedback": "", "weight": w} for t, c, w in choices],
    )


# Weighted choices
# ------------------------------------------------------------------------------


def test_single_choice_wrong_option_with_a_weight_gives_that_part_of_the_points():
    question = QuestionFactory(
        choices=_choices(
            ("Назарет", True, None), ("Галилея", False, "50"), ("Рим", False, None)
        ),
        points=2,
    )
    key = grading.question_key(question)
    right, half, wrong = _ids(question.choices)
    assert key["weights"] == {half: "50"}
    assert grading.score(key, right) == 2
    assert grading.score(key, half) == 1
    assert grading.score(key, wrong) == 0
    assert not grading.is_correct(key, half)


def test_multiple_choice_weights_add_up_as_in_moodle():
    question = QuestionFactory(
        kind="multiple",
        choices=_choices(
            ("А", True, "33.333"),
            ("Б", True, "33.333"),
            ("В", True, "33.333"),
            ("Г", False, "-100"),
            ("Д", False, None),
        ),
        points=3,
    )
    key = grading.question_key(question)
    a, b, c, d, e = _ids(question.choices)
    assert grading.question_problems(question) == {}
    assert grading.score(key, [a, b, c]) == 3
    assert grading.score(key, [a]) == 1
    assert grading.score(key, [a, b]) == 2
    # A wrong answer without a weight takes nothing away (Moodle: weight 0)...
    assert grading.score(key, [a, b, c, e]) == 3
    # ...one with -100 % takes everything, and the score never goes below zero.
    assert grading.score(key, [a, b, c, d]) == 0
    assert grading.score(key, [d]) == 0


def test_weights_moodle_could_not_grade_are_the_banks_errors():
    single = QuestionFactory(
        choices=_choices(("Да", True, None), ("Нет", False, "-50")),
    )
    assert "choices" in grading.question_problems(single)
    full = QuestionFactory(choices=_choices(("Да", True, None), ("Нет", False, "100")))
    assert "choices" in grading.question_problems(full)
    short_of_100 = QuestionFactory(
        kind="multiple",
        choices=_choices(("А", True, "50"), ("Б", True, "40"), ("В", False, None)),
    )
    assert "choices" in grading.question_problems(short_of_100)
    unmarked = QuestionFactory(
        kind="multiple",
        choices=_choices(("А", True, "50"), ("Б", False, "50"), ("В", False, None)),
    )
    assert "choices" in grading.question_problems(unmarked)


def test_choices_without_weights_grade_as_before():
    question = multiple_question(right=("А", "Б"), wrong=("В", "Г"))
    key = grading.question_key(question)
    assert "weights" not in key
    a, _b, c, _d = _ids(question.choices)
    assert grading.score(key, [a, c]) == 0


# Weighted short answers
# ------------------------------------------------------------------------------


def test_short_answer_with_a_weight_gives_that_part_of_the_points_not_all():
    question = short_question(
        accepted=("Назарет", ("Назерет", 75, "С ошибкой"), ("Вифлеем", 25)), points=4
    )
    key = grading.question_key(question)
    assert key["accepted"] == ["назарет"]
    assert key["weights"] == {"вифлеем": "25", "назерет": "75"}
    assert grading.score(key, "назарет") == 4
    assert grading.score(key, "Назерет") == 3
    assert grading.score(key, "вифлеем") == 1
    assert grading.score(key, "Рим") == 0


def test_the_any_other_answer_and_zero_weights_are_never_accepted():
    question = short_question(
        accepted=("Лягушка", ("Кот", 0, "Почему кот?"), ("*", 0, "Совсем не то"))
    )
    key = grading.question_key(question)
    assert key["accepted"] == ["лягушка"]
    assert "weights" not in key
    assert grading.score(key, "*") == 0
    assert grading.score(key, "кот") == 0
    assert grading.question_problems(question) == {}


def test_short_answer_needs_one_full_answer_and_a_weightless_any_other():
    only_half = short_question(accepted=(("Кот", 50),))
    assert "accepted_answers" in grading.question_problems(only_half)
    generous = short_question(accepted=("Лягушка", ("*", 50)))
    assert "accepted_answers" in grading.question_problems(generous)


# Numerical questions
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("3,5", Decimal("3.5")),
        ("3.5", Decimal("3.5")),
        (" -2 ", Decimal(-2)),
        ("\u22122,25", Decimal("-2.25")),
        ("1 822", Decimal(1822)),
        ("1\u00a0822,5", Decimal("1822.5")),
        (",5", Decimal("0.5")),
        ("+7", Decimal(7)),
        ("１８２２", Decimal(1822)),
    ],
)
def test_numbers_are_read_with_a_decimal_comma_or_point(typed, number):
    assert grading.parse_number(typed) == number


@pytest.mark.parametrize(
    "typed", ["", "abc", "1,234.5", "1,2,3", "3..5", "1e5", "NaN", "∞", "2-3", "1" * 50]
)
def test_what_is_not_plainly_a_number_is_not_read_as_one(typed):
    assert grading.parse_number(typed) is None


def test_numerical_answer_within_the_tolerance_or_the_range_is_right():
    question = numerical_question(
        numbers=(
            {"number": "1822", "tolerance": "0"},
            {"number": "1822", "tolerance": "2", "weight": "50"},
            {"minimum": "-5", "maximum": "-1", "weight": "25"},
            {"weight": "0", "feedback": "Совсем не то"},
        ),
        points=2,
    )
    key = grading.question_key(question)
    assert key["answers"] == [
        {"min": "1822", "max": "1822", "weight": "100"},
        {"min": "1820", "max": "1824", "weight": "50"},
        {"min": "-5", "max": "-1", "weight": "25"},
    ]
    assert grading.score(key, "1822") == 2  # the best matching answer counts
    assert grading.score(key, "1822,0") == 2
    assert grading.score(key, "1823.9") == 1
    assert grading.score(key, "1824,01") == 0
    assert grading.score(key, "-1") == Decimal("0.50")
    assert grading.score(key, "много") == 0
    assert grading.question_problems(question) == {}


def test_numerical_response_is_kept_as_typed():
    key = grading.question_key(numerical_question())
    assert grading.clean_response(key, " 3,5\x00 ") == "3,5"
    assert grading.clean_response(key, "") is None
    assert grading.clean_response(key, ["3"]) is None


def test_numerical_answers_follow_the_banks_rules():
    no_full = numerical_question(numbers=({"number": "3", "weight": "50"},))
    assert "numerical_answers" in grading.question_problems(no_full)
    reversed_range = numerical_question(numbers=({"minimum": "5", "maximum": "1"},))
    assert "numerical_answers" in grading.question_problems(reversed_range)
    both = numerical_question(
        numbers=({"number": "3", "minimum": "1", "maximum": "5"},)
    )
    assert "numerical_answers" in grading.question_problems(both)
    two_others = numerical_question(
        numbers=({"number": "3"}, {"weight": "0"}, {"weight": "0"})
    )
    assert "numerical_answers" in grading.question_problems(two_others)
    assert "numerical_answers" in grading.question_problems(
        numerical_question(numbers=())
    )


# Matching with extra matches
# ------------------------------------------------------------------------------


def test_extra_matches_are_offered_in_every_row_and_never_right():
    question = matching_question(
        pairs=(("1", "бір"), ("2", "екі"), ("", "үш"), ("", "төрт")),
        partial_credit=True,
        points=2,
    )
    one, two, three, four = _ids(question.pairs)
    key = grading.question_key(question)
    assert key["pairs"] == [one, two]
    assert key["extra"] == [three, four]
    for seed in range(20):
        order = grading.option_order(key, shuffle=False, rng=random.Random(seed))
        assert sorted(order) == sorted([one, two, three, four])
    chosen = grading.clean_response(key, {one: three, two: two, three: one})
    assert chosen == {one: three, two: two}
    assert grading.score(key, chosen) == 1
    assert grading.score(key, {one: one, two: two}) == 2
    assert grading.question_problems(question) == {}


def test_extra_matches_do_not_count_as_pairs_and_must_read_differently():
    one_pair = matching_question(pairs=(("1", "бір"), ("", "екі"), ("", "үш")))
    assert "pairs" in grading.question_problems(one_pair)
    same = matching_question(pairs=(("1", "бір"), ("2", "екі"), ("", "Бір")))
    assert "pairs" in grading.question_problems(same)
