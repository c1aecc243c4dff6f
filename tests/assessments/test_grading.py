"""Grading rules of every question type (pure functions over a question's key)."""

import itertools
import math
import random
from collections import Counter
from decimal import Decimal

import pytest

from assessments import grading
from tests.factories import (
    matching_question,
    multiple_question,
    ordering_question,
    short_question,
    single_question,
    true_false_question,
)

pytestmark = pytest.mark.django_db


def _ids(stream):
    return [block.id for block in stream]


def test_single_choice_scores_only_the_correct_choice():
    question = single_question(right="Да", wrong=("Нет", "Может быть"), points=2)
    key = grading.question_key(question)
    right, wrong, _other = _ids(question.choices)
    assert grading.score(key, right) == Decimal("2.00")
    assert grading.score(key, wrong) == 0
    assert grading.score(key, None) == 0


def test_multiple_choice_all_or_nothing_gives_nothing_for_a_partly_right_answer():
    question = multiple_question(right=("А", "Б"), wrong=("В", "Г"))
    key = grading.question_key(question)
    a, b, c, _d = _ids(question.choices)
    assert grading.score(key, [a, b]) == 1
    assert grading.score(key, [a]) == 0
    assert grading.score(key, [a, b, c]) == 0


def test_multiple_choice_partial_credit_subtracts_wrong_picks():
    question = multiple_question(
        right=("А", "Б"), wrong=("В", "Г"), partial_credit=True, points=4
    )
    key = grading.question_key(question)
    a, b, c, d = _ids(question.choices)
    assert grading.score(key, [a]) == Decimal("2.00")
    assert grading.score(key, [a, c]) == Decimal("0.00")
    assert grading.score(key, [a, b, c, d]) == 0


def test_true_false_compares_with_the_statement():
    key = grading.question_key(true_false_question(answer=False))
    assert grading.score(key, "false") == 1
    assert grading.score(key, "true") == 0


@pytest.mark.parametrize("answer", ["Волонтёр", "  волонтер ", "ВОЛОНТЕР", "волонтёр"])
def test_short_answer_ignores_case_spaces_and_yo(answer):
    key = grading.question_key(short_question(accepted=("волонтёр",)))
    assert grading.score(key, grading.clean_response(key, answer)) == 1


def test_short_answer_compares_kazakh_letters_exactly():
    key = grading.question_key(short_question(accepted=("ерікті",)))
    assert grading.score(key, "ерікті") == 1
    assert grading.score(key, "ЕРІКТІ") == 1
    assert grading.score(key, "ерикти") == 0
    key = grading.question_key(short_question(accepted=("көмек",)))
    assert grading.score(key, "комек") == 0


def test_matching_partial_credit_counts_right_pairs():
    question = matching_question(partial_credit=True, points=3)
    key = grading.question_key(question)
    one, two, three = _ids(question.pairs)
    assert grading.score(key, {one: one, two: two, three: three}) == 3
    assert grading.score(key, {one: one, two: three, three: two}) == 1
    question.partial_credit = False
    key = grading.question_key(question)
    assert grading.score(key, {one: one, two: three, three: two}) == 0


def test_ordering_scores_steps_in_their_place():
    question = ordering_question(partial_credit=True, points=3)
    key = grading.question_key(question)
    first, second, third = _ids(question.sequence)
    answer = grading.clean_response(key, {first: "1", second: "2", third: "3"})
    assert grading.score(key, answer) == 3
    assert grading.score(key, {first: 1, second: 3, third: 2}) == 1


def _order_frequencies(key: dict, draws: int) -> Counter:
    return Counter(
        tuple(grading.option_order(key, shuffle=False, rng=random.Random(seed)))
        for seed in range(draws)
    )


def _assert_uniform(frequencies: Counter, right: list, draws: int) -> None:
    """Every order of the options appears, the right one included, each about as
    often as any other (within 20 % of its share: far outside chance for these
    sample sizes, and the seeds make it deterministic)."""
    orders = set(itertools.permutations(right))
    assert set(frequencies) == orders
    assert tuple(right) in frequencies
    expected = draws / len(orders)
    for order, count in frequencies.items():
        assert 0.8 * expected <= count <= 1.2 * expected, (order, count, expected)


@pytest.mark.parametrize("steps", [2, 3, 4])
def test_ordering_steps_are_shuffled_uniformly_the_right_order_included(steps):
    key = grading.question_key(
        ordering_question(steps=[f"Шаг {n}" for n in range(1, steps + 1)])
    )
    draws = 1000 * math.factorial(steps)
    _assert_uniform(_order_frequencies(key, draws), key["order"], draws)


def test_clean_response_drops_unknown_ids_and_types():
    question = single_question()
    key = grading.question_key(question)
    assert grading.clean_response(key, "not-an-id") is None
    assert grading.clean_response(key, ["list"]) is None
    key = grading.question_key(multiple_question())
    assert grading.clean_response(key, ["x", 3]) is None


def test_question_problems_reports_a_single_choice_without_one_correct_answer():
    question = multiple_question(right=("А", "Б"))
    question.kind = "single"
    assert "choices" in grading.question_problems(question)


@pytest.mark.parametrize("pairs", [2, 3, 4])
def test_matching_matches_are_shuffled_uniformly_the_items_order_included(pairs):
    key = grading.question_key(
        matching_question(pairs=[(f"{n}", f"число {n}") for n in range(pairs)])
    )
    draws = 1000 * math.factorial(pairs)
    _assert_uniform(_order_frequencies(key, draws), key["pairs"], draws)


def test_clean_response_survives_anything_a_browser_or_script_sends():
    key = grading.question_key(multiple_question())
    first = key["options"][0]
    assert grading.clean_response(key, [first, {"x": 1}, ["y"]]) == [first]
    key = grading.question_key(true_false_question())
    assert grading.clean_response(key, ["true"]) is None
    key = grading.question_key(ordering_question())
    step = key["order"][0]
    assert grading.clean_response(key, {step: float("inf")}) is None
    assert grading.clean_response(key, {step: True}) is None
    assert grading.clean_response(key, {step: "1"}) == {step: 1}


def test_short_answer_drops_control_characters_the_database_would_refuse():
    key = grading.question_key(short_question(accepted=("волонтёр",)))
    cleaned = grading.clean_response(key, "воло\x00нтёр\x07")
    assert cleaned == "волонтёр"
    assert grading.score(key, cleaned) == 1
    assert grading.clean_response(key, "\x00 ") is None


def test_pass_mark_is_reached_on_the_exact_score_not_the_rounded_percent():
    assert grading.percent(Decimal("69.996"), Decimal(100)) == Decimal("70.00")
    assert not grading.passes(Decimal("69.996"), Decimal(100), 70)
    assert grading.passes(Decimal(7), Decimal(10), 70)
    assert not grading.passes(Decimal(0), Decimal(0), 70)


def test_a_key_without_right_answers_scores_nothing_instead_of_failing():
    key = {
        "kind": "multiple",
        "points": 1,
        "options": ["a", "b"],
        "correct": [],
        "partial": True,
    }
    assert grading.score(key, ["a"]) == 0
    assert (
        grading.score({"kind": "matching", "points": 1, "pairs": []}, {"a": "a"}) == 0
    )


def test_question_problems_reports_matches_or_steps_that_read_the_same():
    question = matching_question(pairs=(("1", "один"), ("2", "Один ")))
    assert "pairs" in grading.question_problems(question)
    question = ordering_question(steps=("Шаг", "шаг"))
    assert "sequence" in grading.question_problems(question)
