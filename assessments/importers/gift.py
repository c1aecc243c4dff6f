"""Moodle's GIFT format: https://docs.moodle.org/en/GIFT_format (and Moodle's own
reader, question/format/gift/format.php, where the page is silent).

Supported: multiple choice with one right answer ``{=right ~wrong}``, wrong answers
giving part of the points ``{=right ~%50%half ~wrong}``, several right answers by weight
``{~%50%a ~%50%b ~%-100%c}`` (graded by the weights, as Moodle does), true/false
``{T}`` ``{FALSE}``, short answer ``{=a =%50%b =%0%*#any other}`` (weights and feedback
kept), numerical ``{#3:2}`` ``{#1..5}`` ``{#=1822:0 =%50%1822:2#close ~#wrong}``,
matching ``{=item -> match = -> extra match}``; titles ``::Title::``, per-answer
feedback ``#...``, general feedback ``####...`` (the explanation), ``//`` comment
lines, ``$CATEGORY:`` lines (ignored: the category is chosen on import), escapes
``\\~ \\= \\# \\{ \\} \\: \\n``, and the format markers ``[html]`` (tags stripped),
``[moodle]``, ``[plain]``, ``[markdown]``. Questions are separated by blank lines.

Nothing is imported with another grading than Moodle's: what the bank cannot grade the
same way (essays, descriptions, short answers with * wildcards, negative weights in a
single-choice question...) is reported as an error at its line.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..blocks import ANY_OTHER_ANSWER
from ..grading import parse_number
from .questions import (
    AnswerData,
    ChoiceData,
    LineError,
    NumberData,
    ParseResult,
    QuestionData,
    validated,
)

MSG_ESSAY = gettext_lazy(
    "Essay questions (empty braces {}) are not supported: this question type cannot "
    "be imported."
)
MSG_DESCRIPTION = gettext_lazy(
    "Text without answers in braces is a description, which is not supported: this "
    "question type cannot be imported."
)
MSG_NO_CLOSING_BRACE = gettext_lazy("The answers are not closed with }.")
MSG_NO_OPENING_BRACE = gettext_lazy("There is a } without a { before it.")
MSG_SEVERAL_BLOCKS = gettext_lazy(
    "A question may have only one block of answers in braces (embedded answers are "
    "not supported)."
)
MSG_TITLE_NOT_CLOSED = gettext_lazy("The title is not closed with ::.")
MSG_ANSWER_MARKER = gettext_lazy(
    "Start every answer with = (right answer) or ~ (wrong answer)."
)
MSG_MATCHING_FORMAT = gettext_lazy(
    "Write every matching pair as =item -> match (wrong answers with ~ are not "
    "allowed in matching questions)."
)
MSG_WEIGHT_ON_RIGHT = gettext_lazy(
    "A right answer (=) gets all the points and takes no weight: write “%(text)s” "
    "with ~%%…%% instead, or remove the weight."
)
MSG_CHOICE_WEIGHT = gettext_lazy(
    "A weight is from -100%% to 100%%: “%(text)s” has %(weight)s%%."
)
MSG_ANSWER_WEIGHT = gettext_lazy(
    "The weight of an answer is from 0%% to 100%% (a negative weight only fits a "
    "multiple-choice question): “%(text)s” has %(weight)s%%."
)
MSG_WILDCARD = gettext_lazy(
    "Short answers with the wildcard * (“%(text)s”) are not supported: write every "
    "accepted answer in full, and \\* for a star itself. Only * alone, with the "
    "weight %%0%%, is kept: its feedback goes to any other answer."
)
MSG_NO_NUMBER = gettext_lazy("A numerical question needs at least one number after #.")
MSG_NOT_A_NUMBER = gettext_lazy(
    "“%(text)s” is not a number, a number:tolerance or a range from..to."
)

_FORMATS = ("html", "moodle", "plain", "markdown")
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^\s*%(-?\d+(?:\.\d*)?)%")
# An unescaped * in a short answer: Moodle's wildcard.
_WILDCARD_RE = re.compile(r"(?<!\\)\*")
_TRUE_FALSE_RE = re.compile(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)

# Escaped characters become private-use placeholders while the question is taken apart,
# and come back at the end (as Moodle does with its &&058; placeholders).
_ESCAPABLE = "~=#{}:"
_PLACEHOLDER = {char: chr(0xE000 + i) for i, char in enumerate(_ESCAPABLE)}
_RESTORE = {ord(p): char for char, p in _PLACEHOLDER.items()}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")


def _escape(text: str) -> str:
    def replace(match: re.Match) -> str:
        char = match.group(1)
        if char == "\\":
            return "\\"
        if char == "n":
            return "\n"
        return _PLACEHOLDER[char]

    return _ESCAPE_RE.sub(replace, text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _split_format(text: str, default: str) -> tuple[str, str]:
    match = _FORMAT_RE.match(text)
    if match:
        return match.group(1).lower(), text[match.end() :]
    return default, text


def _html_to_text(value: str) -> str:
    value = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>|</li\s*>|</h\d\s*>", "\n", value)
    return html.unescape(strip_tags(value))


def _plain(text: str, fmt: str, *, one_line: bool) -> str:
    """Plain text of a GIFT text in format `fmt` (the bank stores plain text)."""
    fmt, text = _split_format(text, fmt)
    if fmt == "html":
        text = _html_to_text(text)
    text = _restore(text)
    if one_line:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _blocks(text: str) -> list[tuple[int, str]]:
    """The questions of a file: (first line, text), split at blank lines, without
    comment lines and $CATEGORY lines."""
    blocks: list[tuple[int, str]] = []
    first, lines = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            if lines:
                blocks.append((first, "\n".join(lines)))
            first, lines = 0, []
            continue
        if stripped.startswith("//"):
            continue
        if not lines and stripped.startswith("$CATEGORY:"):
            continue
        if not lines:
            first = number
        lines.append(line)
    if lines:
        blocks.append((first, "\n".join(lines)))
    return blocks


class _Problem(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _weight(text: str) -> tuple[Decimal | None, str]:
    """The weight (percent) that starts an answer, if any, and the rest of it."""
    match = _WEIGHT_RE.match(text)
    if not match:
        return None, text
    return Decimal(match.group(1)), text[match.end() :]


def _answers(body: str) -> list[tuple[str, Decimal | None, str, str]]:
    """(marker, weight, text, feedback) of each answer in a block of answers."""
    parts = re.split(r"([=~])", body)
    if parts[0].strip():
        raise _Problem(str(MSG_ANSWER_MARKER))
    answers = []
    for marker, rest in zip(parts[1::2], parts[2::2], strict=True):
        weight, rest = _weight(rest)
        text, _sep, feedback = rest.partition("#")
        answers.append((marker, weight, text, feedback))
    return answers


def _percent(weight: Decimal) -> str:
    return f"{weight.normalize():f}"


def _question(first_line: int, raw: str) -> QuestionData:
    text = _escape(raw).strip()
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise _Problem(str(MSG_TITLE_NOT_CLOSED))
        # The bank has no titles: the title only names the question in the file.
        text = text[end + 2 :].strip()
    fmt, text = _split_format(text, "moodle")

    start = text.find("{")
    if start < 0:
        if "}" in text:
            raise _Problem(str(MSG_NO_OPENING_BRACE))
        raise _Problem(str(MSG_DESCRIPTION))
    end = text.find("}", start)
    if end < 0:
        raise _Problem(str(MSG_NO_CLOSING_BRACE))
    if "{" in text[start + 1 : end] or "{" in text[end + 1 :] or "}" in text[end + 1 :]:
        raise _Problem(str(MSG_SEVERAL_BLOCKS))
    before, body, after = text[:start], text[start + 1 : end], text[end + 1 :]
    # "Missing word" questions: the answers stand for a blank in the sentence.
    stem = f"{before.rstrip()} _____ {after.lstrip()}" if after.strip() else before
    body, _sep, general = body.partition("####")
    data = QuestionData(
        kind="",
        text=_plain(stem, fmt, one_line=False),
        explanation=_plain(general, fmt, one_line=False),
        line=first_line,
    )

    body = body.strip()
    if not body:
        raise _Problem(str(MSG_ESSAY))
    if body.startswith("#"):
        return _numerical(data, body[1:], fmt)
    if "~" in body:
        return _choice(data, _answers(body), fmt)
    if "->" in body:
        return _matching(data, _answers(body), fmt)
    match = _TRUE_FALSE_RE.match(body)
    if match:
        data.kind = "true_false"
        data.answer_true = match.group(1).upper().startswith("T")
        # Moodle shows the first feedback for a wrong answer and the second for a
        # right one; the bank has one explanation for both.
        feedbacks = [
            _plain(f, fmt, one_line=False) for f in (match.group(2) or "").split("#")
        ]
        if not data.explanation:
            data.explanation = "\n".join(dict.fromkeys(f for f in feedbacks if f))
        return data
    return _short(data, _answers(body), fmt)


def _choice(data: QuestionData, answers, fmt: str) -> QuestionData:
    # Moodle: one = makes a single-choice question (wrong answers may carry part of
    # the points); without =, the weights make a multiple-choice one, graded by them.
    single = any(marker == "=" for marker, *_rest in answers)
    data.kind = "single" if single else "multiple"
    for marker, weight, text, feedback in answers:
        plain = _plain(text, fmt, one_line=True)
        if weight is not None:
            if marker == "=":
                raise _Problem(
                    _(MSG_WEIGHT_ON_RIGHT)
                    % {"text": f"={_percent_text(weight)}{plain}"}
                )
            if not -100 <= weight <= 100:
                raise _Problem(
                    _(MSG_CHOICE_WEIGHT) % {"text": plain, "weight": _percent(weight)}
                )
        correct = marker == "=" if single else (weight or 0) > 0
        data.choices.append(
            ChoiceData(
                text=plain,
                correct=correct,
                feedback=_plain(feedback, fmt, one_line=True),
                weight=weight,
            )
        )
    if not single:
        # Part of the points is possible when a weight is neither all nor none.
        data.partial = any(
            c.weight is not None and 0 < abs(c.weight) < 100 for c in data.choices
        )
    return data


def _percent_text(weight: Decimal) -> str:
    return f"%{_percent(weight)}%"


def _matching(data: QuestionData, answers, fmt: str) -> QuestionData:
    data.kind = "matching"
    # Moodle gives part of the points for each pair matched: so does the import.
    data.partial = True
    for marker, _weight, text, _feedback in answers:
        prompt, arrow, match = text.partition("->")
        if marker != "=" or not arrow:
            raise _Problem(str(MSG_MATCHING_FORMAT))
        # An empty item (= -> match) is an extra match, offered in every row.
        data.pairs.append(
            (_plain(prompt, fmt, one_line=True), _plain(match, fmt, one_line=True))
        )
    return data


def _answer_weight(weight: Decimal | None, text: str) -> Decimal:
    """A short or numerical answer's weight: 100 when unset, else 0 to 100."""
    if weight is None:
        return Decimal(100)
    if not 0 <= weight <= 100:
        raise _Problem(
            _(MSG_ANSWER_WEIGHT) % {"text": text, "weight": _percent(weight)}
        )
    return weight


def _short(data: QuestionData, answers, fmt: str) -> QuestionData:
    data.kind = "short"
    for _marker, weight, text, feedback in answers:
        plain = _plain(text, fmt, one_line=True)
        if plain != ANY_OTHER_ANSWER and _WILDCARD_RE.search(plain):
            raise _Problem(_(MSG_WILDCARD) % {"text": plain})
        if plain == ANY_OTHER_ANSWER and weight is None:
            # Moodle would take every answer as right: say so rather than guess.
            raise _Problem(_(MSG_WILDCARD) % {"text": plain})
        data.accepted.append(
            AnswerData(
                text=plain.replace("\\*", "*"),
                weight=_answer_weight(weight, plain),
                feedback=_plain(feedback, fmt, one_line=True),
            )
        )
    return data


def _number(text: str) -> NumberData:
    """One numerical answer as Moodle reads it: min..max, number:tolerance or number."""
    text = text.strip()
    low, dots, high = text.partition("..")
    if dots and low.strip():
        minimum, maximum = parse_number(low), parse_number(high)
        if minimum is not None and maximum is not None:
            return NumberData(minimum=minimum, maximum=maximum)
    else:
        number, colon, tolerance = text.partition(":")
        value = parse_number(number)
        margin = parse_number(tolerance) if colon else None
        if value is not None and (margin is not None or not colon):
            return NumberData(number=value, tolerance=margin)
    raise _Problem(_(MSG_NOT_A_NUMBER) % {"text": _restore(text)})


def _numerical(data: QuestionData, body: str, fmt: str) -> QuestionData:
    """{#...}: answers separated by =, each with an optional weight and #feedback;
    from the first ~ on, the feedback to any other number (Moodle's reader)."""
    data.kind = "numerical"
    body, tilde, other = body.partition("~")
    parts = body.split("=")
    if not parts[0].strip():
        parts = parts[1:]
    if not parts:
        raise _Problem(str(MSG_NO_NUMBER))
    for part in parts:
        weight, rest = _weight(part.strip())
        text, _sep, feedback = rest.partition("#")
        number = _number(text)
        number.weight = _answer_weight(weight, _restore(text).strip())
        number.feedback = _plain(feedback, fmt, one_line=True)
        data.numbers.append(number)
    if tilde:
        _text, _sep, feedback = other.partition("#")
        data.numbers.append(
            NumberData(weight=Decimal(0), feedback=_plain(feedback, fmt, one_line=True))
        )
    return data


def parse_gift(text: str) -> ParseResult:
    """Questions and errors of a GIFT file (every error at its question's first line)."""
    text = text.removeprefix("\ufeff")
    questions: list[QuestionData] = []
    errors: list[LineError] = []
    for first_line, raw in _blocks(text):
        try:
            questions.append(_question(first_line, raw))
        except _Problem as problem:
            errors.append(LineError(first_line, problem.message))
    return validated(questions, errors)
