"""State changes of the question bank: categories, questions, translations, imports."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, ModelLogEntry

from core.audit import audit_log

from ..importers import QuestionData, block_problems, question_instance
from ..models import Question, QuestionCategory

__all__ = [
    "ACTION_IMPORT",
    "MSG_ALREADY_IMPORTED",
    "MSG_NOTHING_TO_IMPORT",
    "MSG_TRANSLATION_KIND",
    "MSG_TRANSLATION_SAME_LOCALE",
    "MSG_TRANSLATION_SHAPE",
    "category_get_or_create",
    "category_translation_get_or_create",
    "question_create",
    "question_translation_create",
    "questions_import",
]

ACTION_IMPORT = "assessments.questions_import"

MSG_ALREADY_IMPORTED = _("These questions have already been imported.")
MSG_NOTHING_TO_IMPORT = _("There are no questions to import.")
MSG_TRANSLATION_SAME_LOCALE = _(
    "A translation must be in another language than the question."
)
MSG_TRANSLATION_KIND = _("A translation must have the same question type.")
MSG_TRANSLATION_SHAPE = _(
    "A translation must have as many %(what)s as the question (%(expected)s, not "
    "%(found)s), in the same order."
)


def _locale(locale: Locale | str) -> Locale:
    if isinstance(locale, Locale):
        return locale
    return Locale.objects.get(language_code=locale)


@transaction.atomic
def category_get_or_create(*, name: str, locale: Locale | str) -> QuestionCategory:
    """The category named `name` in `locale`, created when there is none."""
    locale = _locale(locale)
    category = QuestionCategory.objects.filter(name=name, locale=locale).first()
    if category is None:
        category = QuestionCategory(name=name, locale=locale)
        category.full_clean()
        category.save()
    return category


@transaction.atomic
def category_translation_get_or_create(
    *, source: QuestionCategory, locale: Locale | str, name: str | None = None
) -> QuestionCategory:
    """The translation of a category in `locale`, copied from `source` (under `name`
    when given) if it does not exist yet."""
    locale = _locale(locale)
    # Lock the source so two requests cannot both create the translation.
    source = QuestionCategory.objects.select_for_update().get(pk=source.pk)
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translated = source.copy_for_translation(locale)
    if name:
        translated.name = name
    translated.full_clean()
    translated.save()
    return translated


@transaction.atomic
def question_create(*, category: QuestionCategory, data: QuestionData) -> Question:
    """A new question of `category`, in the category's language.

    Raises ValidationError with the bank's rules (grading.question_problems) when the
    data cannot be graded."""
    _block_limits_check(data)
    question = question_instance(data, category=category, locale=category.locale)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def questions_import(
    *,
    category: QuestionCategory,
    questions: list[QuestionData],
    user=None,
    token: str = "",
) -> list[Question]:
    """Create all `questions` in `category`, or none of them, with an audit entry.

    `token` names one confirmed preview: an import with a token that was already used
    is refused (a double click on "Import" imports once). The category row is locked
    so that two concurrent requests with the same token are serialised."""
    if not questions:
        raise ValidationError(MSG_NOTHING_TO_IMPORT, code="empty")
    category = QuestionCategory.objects.select_for_update().get(pk=category.pk)
    if (
        token
        and ModelLogEntry.objects.filter(
            action=ACTION_IMPORT, data__token=token
        ).exists()
    ):
        raise ValidationError(MSG_ALREADY_IMPORTED, code="already_imported")
    created = [question_create(category=category, data=data) for data in questions]
    audit_log(
        category,
        ACTION_IMPORT,
        user=user,
        region_id=None,  # the question bank is national
        data={"count": len(created), "token": token},
    )
    return created


def _block_limits_check(data: QuestionData) -> None:
    problems = block_problems(data)
    if problems:
        raise ValidationError(problems, code="blocks")


def _shape(what: str, expected: int, found: int) -> None:
    if expected != found:
        raise ValidationError(
            MSG_TRANSLATION_SHAPE
            % {"what": what, "expected": expected, "found": found},
            code="shape",
        )


@transaction.atomic
def question_translation_create(
    *,
    source: Question,
    locale: Locale | str,
    data: QuestionData,
    category_name: str | None = None,
) -> Question:
    """The translation of `source` in `locale` with the texts of `data`.

    The translation keeps the source's block ids (choices, pairs, steps and numerical
    answers matched by position, so attempts in any language grade alike), its correct
    flags and weights, answer, numbers, points and partial credit; only texts come from
    `data` (accepted short answers may differ in number, and bring their weights). Its category is the category's translation, created (named
    `category_name` if given) when missing. Returns the existing translation if there
    is one."""
    locale = _locale(locale)
    if locale.pk == source.locale_id:
        raise ValidationError(MSG_TRANSLATION_SAME_LOCALE, code="same_locale")
    source = Question.objects.select_for_update().get(pk=source.pk)
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing
    if data.kind and data.kind != source.kind:
        raise ValidationError(MSG_TRANSLATION_KIND, code="kind")
    _block_limits_check(data)
    choices = list(source.choices)
    pairs = list(source.pairs)
    steps = list(source.sequence)
    numbers = list(source.numerical_answers)
    _shape(str(_("choices")), len(choices), len(data.choices))
    _shape(str(_("pairs")), len(pairs), len(data.pairs))
    _shape(str(_("steps")), len(steps), len(data.steps))
    _shape(str(_("numerical answers")), len(numbers), len(data.numbers))

    translated = source.copy_for_translation(locale)
    translated.category = category_translation_get_or_create(
        source=source.category, locale=locale, name=category_name
    )
    translated.text = data.text
    translated.explanation = data.explanation
    translated.choices = [
        {
            "type": "choice",
            "id": block.id,
            "value": {
                "text": choice.text,
                "correct": block.value["correct"],
                "feedback": choice.feedback,
                "weight": block.value.get("weight"),
            },
        }
        for block, choice in zip(choices, data.choices, strict=True)
    ]
    translated.numerical_answers = [
        {
            "type": "number",
            "id": block.id,
            "value": {**block.value, "feedback": number.feedback},
        }
        for block, number in zip(numbers, data.numbers, strict=True)
    ]
    translated.pairs = [
        {"type": "pair", "id": block.id, "value": {"prompt": prompt, "match": match}}
        for block, (prompt, match) in zip(pairs, data.pairs, strict=True)
    ]
    translated.sequence = [
        {"type": "step", "id": block.id, "value": step}
        for block, step in zip(steps, data.steps, strict=True)
    ]
    accepted_ids = [block.id for block in source.accepted_answers]
    translated.accepted_answers = [
        {
            "type": "answer",
            "id": accepted_ids[i] if i < len(accepted_ids) else str(uuid.uuid4()),
            "value": {
                "text": answer.text,
                "weight": answer.weight,
                "feedback": answer.feedback,
            },
        }
        for i, answer in enumerate(data.answers())
    ]
    translated.full_clean()
    translated.save()
    return translated
