"""Fixtures and helpers of the quiz tests (no tests here; the test_quiz_* modules import
what they use). A course with one lesson and a quiz of one question of every kind."""

from __future__ import annotations

import uuid

import pytest

from assessments import grading
from assessments.models import AttemptQuestion, QuizAttempt
from assessments.selectors.quizzes import field_name
from assessments.services import quizzes as quiz_services
from courses import services as course_services
from tests.factories import (
    CourseFactory,
    LessonFactory,
    QuestionCategoryFactory,
    QuestionFactory,
    QuizFactory,
    matching_question,
    multiple_question,
    ordering_question,
    short_question,
    true_false_question,
)
from tests.factories.assessments import _stream

FEEDBACK_RIGHT = "Отзыв о правильном ответе"
FEEDBACK_WRONG = "Отзыв о неправильном ответе"
EXPLANATION = "Пояснение, почему ответ такой"
ACCEPTED = "секретныйответ"
ORDERING_STEPS = ("Оценить", "Позвать", "Помочь", "Передать")


def every_kind(category) -> list:
    """One question of each kind, with feedback and explanations to leak if anything
    leaked."""
    single = QuestionFactory(
        category=category,
        explanation=EXPLANATION + " 1",
        choices=_stream(
            "choice",
            [
                {"text": "Первая помощь", "correct": True, "feedback": FEEDBACK_RIGHT},
                {
                    "text": "Ничего не делать",
                    "correct": False,
                    "feedback": FEEDBACK_WRONG,
                },
            ],
        ),
    )
    return [
        single,
        multiple_question(category, explanation=EXPLANATION + " 2"),
        true_false_question(category, answer=False, explanation=EXPLANATION + " 3"),
        short_question(category, accepted=(ACCEPTED,), explanation=EXPLANATION + " 4"),
        matching_question(
            category,
            pairs=(("Хоспис", "паллиатив"), ("ЧС", "спасение"), ("Дом", "пожилые")),
            explanation=EXPLANATION + " 5",
        ),
        ordering_question(
            category,
            steps=ORDERING_STEPS,
            explanation=EXPLANATION + " 6",
        ),
    ]


@pytest.fixture
def course(program_page):
    return CourseFactory(parent=program_page, slug="first-aid")


@pytest.fixture
def lesson(course):
    lesson = LessonFactory(parent=course)
    course.refresh_from_db()
    return lesson


@pytest.fixture
def category(db):
    return QuestionCategoryFactory()


@pytest.fixture
def questions(category):
    return every_kind(category)


@pytest.fixture
def quiz(course, lesson, questions):
    quiz = QuizFactory(
        parent=course, questions=questions, questions_per_page=3, slug="final-quiz"
    )
    course.refresh_from_db()
    return quiz


@pytest.fixture
def enrolment(learner, course):
    return course_services.enrolment_create(learner=learner, course=course)


@pytest.fixture
def attempt(learner, quiz, enrolment):
    return quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)


def rows_of(attempt: QuizAttempt) -> list[AttemptQuestion]:
    return list(attempt.questions.order_by("position"))


def right_response(key: dict):
    """The cleaned response that earns every point of a question."""
    kind = key["kind"]
    if kind == grading.SINGLE:
        return key["correct"][0]
    if kind == grading.MULTIPLE:
        return list(key["correct"])
    if kind == grading.TRUE_FALSE:
        return key["correct"]
    if kind == grading.SHORT:
        return key["accepted"][0]
    if kind == grading.NUMERICAL:
        full = next(a for a in key["answers"] if a["weight"] == "100")
        return full["min"].replace(".", ",")  # as typed in Kazakh or Russian
    if kind == grading.MATCHING:
        return {pair: pair for pair in key["pairs"]}
    if kind == grading.ORDERING:
        return {step: n for n, step in enumerate(key["order"], start=1)}
    raise AssertionError(kind)


def wrong_response(key: dict):
    kind = key["kind"]
    if kind in (grading.SINGLE, grading.MULTIPLE):
        wrong = [o for o in key["options"] if o not in key["correct"]]
        return wrong[0] if kind == grading.SINGLE else wrong
    if kind == grading.TRUE_FALSE:
        return "true" if key["correct"] == "false" else "false"
    if kind == grading.SHORT:
        return "не то"
    if kind == grading.NUMERICAL:
        return str(max(float(a["max"]) for a in key["answers"]) + 1000)
    if kind == grading.MATCHING:
        pairs = key["pairs"]
        return {pair: pairs[(i + 1) % len(pairs)] for i, pair in enumerate(pairs)}
    if kind == grading.ORDERING:
        order = key["order"]
        return {step: len(order) - i for i, step in enumerate(order)}
    raise AssertionError(kind)


def form_fields(row: AttemptQuestion, response) -> dict:
    """The POST fields a browser sends for `response` to one question."""
    kind = row.key["kind"]
    if kind in (grading.SINGLE, grading.TRUE_FALSE, grading.SHORT, grading.NUMERICAL):
        return {field_name(row.pk): response}
    if kind == grading.MULTIPLE:
        return {field_name(row.pk): list(response)}
    if kind == grading.MATCHING:
        return {
            field_name(row.pk, i): response[pair]
            for i, pair in enumerate(row.key["pairs"])
        }
    if kind == grading.ORDERING:
        return {
            field_name(row.pk, j): str(response[step])
            for j, step in enumerate(row.option_order)
        }
    raise AssertionError(kind)


def page_post(attempt: QuizAttempt, page: int, *, right=True, action="save") -> dict:
    """The form of one attempt page with every question answered (right or wrong)."""
    data = {"page": str(page), "action": action}
    for row in attempt.questions.filter(page=page):
        response = right_response(row.key) if right else wrong_response(row.key)
        data.update(form_fields(row, response))
    return data


def responses_for(attempt: QuizAttempt, page: int, *, right=True) -> dict:
    return {
        row.pk: right_response(row.key) if right else wrong_response(row.key)
        for row in attempt.questions.filter(page=page)
    }


def answer_everything(attempt: QuizAttempt, *, right=True, now=None) -> None:
    pages = sorted(set(attempt.questions.values_list("page", flat=True)))
    for page in pages:
        quiz_services.quiz_attempt_answers_save(
            attempt=attempt,
            responses=responses_for(attempt, page, right=right),
            page=page,
            now=now,
        )


def attempt_url(quiz, attempt, page=None) -> str:
    url = f"{quiz.url}attempt/{attempt.pk}/"
    return f"{url}?page={page}" if page else url


def submit_url(quiz, attempt) -> str:
    return f"{quiz.url}attempt/{attempt.pk}/submit/"


def result_url(quiz, attempt) -> str:
    return f"{quiz.url}attempt/{attempt.pk}/result/"


def random_id() -> str:
    return str(uuid.uuid4())
