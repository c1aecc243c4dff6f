"""What counts as correct, and the score of a response: pure functions, no database.

A question's *key* is a JSON snapshot taken when an attempt starts (so editing the bank
never changes a started attempt's grade). It refers to choices, pairs and steps by their
block ids, which every translation of a question shares. Keys are stored on the server
and never rendered.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from .blocks import ANY_OTHER_ANSWER, numerical_answer_problems

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
SHORT = "short"
MATCHING = "matching"
ORDERING = "ordering"
NUMERICAL = "numerical"

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# Positive weights of a multiple-choice question add up to 100 % give or take this
# much (3 × 33.333 %), as Moodle rounds them.
WEIGHT_SUM_SLACK = Decimal("0.01")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
NUMBER_MAX_LENGTH = 40


def normalize_short(text: str) -> str:
    """Short answers compare ignoring case, surrounding and repeated spaces, and ё/е.
    Kazakh letters (ә ғ қ ң ө ұ ү һ і) are compared exactly: they are different letters,
    not variants of Russian ones."""
    text = unicodedata.normalize("NFC", str(text))
    return " ".join(text.split()).casefold().replace("ё", "е")


def parse_number(text: Any) -> Decimal | None:
    """The number a learner typed, or None when it is not one. A comma or a point
    marks the decimals ("3,5" as written in Kazakh and Russian, or "3.5"); spaces
    between digit groups ("1 822") and a leading minus sign of any kind are fine. A
    number with both a comma and a point, or several commas, is ambiguous: None."""
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    text = "".join(text.split())
    if ("," in text and "." in text) or text.count(",") > 1:
        return None
    text = text.replace(",", ".")
    if len(text) > NUMBER_MAX_LENGTH or not _NUMBER.fullmatch(text):
        return None
    return Decimal(text)


def numerical_range(value) -> tuple[Decimal, Decimal] | None:
    """The interval a numerical answer block accepts (number ± tolerance, or from..to);
    None for the block that stands for any other number."""
    number, tolerance = value.get("number"), value.get("tolerance")
    if number is not None:
        tolerance = Decimal(tolerance or 0)
        return Decimal(number) - tolerance, Decimal(number) + tolerance
    low, high = value.get("minimum"), value.get("maximum")
    if low is not None and high is not None:
        return Decimal(low), Decimal(high)
    return None


def weight_of(value, default: Decimal | None = HUNDRED) -> Decimal | None:
    """The weight (percent) of a choice or an answer block; `default` when unset."""
    weight = value.get("weight")
    return default if weight is None else Decimal(weight)


def is_any_other_answer(text: str) -> bool:
    return text.strip() == ANY_OTHER_ANSWER


def _blocks(stream) -> list[tuple[str, Any]]:
    return [(block.id, block.value) for block in stream]


def question_problems(question) -> dict[str, list[str]]:
    """Why a question cannot be graded as it stands (field name -> messages)."""
    kind = question.kind
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    choices = _blocks(question.choices)
    correct = [c for _id, c in choices if c["correct"]]
    if kind in (SINGLE, MULTIPLE):
        if len(choices) < 2:
            add("choices", _("Add at least two choices."))
        if kind == SINGLE and len(correct) != 1:
            add("choices", _("Mark exactly one choice as correct."))
        if kind == MULTIPLE and not correct:
            add("choices", _("Mark at least one choice as correct."))
        for message in _weight_problems(kind, [c for _id, c in choices]):
            add("choices", message)
    elif choices:
        add("choices", _("Only choice questions have choices."))
    if kind == TRUE_FALSE and question.answer_true is None:
        add("answer_true", _("Say whether the statement is true or false."))
    accepted = [a for _id, a in _blocks(question.accepted_answers)]
    if kind == SHORT:
        texts = [a for a in accepted if normalize_short(a["text"])]
        if not texts:
            add("accepted_answers", _("Add at least one accepted answer."))
        elif not [
            a
            for a in texts
            if weight_of(a) == HUNDRED and not is_any_other_answer(a["text"])
        ]:
            add("accepted_answers", _("Give at least one answer the full weight, 100."))
        if [a for a in texts if is_any_other_answer(a["text"]) and weight_of(a)]:
            add(
                "accepted_answers",
                _(
                    "An answer that stands for any other answer gives no points: set "
                    "its weight to 0."
                ),
            )
    numbers = [n for _id, n in _blocks(question.numerical_answers)]
    if kind == NUMERICAL:
        for message in _numerical_problems(numbers):
            add("numerical_answers", message)
    elif numbers:
        add(
            "numerical_answers",
            _("Only numerical questions have numerical answers."),
        )
    pairs = _blocks(question.pairs)
    if kind == MATCHING:
        # A pair without an item is an extra match, offered in every row.
        items = [p for _id, p in pairs if normalize_short(p["prompt"])]
        if len(items) < 2:
            add("pairs", _("Add at least two pairs."))
        prompts = [normalize_short(p["prompt"]) for p in items]
        if len(set(prompts)) != len(prompts):
            add("pairs", _("Each item must be different."))
        # Answers are graded by pair id: two matches reading the same would make a
        # learner who picks the right text lose the point half of the time.
        matches = [normalize_short(p["match"]) for _id, p in pairs]
        if len(set(matches)) != len(matches):
            add("pairs", _("Each match must be different."))
    steps = _blocks(question.sequence)
    if kind == ORDERING:
        if len(steps) < 2:
            add("sequence", _("Add at least two steps."))
        texts = [normalize_short(s) for _id, s in steps]
        if len(set(texts)) != len(texts):
            add("sequence", _("Each step must be different."))
    return problems


def _weight_problems(kind: str, choices: list) -> list[str]:
    """The rules of choice weights (percent of the points, as in Moodle)."""
    weighted = [c for c in choices if c.get("weight") is not None]
    if not weighted:
        return []
    problems = []
    if kind == SINGLE:
        for choice in weighted:
            weight = weight_of(choice)
            if choice["correct"] and weight != HUNDRED:
                problems.append(
                    _(
                        "The right choice gives all the points: leave its weight "
                        "empty or write 100."
                    )
                )
            elif not choice["correct"] and not 0 <= weight < HUNDRED:
                problems.append(
                    _(
                        "A wrong choice of a single-choice question may give part of "
                        "the points (0 to 99 %%), not all of them and not less than "
                        "nothing: “%(text)s”."
                    )
                    % {"text": choice["text"]}
                )
        return problems
    # Multiple choice: the weights decide, as in Moodle.
    for choice in choices:
        weight = weight_of(choice, default=Decimal(0))
        if bool(choice["correct"]) != (weight > 0):
            problems.append(
                _(
                    "With weights, the right choices are the ones with a positive "
                    "weight: mark those correct, and only those (“%(text)s”)."
                )
                % {"text": choice["text"]}
            )
    total = sum(
        (w for c in choices if (w := weight_of(c, default=Decimal(0))) > 0),
        Decimal(0),
    )
    if abs(total - HUNDRED) > WEIGHT_SUM_SLACK:
        problems.append(
            _(
                "The positive weights must add up to 100 %% (they add up to %(total)s %%)."
            )
            % {"total": f"{total.normalize():f}"}
        )
    return problems


def _numerical_problems(numbers: list) -> list[str]:
    if not numbers:
        return [_("Add at least one numerical answer.")]
    problems = []
    for number, value in enumerate(numbers, 1):
        for error in numerical_answer_problems(value).values():
            problems.extend(
                _("Answer %(number)s: %(message)s")
                % {"number": number, "message": message}
                for message in error.messages
            )
    ranges = [(numerical_range(n), weight_of(n)) for n in numbers]
    if not any(r is not None and w == HUNDRED for r, w in ranges):
        problems.append(_("Give at least one answer the full weight, 100."))
    if sum(1 for r, _w in ranges if r is None) > 1:
        problems.append(_("Only one answer may stand for any other number."))
    return problems


def question_key(question, translations: Iterable = ()) -> dict:
    """The grading snapshot of a question. Short answers accepted in any of its
    translations count (a learner may answer a Kazakh question in Russian)."""
    key: dict[str, Any] = {"kind": question.kind, "points": question.points}
    kind = question.kind
    if kind in (SINGLE, MULTIPLE):
        choices = _blocks(question.choices)
        key["options"] = [block_id for block_id, _c in choices]
        key["correct"] = [block_id for block_id, c in choices if c["correct"]]
        weights = {
            block_id: weight_of(c)
            for block_id, c in choices
            if c.get("weight") is not None
        }
        if kind == SINGLE:
            # Wrong choices that give part of the points (the right one gives all).
            weights = {
                block_id: w
                for block_id, w in weights.items()
                if w > 0 and block_id not in key["correct"]
            }
        if weights:
            key["weights"] = {block_id: str(w) for block_id, w in weights.items() if w}
    elif kind == TRUE_FALSE:
        key["correct"] = "true" if question.answer_true else "false"
    elif kind == SHORT:
        best: dict[str, Decimal] = {}
        for q in (question, *translations):
            for _id, answer in _blocks(q.accepted_answers):
                text, weight = normalize_short(answer["text"]), weight_of(answer)
                if text and not is_any_other_answer(text) and weight > 0:
                    best[text] = max(best.get(text, Decimal(0)), weight)
        key["accepted"] = sorted(t for t, w in best.items() if w >= HUNDRED)
        partly = {t: str(w) for t, w in sorted(best.items()) if w < HUNDRED}
        if partly:
            key["weights"] = partly
    elif kind == NUMERICAL:
        answers = []
        for _id, answer in _blocks(question.numerical_answers):
            interval, weight = numerical_range(answer), weight_of(answer)
            if interval is not None and weight > 0:
                low, high = interval
                answers.append(
                    {"min": str(low), "max": str(high), "weight": str(weight)}
                )
        key["answers"] = answers
    elif kind == MATCHING:
        pairs = _blocks(question.pairs)
        key["pairs"] = [
            block_id for block_id, p in pairs if normalize_short(p["prompt"])
        ]
        extra = [block_id for block_id, p in pairs if not normalize_short(p["prompt"])]
        if extra:
            key["extra"] = extra
    elif kind == ORDERING:
        key["order"] = [block_id for block_id, _s in _blocks(question.sequence)]
    if kind in (MULTIPLE, MATCHING, ORDERING):
        key["partial"] = bool(question.partial_credit)
    return key


def option_order(key: dict, *, shuffle: bool, rng: random.Random) -> list[str]:
    """The order a question's options are shown in for one attempt: choices (shuffled
    when the quiz says so), the matches to pick from, or the steps to put in order
    (always shuffled, uniformly: every order is as likely as any other, the right one
    included, so the order shown says nothing about the answer)."""
    kind = key["kind"]
    if kind in (SINGLE, MULTIPLE):
        options = list(key["options"])
        if shuffle:
            rng.shuffle(options)
        return options
    if kind in (MATCHING, ORDERING):
        # Left in the key's order they would give the answer away; and a shuffle that
        # never yields the key's order gives it away too (with two, it is the reverse).
        # Extra matches (distractors) are offered beside the right ones.
        right = key["pairs"] if kind == MATCHING else key["order"]
        options = list(right) + list(key.get("extra", []))
        rng.shuffle(options)
        return options
    return []


def clean_response(key: dict, raw: Any) -> Any:
    """Keep only what can be an answer to this question (ids it knows, sane types), so
    nothing a browser sends can break grading. None means "not answered"."""
    kind = key["kind"]
    if kind == SINGLE:
        return raw if isinstance(raw, str) and raw in key["options"] else None
    if kind == MULTIPLE:
        if not isinstance(raw, list | tuple):
            return None
        raw_ids = {v for v in raw if isinstance(v, str)}
        picked = [v for v in key["options"] if v in raw_ids]
        return picked or None
    if kind == TRUE_FALSE:
        return raw if isinstance(raw, str) and raw in ("true", "false") else None
    if kind in (SHORT, NUMERICAL):
        if not isinstance(raw, str):
            return None
        # Control characters never belong in an answer, and PostgreSQL's jsonb refuses
        # a NUL: one typed or forged into the field must not make saving fail. A
        # number is kept as typed ("3,5"), so the learner sees it again as written.
        limit = 500 if kind == SHORT else NUMBER_MAX_LENGTH * 2
        text = _CONTROL.sub("", raw).strip()[:limit]
        return text or None
    if kind == MATCHING:
        if not isinstance(raw, dict):
            return None
        pairs = set(key["pairs"])
        matches = pairs | set(key.get("extra", []))
        chosen = {
            k: v
            for k, v in raw.items()
            if k in pairs and isinstance(v, str) and v in matches
        }
        return chosen or None
    if kind == ORDERING:
        if not isinstance(raw, dict):
            return None
        size = len(key["order"])
        positions = {}
        for step, position in raw.items():
            if isinstance(position, bool):
                continue
            try:
                position = int(position)
            except (TypeError, ValueError, OverflowError):
                continue
            if step in key["order"] and 1 <= position <= size:
                positions[step] = position
        return positions or None
    return None


def credit(key: dict, response: Any) -> Decimal:
    """The share of the question's points a (cleaned) response earns, from 0 to 1."""
    if response is None:
        return Decimal(0)
    kind = key["kind"]
    if kind in (SINGLE, TRUE_FALSE):
        correct = key["correct"]
        correct = correct if isinstance(correct, list) else [correct]
        if response in correct:
            return Decimal(1)
        return _share(key.get("weights", {}).get(response))
    if kind == SHORT:
        text = normalize_short(response)
        if text in key["accepted"]:
            return Decimal(1)
        return _share(key.get("weights", {}).get(text))
    if kind == NUMERICAL:
        number = parse_number(response)
        if number is None:
            return Decimal(0)
        return max(
            (
                _share(answer["weight"])
                for answer in key["answers"]
                if Decimal(answer["min"]) <= number <= Decimal(answer["max"])
            ),
            default=Decimal(0),
        )
    if kind == MULTIPLE:
        picked, correct = set(response), set(key["correct"])
        if picked == correct:
            return Decimal(1)
        if "weights" in key:
            # Moodle's rule: the weights of the picked choices add up, between 0 and
            # all the points (the positive weights add up to 100 %, give or take
            # WEIGHT_SUM_SLACK: dividing by their sum gives all of them all).
            weights = {k: Decimal(w) for k, w in key["weights"].items()}
            total = sum((w for w in weights.values() if w > 0), Decimal(0))
            if not total:
                return Decimal(0)
            share = sum((weights.get(p, Decimal(0)) for p in picked), Decimal(0))
            return min(Decimal(1), max(Decimal(0), share / total))
        if not key.get("partial"):
            return Decimal(0)
        if not correct:
            return Decimal(0)
        wrong_options = set(key["options"]) - correct
        share = Decimal(len(picked & correct)) / len(correct)
        if wrong_options:
            share -= Decimal(len(picked - correct)) / len(wrong_options)
        return max(Decimal(0), share)
    if kind == MATCHING:
        pairs = key["pairs"]
        if not pairs:
            return Decimal(0)
        right = sum(1 for p in pairs if response.get(p) == p)
        if right == len(pairs):
            return Decimal(1)
        return Decimal(right) / len(pairs) if key.get("partial") else Decimal(0)
    if kind == ORDERING:
        order = key["order"]
        if not order:
            return Decimal(0)
        right = sum(1 for i, step in enumerate(order) if response.get(step) == i + 1)
        if right == len(order):
            return Decimal(1)
        return Decimal(right) / len(order) if key.get("partial") else Decimal(0)
    return Decimal(0)


def _share(weight: str | None) -> Decimal:
    """A weight in percent as a share of the points, from 0 to 1."""
    if weight is None:
        return Decimal(0)
    return min(Decimal(1), max(Decimal(0), Decimal(weight) / HUNDRED))


def score(key: dict, response: Any) -> Decimal:
    """Points earned, rounded to hundredths."""
    points = Decimal(key["points"])
    return (points * credit(key, response)).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(earned: Decimal, available: Decimal) -> Decimal:
    """The share of the points earned, in percent rounded to hundredths (for display:
    whether it passes is decided by `passes`, on the exact figures)."""
    if not available:
        return Decimal(0)
    return (Decimal(100) * earned / available).quantize(CENT, rounding=ROUND_HALF_UP)


def passes(earned: Decimal, available: Decimal, pass_mark: int) -> bool:
    """Whether a score reaches the pass mark (in percent), compared exactly: 69.996 %
    shows as 70.00 % but does not pass a 70 % mark."""
    if not available:
        return False
    return Decimal(100) * Decimal(earned) >= Decimal(pass_mark) * Decimal(available)


def is_correct(key: dict, response: Any) -> bool:
    return credit(key, response) == 1
