"""A question's texts in the language shown, falling back to the canonical question
block by block: what the attempt page and the review show."""

from __future__ import annotations

import uuid
from typing import Any

from ...models import (
    AttemptQuestion,
    Question,
)


def _blocks(stream) -> dict[str, Any]:
    """A StreamField's block values by block id."""
    return {block.id: block.value for block in stream}


class QuestionTexts:
    """A question's texts in the shown language, each falling back to the canonical
    question's where the translation lacks a block."""

    def __init__(self, canonical: Question, shown: Question | None, language: str):
        self.question = shown or canonical
        self.canonical = canonical
        self.lang = (
            canonical.locale.language_code
            if shown is None and canonical.locale.language_code != language
            else ""
        )
        self._own: dict[str, dict] = {}
        self._fallback: dict[str, dict] = {}

    def block(self, field: str, block_id: str) -> Any:
        if field not in self._own:
            self._own[field] = _blocks(getattr(self.question, field))
            self._fallback[field] = (
                self._own[field]
                if self.question is self.canonical
                else _blocks(getattr(self.canonical, field))
            )
        value = self._own[field].get(block_id)
        return value if value is not None else self._fallback[field].get(block_id)

    def field(self, field: str) -> Any:
        return getattr(self.question, field) or getattr(self.canonical, field)


def question_translations(
    rows: list[AttemptQuestion], language: str
) -> dict[uuid.UUID, Any]:
    """The questions' translations in `language`, by translation_key (one query, none
    when every question is already in that language)."""
    keys = [
        row.question_key
        for row in rows
        if row.question.locale.language_code != language
    ]
    if not keys:
        return {}
    return {
        q.translation_key: q
        for q in Question.objects.filter(
            translation_key__in=keys, locale__language_code=language
        ).select_related("locale")
    }
