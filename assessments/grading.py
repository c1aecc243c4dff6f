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

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
SHORT = "short"
MATCHING = "matching"
ORDERING = "ordering"

CENT = Decimal("0.01")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_short(text: str) -> str:
    """Short answers compare ignoring case, surrounding and repeated spaces, and ё/е.
    Kazakh letters (ә ғ қ ң ө ұ ү һ і) are compared exactly: they are different letters,
    not variants of Russian ones."""
    text = unicodedata.normalize("NFC", str(text))
    return " ".join(text.split()).casefold().replace("ё", "е")


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
    elif choices:
        add("choices", _("Only choice questions have choices."))
    if kind == TRUE_FALSE and question.answer_true is None:
        add("answer_true", _("Say whether the statement is true or false."))
    accepted = _blocks(question.accepted_answers)
    if kind == SHORT and not [a for _id, a in accepted if normalize_short(a)]:
        add("accepted_answers", _("Add at least one accepted answer."))
    pairs = _blocks(question.pairs)
    if kind == MATCHING:
        if len(pairs) < 2:
            add("pairs", _("Add at least two pairs."))
        prompts = [normalize_short(p["prompt"]) for _id, p in pairs]
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


def question_key(question, translations: Iterable = ()) -> dict:
    """The grading snapshot of a question. Short answers accepted in any of its
    translations count (a learner may answer a Kazakh question in Russian)."""
    key: dict[str, Any] = {"kind": question.kind, "points": question.points}
    kind = question.kind
    if kind in (SINGLE, MULTIPLE):
        choices = _blocks(question.choices)
        key["options"] = [block_id for block_id, _c in choices]
        key["correct"] = [block_id for block_id, c in choices if c["correct"]]
    elif kind == TRUE_FALSE:
        key["correct"] = "true" if question.answer_true else "false"
    elif kind == SHORT:
        accepted = {
            normalize_short(a)
            for q in (question, *translations)
            for _id, a in _blocks(q.accepted_answers)
        }
        key["accepted"] = sorted(a for a in accepted if a)
    elif kind == MATCHING:
        key["pairs"] = [block_id for block_id, _p in _blocks(question.pairs)]
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
        options = list(key["pairs"] if kind == MATCHING else key["order"])
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
    if kind == SHORT:
        if not isinstance(raw, str):
            return None
        # Control characters never belong in an answer, and PostgreSQL's jsonb refuses
        # a NUL: one typed or forged into the field must not make saving fail.
        text = _CONTROL.sub("", raw).strip()[:500]
        return text or None
    if kind == MATCHING:
        if not isinstance(raw, dict):
            return None
        pairs = set(key["pairs"])
        chosen = {
            k: v
            for k, v in raw.items()
            if k in pairs and isinstance(v, str) and v in pairs
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
        return Decimal(1) if response in correct else Decimal(0)
    if kind == SHORT:
        return (
            Decimal(1) if normalize_short(response) in key["accepted"] else Decimal(0)
        )
    if kind == MULTIPLE:
        picked, correct = set(response), set(key["correct"])
        if picked == correct:
            return Decimal(1)
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
