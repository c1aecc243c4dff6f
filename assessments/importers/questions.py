"""Questions read from a file, as plain data (QuestionData and its answers), and
every problem found in them: each question is checked with the same rules the bank
applies on save (``Question.full_clean``, which calls ``grading.question_problems``)
plus the limits of the answer blocks, so a file whose preview shows no error always
imports. The bank and the demo loader build questions from the same data."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..blocks import AcceptedAnswerBlock, ChoiceBlock, NumericalAnswerBlock, PairBlock
from ..models import Question

MSG_NO_TEXT = gettext_lazy("The question has no text.")
MSG_POINTS = gettext_lazy("Points must be a whole number from 1 to 100.")
MSG_EMPTY_ANSWER = gettext_lazy("Answer %(number)s is empty.")
MSG_TOO_LONG = gettext_lazy(
    "Answer %(number)s is longer than %(max)s characters: “%(text)s”."
)
MSG_FEEDBACK_TOO_LONG = gettext_lazy(
    "The feedback of answer %(number)s is longer than %(max)s characters."
)
MSG_PAIR_EMPTY = gettext_lazy(
    "Pair %(number)s needs its match (only the item may be left empty, for an extra "
    "match)."
)
MSG_ANSWER_PROBLEM = gettext_lazy("Answer %(number)s: %(label)s: %(message)s")
MSG_PAIR_TOO_LONG = gettext_lazy(
    "Pair %(number)s: an item or a match is longer than %(max)s characters."
)


@dataclass
class ChoiceData:
    """One choice of a single or multiple choice question; `weight` is the share of
    the points it gives in percent (None: the correct flag decides)."""

    text: str
    correct: bool = False
    feedback: str = ""
    weight: Decimal | None = None


@dataclass
class AnswerData:
    """One accepted answer of a short-answer question and the share of the points it
    earns, in percent."""

    text: str
    weight: Decimal = Decimal(100)
    feedback: str = ""


@dataclass
class NumberData:
    """One answer of a numerical question: `number` ± `tolerance`, or the range
    `minimum`..`maximum`; with neither, any other number (weight 0, for feedback)."""

    number: Decimal | None = None
    tolerance: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    weight: Decimal = Decimal(100)
    feedback: str = ""


@dataclass
class QuestionData:
    """A question as read from a file or a demo-data file, before it is in the bank."""

    kind: str
    text: str
    explanation: str = ""
    points: int = 1
    partial: bool = False
    choices: list[ChoiceData] = field(default_factory=list)
    answer_true: bool | None = None
    # Short answers: AnswerData, or plain strings for fully right answers.
    accepted: list[AnswerData | str] = field(default_factory=list)
    numbers: list[NumberData] = field(default_factory=list)
    # Matching: (item, match); an empty item makes an extra match.
    pairs: list[tuple[str, str]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    line: int = 0

    def answers(self) -> list[AnswerData]:
        """The accepted answers, each as AnswerData."""
        return [
            a if isinstance(a, AnswerData) else AnswerData(a) for a in self.accepted
        ]


@dataclass(frozen=True)
class LineError:
    """A problem in an imported file, at the line where its question starts."""

    line: int
    message: str


ParseResult = tuple[list[QuestionData], list[LineError]]


def _stream(block_type: str, values: list) -> list[dict]:
    return [
        {"type": block_type, "value": value, "id": str(uuid.uuid4())}
        for value in values
    ]


def question_instance(data: QuestionData, **fields) -> Question:
    """An unsaved Question holding `data` (new block ids); `fields` are set as well
    (category, locale...)."""
    return Question(
        kind=data.kind,
        text=data.text,
        explanation=data.explanation,
        points=data.points,
        partial_credit=data.partial,
        answer_true=data.answer_true,
        choices=_stream(
            "choice",
            [
                {
                    "text": c.text,
                    "correct": c.correct,
                    "feedback": c.feedback,
                    "weight": c.weight,
                }
                for c in data.choices
            ],
        ),
        accepted_answers=_stream(
            "answer",
            [
                {"text": a.text, "weight": a.weight, "feedback": a.feedback}
                for a in data.answers()
            ],
        ),
        numerical_answers=_stream("number", [_number_value(n) for n in data.numbers]),
        pairs=_stream("pair", [{"prompt": p, "match": m} for p, m in data.pairs]),
        sequence=_stream("step", list(data.steps)),
        **fields,
    )


def _number_value(number: NumberData) -> dict:
    return {
        "number": number.number,
        "tolerance": number.tolerance,
        "minimum": number.minimum,
        "maximum": number.maximum,
        "weight": number.weight,
        "feedback": number.feedback,
    }


def _max_length(block) -> int:
    return block.field.max_length


def _struct_problems(block, value: dict, number: int) -> list[str]:
    """What the admin form says of the numbers of a block (weights, digits, ranges);
    texts are checked by block_problems, rules across fields by the bank's
    grading.question_problems."""
    problems = []
    for name, child in block.child_blocks.items():
        if name in ("text", "feedback") or value.get(name) is None:
            continue
        try:
            child.clean(value[name])
        except ValidationError as exc:
            problems.extend(
                _(MSG_ANSWER_PROBLEM)
                % {"number": number, "label": child.label, "message": message}
                for message in exc.messages
            )
    return problems


@functools.cache
def _blocks() -> dict:
    return {
        "choice": ChoiceBlock(),
        "answer": AcceptedAnswerBlock(),
        "number": NumericalAnswerBlock(),
    }


@functools.cache
def _limits() -> dict[str, int]:
    choice, pair = ChoiceBlock(), PairBlock()
    stream = Question._meta.get_field
    return {
        "choice": _max_length(choice.child_blocks["text"]),
        "feedback": _max_length(choice.child_blocks["feedback"]),
        "pair": min(
            _max_length(pair.child_blocks["prompt"]),
            _max_length(pair.child_blocks["match"]),
        ),
        "answer": _max_length(
            stream("accepted_answers")
            .stream_block.child_blocks["answer"]
            .child_blocks["text"]
        ),
        "step": _max_length(stream("sequence").stream_block.child_blocks["step"]),
    }


def block_problems(data: QuestionData) -> list[str]:
    """The limits the admin form's blocks enforce (a model does not check block
    values, so an over-long answer would save here and then fail in the editor)."""
    limits = _limits()
    problems: list[str] = []

    def check(texts: list[str], limit: int) -> None:
        for number, text in enumerate(texts, 1):
            if not text.strip():
                problems.append(_(MSG_EMPTY_ANSWER) % {"number": number})
            elif len(text) > limit:
                problems.append(
                    _(MSG_TOO_LONG)
                    % {"number": number, "max": limit, "text": text[:40] + "…"}
                )

    def feedback(items) -> None:
        for number, item in enumerate(items, 1):
            if len(item.feedback) > limits["feedback"]:
                problems.append(
                    _(MSG_FEEDBACK_TOO_LONG)
                    % {"number": number, "max": limits["feedback"]}
                )

    check([c.text for c in data.choices], limits["choice"])
    feedback(data.choices)
    for number, choice in enumerate(data.choices, 1):
        problems += _struct_problems(
            _blocks()["choice"], {"weight": choice.weight}, number
        )
    answers = data.answers()
    check([a.text for a in answers], limits["answer"])
    feedback(answers)
    for number, answer in enumerate(answers, 1):
        problems += _struct_problems(
            _blocks()["answer"],
            {"text": answer.text, "weight": answer.weight, "feedback": ""},
            number,
        )
    feedback(data.numbers)
    for number, value in enumerate(data.numbers, 1):
        problems += _struct_problems(
            _blocks()["number"], {**_number_value(value), "feedback": ""}, number
        )
    check(list(data.steps), limits["step"])
    for number, (prompt, match) in enumerate(data.pairs, 1):
        if not match.strip():
            problems.append(_(MSG_PAIR_EMPTY) % {"number": number})
        elif max(len(prompt), len(match)) > limits["pair"]:
            problems.append(
                _(MSG_PAIR_TOO_LONG) % {"number": number, "max": limits["pair"]}
            )
    return problems


def question_data_problems(data: QuestionData) -> list[str]:
    """Why `data` cannot become a question of the bank (empty when it can)."""
    problems: list[str] = []
    if not data.text.strip():
        problems.append(str(MSG_NO_TEXT))
    if not isinstance(data.points, int) or not 1 <= data.points <= 100:
        problems.append(str(MSG_POINTS))
    problems.extend(block_problems(data))
    question = question_instance(data)
    try:
        # The bank's own rules (Question.clean -> grading.question_problems); the
        # category and uniqueness are the importer's business, not the file's.
        question.full_clean(
            exclude=["category", "locale", "translation_key", "text", "points"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            try:
                label = capfirst(Question._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:  # NON_FIELD_ERRORS
                label = ""
            for message in messages:
                problems.append(f"{label}: {message}" if label else message)
    return problems


def validated(questions: list[QuestionData], errors: list[LineError]) -> ParseResult:
    """Add the bank's rules to a parser's own errors, ordered by line; only the
    questions without a problem are returned."""
    errors = list(errors)
    valid = []
    for data in questions:
        problems = question_data_problems(data)
        errors.extend(LineError(data.line, message) for message in problems)
        if not problems:
            valid.append(data)
    errors.sort(key=lambda e: e.line)
    return valid, errors
