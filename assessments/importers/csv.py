"""Questions from a spreadsheet saved as CSV: one question per row.

The first line is the header ``type,question,explanation,points,partial,answers`` (any
order; ``explanation``, ``points``, ``partial`` and ``tolerance`` may be left out).
Cells are separated by commas or semicolons (the header tells which); quote a cell that
holds the separator or a line break. ``answers`` is ``|``-separated (``\\|`` for a
literal bar); an answer may start with a weight in percent, ``%50%`` (as in GIFT):

- single, multiple: the choices, the right ones marked with a leading ``*``; a weight
  gives a wrong choice of a single choice part of the points, and in a multiple
  choice the choices with a positive weight are the right ones;
- true_false: ``true`` or ``false`` (also верно/неверно, да/нет, иә/жоқ, дұрыс/бұрыс);
- short: every accepted answer (a weight below 100 gives part of the points);
- numerical: numbers ``3,5``, numbers with a tolerance ``1822:2`` or ranges ``1..5``
  (a comma or a point for decimals); ``tolerance`` is the tolerance of the numbers
  written without one;
- matching: ``item=match`` pairs, ``=match`` for an extra match without an item;
- ordering: the steps in the right order.

Errors carry the line of the file where their row starts (the header is line 1).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..grading import parse_number
from .questions import (
    AnswerData,
    ChoiceData,
    LineError,
    NumberData,
    ParseResult,
    QuestionData,
    question_data_problems,
    validated,
)

COLUMNS = (
    "type",
    "question",
    "explanation",
    "points",
    "partial",
    "tolerance",
    "answers",
)
REQUIRED_COLUMNS = ("type", "question", "answers")
KINDS = (
    "single",
    "multiple",
    "true_false",
    "short",
    "numerical",
    "matching",
    "ordering",
)
_KIND_ALIASES = {
    **{kind: kind for kind in KINDS},
    "single_choice": "single",
    "multiple_choice": "multiple",
    "truefalse": "true_false",
    "true_or_false": "true_false",
    "short_answer": "short",
    "numeric": "numerical",
    "number": "numerical",
}
_TRUE = {"true", "t", "yes", "1", "верно", "да", "иә", "дұрыс", "ия"}
_FALSE = {"false", "f", "no", "0", "неверно", "нет", "жоқ", "бұрыс"}

MSG_HEADER_MISSING = gettext_lazy(
    "The first line must be the header: %(columns)s (missing: %(missing)s)."
)
MSG_HEADER_UNKNOWN = gettext_lazy(
    "Unknown column “%(name)s” in the header. The columns are: %(columns)s."
)
MSG_HEADER_DUPLICATE = gettext_lazy(
    "The column “%(name)s” appears twice in the header."
)
MSG_TOO_MANY_CELLS = gettext_lazy(
    "This row has %(count)s cells but the header has %(columns)s: quote cells that "
    "contain the separator."
)
MSG_UNKNOWN_TYPE = gettext_lazy(
    "Unknown question type “%(type)s”. Use one of: %(kinds)s."
)
MSG_POINTS = gettext_lazy(
    "Points must be a whole number from 1 to 100 (found “%(value)s”)."
)
MSG_PARTIAL = gettext_lazy("Partial credit must be yes or no (found “%(value)s”).")
MSG_TRUE_FALSE = gettext_lazy(
    "The answer of a true or false question must be true or false (found “%(value)s”)."
)
MSG_PAIR = gettext_lazy("Write every matching pair as item=match (found “%(value)s”).")
MSG_NUMBER = gettext_lazy(
    "Write every numerical answer as a number (3,5), a number with its tolerance "
    "(1822:2) or a range (1..5) (found “%(value)s”)."
)
MSG_TOLERANCE = gettext_lazy(
    "The tolerance must be a number of 0 or more, for numerical questions only "
    "(found “%(value)s”)."
)

MSG_UNREADABLE = gettext_lazy("This line cannot be read as CSV (%(error)s).")

_BAR_RE = re.compile(r"(?<!\\)\|")
_WEIGHT_RE = re.compile(r"^%\s*(-?[0-9]+(?:[.,][0-9]*)?)\s*%")


def _weighted(answer: str) -> tuple[Decimal | None, str]:
    """The weight (percent) an answer starts with, if any, and the rest of it."""
    match = _WEIGHT_RE.match(answer)
    if not match:
        return None, answer
    return parse_number(match.group(1)), answer[match.end() :].strip()


def _number(answer: str, tolerance: Decimal | None) -> NumberData | None:
    low, dots, high = answer.partition("..")
    if dots:
        minimum, maximum = parse_number(low), parse_number(high)
        if minimum is None or maximum is None:
            return None
        return NumberData(minimum=minimum, maximum=maximum)
    number, colon, margin = answer.partition(":")
    value = parse_number(number)
    own = parse_number(margin) if colon else None
    if value is None or (colon and own is None):
        return None
    return NumberData(number=value, tolerance=own if colon else tolerance)


def _answers(cell: str) -> list[str]:
    parts = (part.replace("\\|", "|").strip() for part in _BAR_RE.split(cell))
    return [part for part in parts if part]


def _delimiter(text: str) -> str:
    """The separator the header uses (the header is known, so no guessing at data)."""
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;").delimiter
    except csv.Error:
        return ";" if header.count(";") > header.count(",") else ","


def _flag(value: str) -> bool | None:
    lowered = value.strip().casefold()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def _header(row: list[str]) -> tuple[list[str], list[str]]:
    names = [cell.strip().casefold().removeprefix("\ufeff") for cell in row]
    problems = []
    for name in names:
        if name and name not in COLUMNS:
            problems.append(
                _(MSG_HEADER_UNKNOWN) % {"name": name, "columns": ", ".join(COLUMNS)}
            )
    for name in sorted({n for n in names if n and names.count(n) > 1}):
        problems.append(_(MSG_HEADER_DUPLICATE) % {"name": name})
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        problems.append(
            _(MSG_HEADER_MISSING)
            % {"columns": ",".join(COLUMNS), "missing": ", ".join(missing)}
        )
    return names, problems


def _row(cells: dict[str, str], line: int) -> tuple[QuestionData | None, list[str]]:
    """The question of a row and the row's own problems (data is None when the
    answers cannot be read)."""
    problems: list[str] = []
    raw_kind = cells.get("type", "").strip()
    kind = _KIND_ALIASES.get(re.sub(r"[\s/-]+", "_", raw_kind.casefold()))
    if kind is None:
        return None, [
            _(MSG_UNKNOWN_TYPE) % {"type": raw_kind, "kinds": ", ".join(KINDS)}
        ]
    data = QuestionData(
        kind=kind,
        text=cells.get("question", "").strip(),
        explanation=cells.get("explanation", "").strip(),
        line=line,
    )
    points = cells.get("points", "").strip()
    if points:
        if re.fullmatch(r"\d{1,3}", points) and 1 <= int(points) <= 100:
            data.points = int(points)
        else:
            problems.append(_(MSG_POINTS) % {"value": points})
    partial = cells.get("partial", "").strip()
    if partial:
        flag = _flag(partial)
        if flag is None:
            problems.append(_(MSG_PARTIAL) % {"value": partial})
        else:
            data.partial = flag

    tolerance = None
    raw_tolerance = cells.get("tolerance", "").strip()
    if raw_tolerance:
        tolerance = parse_number(raw_tolerance)
        if kind != "numerical" or tolerance is None or tolerance < 0:
            problems.append(_(MSG_TOLERANCE) % {"value": raw_tolerance})
            tolerance = None

    answers = _answers(cells.get("answers", ""))
    if kind in ("single", "multiple"):
        for answer in answers:
            weight, answer = _weighted(answer)
            correct = answer.startswith("*")
            if correct:
                text = answer[1:].strip()
            else:  # \* starts a wrong choice with a literal star
                text = "*" + answer[2:] if answer.startswith("\\*") else answer
            if kind == "multiple" and weight is not None:
                correct = correct or weight > 0
            data.choices.append(ChoiceData(text=text, correct=correct, weight=weight))
    elif kind == "true_false":
        value = " | ".join(answers)
        data.answer_true = _flag(value) if len(answers) == 1 else None
        if data.answer_true is None:
            return None, [*problems, _(MSG_TRUE_FALSE) % {"value": value}]
    elif kind == "short":
        for answer in answers:
            weight, text = _weighted(answer)
            data.accepted.append(
                AnswerData(text=text, weight=Decimal(100) if weight is None else weight)
            )
    elif kind == "numerical":
        for answer in answers:
            weight, text = _weighted(answer)
            number = _number(text, tolerance)
            if number is None:
                return None, [*problems, _(MSG_NUMBER) % {"value": answer}]
            if weight is not None:
                number.weight = weight
            data.numbers.append(number)
    elif kind == "matching":
        for answer in answers:
            prompt, sep, match = answer.partition("=")
            if not sep:
                return None, [*problems, _(MSG_PAIR) % {"value": answer}]
            data.pairs.append((prompt.strip(), match.strip()))
    elif kind == "ordering":
        data.steps = answers
    return data, problems


def parse_csv(text: str) -> ParseResult:
    """Questions and errors of a CSV file (every error at its row's first line)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    questions: list[QuestionData] = []
    errors: list[LineError] = []
    header: list[str] | None = None
    last_line = 0
    rows = []
    try:
        for row in reader:
            rows.append((last_line + 1, row))
            last_line = reader.line_num
    except csv.Error as exc:
        return [], [LineError(last_line + 1, _(MSG_UNREADABLE) % {"error": exc})]
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header, problems = _header(row)
            if problems:
                return [], [LineError(line, message) for message in problems]
            continue
        if len(row) > len(header):
            extra = row[len(header) :]
            if any(cell.strip() for cell in extra):
                errors.append(
                    LineError(
                        line,
                        _(MSG_TOO_MANY_CELLS)
                        % {"count": len(row), "columns": len(header)},
                    )
                )
                continue
        cells = dict(zip(header, row, strict=False))
        data, problems = _row(cells, line)
        if data is not None and problems:
            # Report the rest of the row's problems too, not one at a time.
            problems += question_data_problems(data)
        errors.extend(LineError(line, message) for message in problems)
        if data is not None and not problems:
            questions.append(data)
    return validated(questions, errors)
