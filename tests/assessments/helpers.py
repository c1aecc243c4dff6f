"""Helpers of the assessments tests: what a learner sends to a quiz or an assignment,
and quiz attempts built straight with the ORM for the results tests. The fixtures are
in conftest.py."""

from __future__ import annotations

import datetime
import pathlib
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import grading
from assessments.models import AttemptQuestion, QuizAttempt, Submission
from assessments.selectors.quizzes import field_name
from assessments.services import quizzes as quiz_services
from tests.factories import (
    QuestionFactory,
    matching_question,
    multiple_question,
    ordering_question,
    short_question,
    true_false_question,
)
from tests.factories.assessments import _stream

# Quizzes: a quiz of one question of every kind, and the answers to it
# ------------------------------------------------------------------------------

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


def quiz_edit(quiz, **fields):
    """Change the quiz's `fields` as an editor does: a new published revision."""
    for name, value in fields.items():
        setattr(quiz, name, value)
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    return quiz


def attempt_url(quiz, attempt, page=None) -> str:
    url = f"{quiz.url}attempt/{attempt.pk}/"
    return f"{url}?page={page}" if page else url


def submit_url(quiz, attempt) -> str:
    return f"{quiz.url}attempt/{attempt.pk}/submit/"


def result_url(quiz, attempt) -> str:
    return f"{quiz.url}attempt/{attempt.pk}/result/"


# Assignments
# ------------------------------------------------------------------------------


def upload(name="zayavka.pdf", size=1000, content_type="application/pdf"):
    """A file of `size` bytes that begins as a PDF does (core.uploads checks that)."""
    head = b"%PDF-1.4\n"
    return SimpleUploadedFile(name, head + b"x" * (size - len(head)), content_type)


def assignment_submit_url(assignment) -> str:
    return f"{assignment.url}submit/"


def review_url(submission) -> str:
    return f"/ru/manage/reviews/{submission.pk}/"


def criterion_ids(assignment) -> list[str]:
    return [block.id for block in assignment.rubric]


def scores_all_top(assignment) -> dict[str, int]:
    """The highest level of every criterion."""
    return {block.id: len(block.value["levels"]) - 1 for block in assignment.rubric}


def review_data(assignment, decision, feedback="", scores=None) -> dict:
    scores = scores_all_top(assignment) if scores is None else scores
    data = {f"criterion_{key}": str(index) for key, index in scores.items()}
    data.update({"decision": decision, "feedback": feedback})
    return data


def stored_files(storage) -> list[str]:
    """Every file under the private storage's root."""
    root = pathlib.Path(storage.location)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def submissions_of(learner, assignment):
    return list(
        Submission.objects.filter(
            learner=learner, assignment_key=assignment.translation_key
        ).order_by("version")
    )


# Results: attempts with given scores, independent of the attempt services
# ------------------------------------------------------------------------------

CENT = Decimal("0.01")
# In the project's time zone (settings.TIME_ZONE), which the CSV export writes in.
START = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))


def make_attempt(
    *,
    learner,
    quiz,
    questions,
    scores,
    number: int = 1,
    submitted: bool = True,
    minutes: int = 10,
    started_at: datetime.datetime | None = None,
    language: str = "ru",
    closed_by: str = QuizAttempt.ClosedBy.LEARNER,
) -> QuizAttempt:
    """An attempt of `learner` at `quiz` whose question i is `questions[i]` (worth its
    points) scored `scores[i]`; submitted `minutes` after it started unless
    `submitted` is False (then it is open and ungraded)."""
    started_at = started_at or START + datetime.timedelta(hours=number)
    maxima = [Decimal(question.points) for question in questions]
    values = [Decimal(str(score)) for score in scores]
    total, total_max = sum(values, Decimal(0)), sum(maxima, Decimal(0))
    percent = (100 * total / total_max).quantize(CENT, rounding=ROUND_HALF_UP)
    attempt = QuizAttempt.objects.create(
        learner=learner,
        quiz_key=quiz.translation_key,
        number=number,
        status=QuizAttempt.Status.SUBMITTED if submitted else QuizAttempt.Status.OPEN,
        language=language,
        started_at=started_at,
        submitted_at=started_at + datetime.timedelta(minutes=minutes)
        if submitted
        else None,
        closed_by=closed_by if submitted else "",
        score=total if submitted else None,
        max_score=total_max,
        percent=percent if submitted else None,
        passed=percent >= quiz.pass_mark if submitted else None,
        pass_mark=quiz.pass_mark,
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            position=position,
            page=1,
            question=question,
            question_key=question.translation_key,
            key={},
            response=None,
            score=value if submitted else None,
            max_score=maximum,
        )
        for position, (question, value, maximum) in enumerate(
            zip(questions, values, maxima, strict=True), start=1
        )
    )
    return attempt
