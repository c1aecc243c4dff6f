"""An attempt's page, as the learner answers it: built from the attempt's own rows
and the questions' texts only; nothing that says what is correct (keys, flags,
feedback, explanations, accepted answers) goes into it."""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _

from core.i18n import (
    active_language,
)

from ... import grading
from ...models import (
    AttemptQuestion,
    QuizAttempt,
)
from .texts import QuestionTexts, question_translations


@dataclasses.dataclass
class Option:
    value: str
    text: str
    selected: bool = False


# The template of each kind's answer widget: one per shape of input (choices, rows of
# radio buttons, a text, a number), in templates/assessments/includes/question_*.html.
QUESTION_WIDGETS = {
    grading.SINGLE: "choice",
    grading.TRUE_FALSE: "choice",
    grading.MULTIPLE: "choice",
    grading.MATCHING: "rows",
    grading.ORDERING: "rows",
    grading.SHORT: "short",
    grading.NUMERICAL: "numerical",
}


@dataclasses.dataclass
class Row:
    """A matching item or an ordering step: one group of radio buttons each."""

    name: str
    text: str
    selected: str = ""


@dataclasses.dataclass
class QuestionView:
    """A question as the attempt page shows it: texts and the learner's saved answer,
    never what is correct."""

    pk: int
    number: int
    kind: str
    text: str
    points: int
    lang: str = ""  # set when shown in another language than the page's
    options: list[Option] = dataclasses.field(default_factory=list)
    rows: list[Row] = dataclasses.field(default_factory=list)
    value: str = ""
    # A saved numerical answer that is not a number (shown again, with a hint).
    invalid: bool = False

    @property
    def name(self) -> str:
        return field_name(self.pk)

    @property
    def template(self) -> str:
        return f"assessments/includes/question_{QUESTION_WIDGETS[self.kind]}.html"


@dataclasses.dataclass
class NavEntry:
    number: int
    page: int
    answered: bool  # as last saved
    name: str = ""  # the question's field name (quiz.js marks it as it is answered)


@dataclasses.dataclass
class AttemptPage:
    attempt: QuizAttempt
    number: int
    page_count: int
    questions: list[QuestionView]
    nav: list[NavEntry]

    @property
    def is_first(self) -> bool:
        return self.number <= 1

    @property
    def is_last(self) -> bool:
        return self.number >= self.page_count

    @property
    def unanswered(self) -> int:
        return sum(1 for entry in self.nav if not entry.answered)

    @property
    def answered(self) -> int:
        return sum(1 for entry in self.nav if entry.answered)

    @property
    def unanswered_elsewhere(self) -> int:
        """Questions of the other pages not answered. Those of this page are left
        out: what the learner has just chosen here is not saved before they press a
        button, so the saved state of this page says nothing true."""
        return sum(
            1 for entry in self.nav if not entry.answered and entry.page != self.number
        )


def field_name(attempt_question_id: int, row: int | None = None) -> str:
    """The form field of a question (and of one row of a matching or ordering
    question). Rows are numbered, never named after a block id: an item's own id is
    what its right match is, so it must not appear next to it."""
    base = f"q{attempt_question_id}"
    return base if row is None else f"{base}-{row}"


def _question_view(row: AttemptQuestion, texts: QuestionTexts) -> QuestionView:
    key, response = row.key, row.response
    view = QuestionView(
        pk=row.pk,
        number=row.position,
        kind=key["kind"],
        text=texts.field("text"),
        points=int(row.max_score),
        lang=texts.lang,
    )
    kind = key["kind"]
    if kind in (grading.SINGLE, grading.MULTIPLE):
        picked = set(response if isinstance(response, list) else [response])
        view.options = [
            Option(
                value=choice_id,
                text=(texts.block("choices", choice_id) or {}).get("text", ""),
                selected=choice_id in picked,
            )
            for choice_id in row.option_order
        ]
    elif kind == grading.TRUE_FALSE:
        view.options = [
            Option(value="true", text=_("True"), selected=response == "true"),
            Option(value="false", text=_("False"), selected=response == "false"),
        ]
    elif kind == grading.SHORT:
        view.value = response or ""
    elif kind == grading.NUMERICAL:
        view.value = response or ""
        view.invalid = bool(response) and grading.parse_number(response) is None
    elif kind == grading.MATCHING:
        # The matches to choose from include the extra ones (pairs without an item).
        chosen = response if isinstance(response, dict) else {}
        view.rows = [
            Row(
                name=field_name(row.pk, index),
                text=(texts.block("pairs", pair_id) or {}).get("prompt", ""),
                selected=chosen.get(pair_id, ""),
            )
            for index, pair_id in enumerate(key["pairs"])
        ]
        view.options = [
            Option(
                value=pair_id,
                text=(texts.block("pairs", pair_id) or {}).get("match", ""),
            )
            for pair_id in row.option_order
        ]
    elif kind == grading.ORDERING:
        chosen = response if isinstance(response, dict) else {}
        view.rows = [
            Row(
                name=field_name(row.pk, index),
                text=texts.block("sequence", step_id) or "",
                selected=str(chosen.get(step_id, "")),
            )
            for index, step_id in enumerate(row.option_order)
        ]
        view.options = [
            Option(value=str(n), text=str(n))
            for n in range(1, len(row.option_order) + 1)
        ]
    return view


def attempt_page_count(*, attempt: QuizAttempt) -> int:
    last = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("-page")
        .values_list("page", flat=True)
        .first()
    )
    return last or 1


def attempt_question_list_on_page(
    *, attempt: QuizAttempt, page: int
) -> list[AttemptQuestion]:
    """The attempt's questions on one page, with their keys (for reading a posted
    form on the server; never rendered)."""
    return list(
        AttemptQuestion.objects.filter(attempt=attempt, page=page)
        .only("pk", "attempt_id", "page", "position", "key", "option_order")
        .order_by("position")
    )


def attempt_page_get(
    *, attempt: QuizAttempt, page: int, language: str | None = None
) -> AttemptPage:
    """One page of an open attempt in the active language (questions not translated
    into it are shown in the default language, marked with their lang), with the
    learner's saved answers and the list of all questions answered or not.
    Three queries, whatever the number of questions."""
    language = language or active_language()
    nav_rows = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list("pk", "position", "page", "response")
    )
    page_count = max((p for _pk, _n, p, _r in nav_rows), default=1)
    page = min(max(page, 1), page_count)
    rows = list(
        AttemptQuestion.objects.filter(attempt=attempt, page=page)
        .select_related("question__locale")
        .order_by("position")
    )
    translations = question_translations(rows, language)
    questions = [
        _question_view(
            row,
            QuestionTexts(row.question, translations.get(row.question_key), language),
        )
        for row in rows
    ]
    return AttemptPage(
        attempt=attempt,
        number=page,
        page_count=page_count,
        questions=questions,
        nav=[
            NavEntry(number=n, page=p, answered=r is not None, name=field_name(pk))
            for pk, n, p, r in nav_rows
        ],
    )
