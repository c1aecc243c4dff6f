"""Moodle's GIFT format: https://docs.moodle.org/en/GIFT_format

Supported: multiple choice with one right answer ``{=right ~wrong}``, with several
(weights ``{~%50%a ~%50%b ~%-100%c}``), true/false ``{T}`` ``{FALSE}``, short answer
``{=a =b}``, matching ``{=item -> match}``; titles ``::Title::``, per-answer feedback
``#...``, general feedback ``####...`` (the explanation), ``//`` comment lines,
``$CATEGORY:`` lines (ignored: the category is chosen on import), escapes
``\\~ \\= \\# \\{ \\} \\: \\n``, and the format markers ``[html]`` (tags stripped),
``[moodle]``, ``[plain]``, ``[markdown]``. Questions are separated by blank lines.
Numerical, essay and description questions have no counterpart in the bank: each is
reported as an error.
"""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import ChoiceData, LineError, ParseResult, QuestionData, validated

MSG_NUMERICAL = gettext_lazy(
    "Numerical questions ({#...}) are not supported: this question type cannot be "
    "imported."
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
MSG_MATCHING_EXTRA = gettext_lazy(
    "Matching answers without an item (= -> extra match) are not supported."
)
MSG_PARTIAL_IN_SINGLE = gettext_lazy(
    "A question with one right answer (=) cannot give part of the points for ~%%%(weight)s%% "
    "%(text)s: mark the right answers with weights (~%%50%%...) and no =, or remove the "
    "weight."
)
MSG_SHORT_WEIGHT = gettext_lazy(
    "Short answers with a weight of 0 or less are wrong answers, which a short answer "
    "question does not list: remove “%(text)s”."
)

_FORMATS = ("html", "moodle", "plain", "markdown")
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
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


def _answers(body: str) -> list[tuple[str, float | None, str, str]]:
    """(marker, weight, text, feedback) of each answer in a block of answers."""
    parts = re.split(r"([=~])", body)
    if parts[0].strip():
        raise _Problem(str(MSG_ANSWER_MARKER))
    answers = []
    for marker, rest in zip(parts[1::2], parts[2::2], strict=True):
        weight = None
        match = _WEIGHT_RE.match(rest)
        if match:
            weight = float(match.group(1))
            rest = rest[match.end() :]
        text, _sep, feedback = rest.partition("#")
        answers.append((marker, weight, text, feedback))
    return answers


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
        raise _Problem(str(MSG_NUMERICAL))
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
    single = any(marker == "=" for marker, *_rest in answers)
    data.kind = "single" if single else "multiple"
    for marker, weight, text, feedback in answers:
        plain = _plain(text, fmt, one_line=True)
        if single:
            if marker == "~" and weight is not None and weight > 0:
                raise _Problem(
                    _(MSG_PARTIAL_IN_SINGLE) % {"weight": f"{weight:g}", "text": plain}
                )
            correct = marker == "="
        else:
            correct = weight is not None and weight > 0
            if correct and weight < 100:
                data.partial = True
        data.choices.append(
            ChoiceData(
                text=plain,
                correct=correct,
                feedback=_plain(feedback, fmt, one_line=True),
            )
        )
    return data


def _matching(data: QuestionData, answers, fmt: str) -> QuestionData:
    data.kind = "matching"
    # Moodle gives part of the points for each pair matched: so does the import.
    data.partial = True
    for marker, _weight, text, _feedback in answers:
        prompt, arrow, match = text.partition("->")
        if marker != "=" or not arrow:
            raise _Problem(str(MSG_MATCHING_FORMAT))
        prompt = _plain(prompt, fmt, one_line=True)
        if not prompt:
            raise _Problem(str(MSG_MATCHING_EXTRA))
        data.pairs.append((prompt, _plain(match, fmt, one_line=True)))
    return data


def _short(data: QuestionData, answers, fmt: str) -> QuestionData:
    data.kind = "short"
    for _marker, weight, text, _feedback in answers:
        plain = _plain(text, fmt, one_line=True)
        if weight is not None and weight <= 0:
            raise _Problem(_(MSG_SHORT_WEIGHT) % {"text": plain})
        data.accepted.append(plain)
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
