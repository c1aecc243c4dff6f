"""The data migration of accepted short answers (plain strings before weights)."""

import importlib

import pytest
from wagtail.blocks.migrations.utils import apply_changes_to_raw_data

from assessments.models import Question
from tests.factories import short_question
from tests.factories.assessments import _stream

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "assessments.migrations.0004_question_weights_numerical_distractors"
)


def test_plain_accepted_answers_become_fully_right_answers_with_their_ids():
    raw = [
        {"type": "answer", "value": "Астана", "id": "a"},
        {
            "type": "answer",
            "value": {"text": "Нур-Султан", "weight": "50", "feedback": ""},
            "id": "b",
        },
    ]

    migrated = apply_changes_to_raw_data(
        raw,
        "answer",
        migration.AcceptedAnswerToStructOperation(),
        streamfield=Question.accepted_answers,
    )

    assert migrated == [
        {
            "type": "answer",
            "value": {"text": "Астана", "weight": "100", "feedback": ""},
            "id": "a",
        },
        raw[1],
    ]


def test_answers_still_saved_as_plain_strings_read_as_fully_right():
    question = short_question(accepted=("Астана",))
    question.accepted_answers = _stream("answer", ["Астана"])
    question.save()

    question = Question.objects.get(pk=question.pk)

    assert question.accepted_answers[0].value["text"] == "Астана"
    assert question.accepted_answers[0].value["weight"] == 100
