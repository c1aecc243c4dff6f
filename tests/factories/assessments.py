"""Factories of the question bank, quizzes and assignments."""

import uuid

import factory
from wagtail.models import Locale

from assessments.models import (
    AssignmentPage,
    Question,
    QuestionCategory,
    QuizDrawRule,
    QuizPage,
    QuizQuestion,
)

from .courses import PageFactory


def _stream(block_type: str, values: list) -> list[dict]:
    return [{"type": block_type, "value": v, "id": str(uuid.uuid4())} for v in values]


class QuestionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionCategory

    name = factory.Sequence(lambda n: f"Категория {n}")
    locale = factory.LazyFunction(lambda: Locale.get_default())


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question by default; the helpers below build the other kinds."""

    class Meta:
        model = Question

    category = factory.SubFactory(QuestionCategoryFactory)
    locale = factory.SelfAttribute("category.locale")
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"Вопрос {n}?")
    explanation = "Пояснение."
    choices = factory.LazyFunction(
        lambda: _stream(
            "choice",
            [
                {"text": "Верно", "correct": True, "feedback": "Да."},
                {"text": "Неверно", "correct": False, "feedback": "Нет."},
                {"text": "Тоже неверно", "correct": False, "feedback": ""},
            ],
        )
    )


def single_question(category=None, *, right="Верно", wrong=("Неверно",), **kwargs):
    choices = [{"text": right, "correct": True, "feedback": ""}] + [
        {"text": w, "correct": False, "feedback": ""} for w in wrong
    ]
    extra = {"category": category} if category else {}
    return QuestionFactory(choices=_stream("choice", choices), **extra, **kwargs)


def multiple_question(category=None, *, right=("А", "Б"), wrong=("В", "Г"), **kwargs):
    choices = [{"text": r, "correct": True, "feedback": ""} for r in right] + [
        {"text": w, "correct": False, "feedback": ""} for w in wrong
    ]
    extra = {"category": category} if category else {}
    return QuestionFactory(
        kind=Question.Kind.MULTIPLE,
        choices=_stream("choice", choices),
        **extra,
        **kwargs,
    )


def true_false_question(category=None, *, answer=True, **kwargs):
    extra = {"category": category} if category else {}
    return QuestionFactory(
        kind=Question.Kind.TRUE_FALSE, choices=[], answer_true=answer, **extra, **kwargs
    )


def _answer(answer) -> dict:
    """A short answer: its text (fully right), or (text, weight[, feedback])."""
    if isinstance(answer, str):
        return {"text": answer, "weight": "100", "feedback": ""}
    text, weight, *feedback = answer
    return {"text": text, "weight": str(weight), "feedback": "".join(feedback)}


def short_question(category=None, *, accepted=("волонтёр",), **kwargs):
    extra = {"category": category} if category else {}
    return QuestionFactory(
        kind=Question.Kind.SHORT,
        choices=[],
        accepted_answers=_stream("answer", [_answer(a) for a in accepted]),
        **extra,
        **kwargs,
    )


NUMBER = {
    "number": None,
    "tolerance": None,
    "minimum": None,
    "maximum": None,
    "weight": "100",
    "feedback": "",
}


def numerical_question(
    category=None, *, numbers=({"number": "1822", "tolerance": "2"},), **kwargs
):
    """A numerical question; each of `numbers` is a dict of NumericalAnswerBlock
    values (number/tolerance, or minimum/maximum; weight; feedback)."""
    extra = {"category": category} if category else {}
    return QuestionFactory(
        kind=Question.Kind.NUMERICAL,
        choices=[],
        numerical_answers=_stream("number", [{**NUMBER, **n} for n in numbers]),
        **extra,
        **kwargs,
    )


def matching_question(
    category=None, *, pairs=(("1", "один"), ("2", "два"), ("3", "три")), **kwargs
):
    extra = {"category": category} if category else {}
    return QuestionFactory(
        kind=Question.Kind.MATCHING,
        choices=[],
        pairs=_stream("pair", [{"prompt": p, "match": m} for p, m in pairs]),
        **extra,
        **kwargs,
    )


def ordering_question(category=None, *, steps=("Первый", "Второй", "Третий"), **kwargs):
    extra = {"category": category} if category else {}
    return QuestionFactory(
        kind=Question.Kind.ORDERING,
        choices=[],
        sequence=_stream("step", list(steps)),
        **extra,
        **kwargs,
    )


class QuizFactory(PageFactory):
    """A quiz under `parent` (a course). Pass questions=[...] for fixed questions and
    draw=[(category, count), ...] for random ones."""

    class Meta:
        model = QuizPage

    title = factory.Sequence(lambda n: f"Итоговый тест {n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    pass_mark = 70
    shuffle_questions = False
    shuffle_choices = False

    @classmethod
    def _create(
        cls, model_class, *args, parent, live=True, questions=(), draw=(), **kwargs
    ):
        page = model_class(*args, **kwargs)
        for order, question in enumerate(questions):
            page.question_links.add(QuizQuestion(question=question, sort_order=order))
        for order, (category, count) in enumerate(draw):
            page.draw_rules.add(
                QuizDrawRule(category=category, count=count, sort_order=order)
            )
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        page.refresh_from_db()
        return page


class AssignmentPageFactory(PageFactory):
    class Meta:
        model = AssignmentPage

    title = factory.Sequence(lambda n: f"Задание {n}")
    slug = factory.Sequence(lambda n: f"assignment-{n}")
    instructions = "<p>Напишите черновик заявки на грант.</p>"
    rubric = factory.LazyFunction(
        lambda: _stream(
            "criterion",
            [
                {
                    "title": "Проблема описана",
                    "description": "",
                    "levels": [
                        {"label": "Нет", "points": 0, "description": ""},
                        {"label": "Частично", "points": 1, "description": ""},
                        {"label": "Полностью", "points": 2, "description": ""},
                    ],
                },
                {
                    "title": "Бюджет обоснован",
                    "description": "",
                    "levels": [
                        {"label": "Нет", "points": 0, "description": ""},
                        {"label": "Да", "points": 3, "description": ""},
                    ],
                },
            ],
        )
    )
