"""Builds the demo quizzes and assignments (content/quizzes, content/assignments; see
README.md for their format) into the demo courses, and lets a demo learner pass a quiz.

Called by lms.demo after the courses exist; idempotent like it: a quiz or an
assignment already under its course is left alone.
"""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from pathlib import Path

from wagtail.models import Locale, Page

from core.demo import DemoDataError, Say
from courses.models import CoursePage

from ..importers import ChoiceData, NumberData, QuestionData
from ..models import AssignmentPage, QuizPage, QuizQuestion
from ..services.bank import (
    category_get_or_create,
    question_create,
    question_translation_create,
)
from .schema import load_and_check

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def _question_data(spec: dict, source: dict | None = None) -> QuestionData:
    """A question of a demo file as QuestionData; a translation takes everything but
    its texts from the Russian question (`source`)."""
    base = source or spec
    kind = base["kind"]
    choices = []
    for i, choice in enumerate(spec.get("choices") or []):
        correct = (base["choices"][i] if source else choice).get("correct", False)
        choices.append(
            ChoiceData(
                text=choice["text"],
                correct=bool(correct),
                feedback=choice.get("feedback") or "",
            )
        )
    numbers = []
    for i, answer in enumerate(spec.get("numbers") or []):
        value = base["numbers"][i] if source else answer

        def number(name: str, value=value) -> Decimal | None:
            return Decimal(str(value[name])) if name in value else None

        numbers.append(
            NumberData(
                number=number("number"),
                tolerance=number("tolerance"),
                minimum=number("min"),
                maximum=number("max"),
                weight=Decimal(str(value.get("weight", 100))),
                feedback=answer.get("feedback") or "",
            )
        )
    return QuestionData(
        kind=kind,
        text=spec["text"].strip(),
        explanation=(spec.get("explanation") or "").strip(),
        points=base.get("points", 1),
        partial=bool(base.get("partial", False)),
        choices=choices,
        answer_true=base.get("answer") if kind == "true_false" else None,
        accepted=[str(a) for a in spec.get("accepted") or []],
        pairs=[(p[0], p[1]) for p in spec.get("pairs") or []],
        steps=list(spec.get("steps") or []),
        numbers=numbers,
    )


def read_files() -> tuple[list[dict], dict[str, dict], list[dict]]:
    """(Russian quizzes, Kazakh quizzes by course slug, assignments), all checked first."""
    quizzes, translations, assignments, problems = [], {}, [], []
    for path in sorted((CONTENT_DIR / "quizzes").glob("*.yaml")):
        data, errors = load_and_check(path)
        problems += errors
        if data is None:
            continue
        if path.name.endswith(".kk.yaml"):
            translations[data["course"]] = data
        else:
            quizzes.append(data)
    for path in sorted((CONTENT_DIR / "assignments").glob("*.yaml")):
        data, errors = load_and_check(path)
        problems += errors
        if data is not None:
            assignments.append(data)
    if problems:
        raise DemoDataError("Demo assessments are not valid:\n" + "\n".join(problems))
    return quizzes, translations, assignments


def _course(slug: str, locale: Locale) -> CoursePage:
    course = CoursePage.objects.filter(locale=locale, slug=slug).first()
    if course is None:
        raise DemoDataError(f"no demo course {slug!r} for a quiz")
    return course


def quiz_build(data: dict, say: Say) -> QuizPage | None:
    """The quiz of one file, with its questions in a category of the bank."""
    ru = Locale.objects.get(language_code="ru")
    course = _course(data["course"], ru)
    spec = data["quiz"]
    existing = QuizPage.objects.child_of(course).filter(slug=spec["slug"]).first()
    if existing is not None:
        return None
    category = category_get_or_create(name=data["category"], locale=ru)
    questions = [
        question_create(category=category, data=_question_data(q))
        for q in data["questions"]
    ]
    quiz = QuizPage(
        title=spec["title"],
        slug=spec["slug"],
        intro=spec["intro"],
        estimated_minutes=spec["minutes"],
        pass_mark=spec["pass_mark"],
        attempts_allowed=spec["attempts"],
        cooldown_minutes=spec.get("cooldown_minutes", 0),
        time_limit_minutes=spec.get("time_limit_minutes"),
        questions_per_page=spec["questions_per_page"],
        review=spec["review"],
        review_when=spec["review_when"],
    )
    draw = spec.get("draw", 0)
    if draw:
        from ..models import QuizDrawRule

        quiz.draw_rules.add(QuizDrawRule(category=category, count=draw, sort_order=0))
    else:
        for order, question in enumerate(questions):
            quiz.question_links.add(QuizQuestion(question=question, sort_order=order))
    course.add_child(instance=quiz)
    quiz.save_revision().publish()
    say(f"quiz {course.slug}/{quiz.slug} ({len(questions)} questions)")
    return quiz


def quiz_translate(source_data: dict, data: dict, code: str, say) -> None:
    """The Kazakh quiz page and question translations of a quiz file."""
    ru = Locale.objects.get(language_code="ru")
    locale = Locale.objects.get(language_code=code)
    course_ru = _course(data["course"], ru)
    quiz_ru = QuizPage.objects.child_of(course_ru).get(slug=source_data["quiz"]["slug"])
    if QuizPage.objects.filter(
        locale=locale, translation_key=quiz_ru.translation_key
    ).exists():
        return
    if not CoursePage.objects.filter(
        locale=locale, translation_key=course_ru.translation_key
    ).exists():
        raise DemoDataError(f"{data['course']}: no {code} course to translate into")
    sources = [link.question for link in quiz_ru.question_links.all()]
    for source, spec, source_spec in zip(
        sources, data["questions"], source_data["questions"], strict=True
    ):
        question_translation_create(
            source=source,
            locale=locale,
            data=_question_data(spec, source_spec),
            category_name=data["category"],
        )
    quiz = quiz_ru.copy_for_translation(locale).specific
    quiz.title = data["quiz"]["title"]
    quiz.intro = data["quiz"]["intro"]
    quiz.save_revision().publish()
    say(f"quiz {data['course']}/{quiz.slug} ({code})")


def _rubric(criteria: list[dict]) -> str:
    return json.dumps(
        [
            {
                "type": "criterion",
                "id": str(uuid.uuid4()),
                "value": {
                    "title": c["title"],
                    "description": c.get("description", ""),
                    "levels": [
                        {
                            "label": level["label"],
                            "points": level["points"],
                            "description": level.get("description", ""),
                        }
                        for level in c["levels"]
                    ],
                },
            }
            for c in criteria
        ],
        ensure_ascii=False,
    )


def assignment_build(data: dict, say) -> AssignmentPage | None:
    ru = Locale.objects.get(language_code="ru")
    course = _course(data["course"], ru)
    spec = data["assignment"]
    if AssignmentPage.objects.child_of(course).filter(slug=spec["slug"]).exists():
        return None
    page = AssignmentPage(
        title=spec["title"],
        slug=spec["slug"],
        instructions=spec["instructions"],
        estimated_minutes=spec["minutes"],
        rubric=_rubric(spec["rubric"]),
        text_answer=spec["text_answer"],
        allowed_extensions=spec.get("allowed_extensions", ""),
        max_file_mb=spec["max_file_mb"],
        max_files=spec["max_files"],
    )
    before = (
        Page.objects.child_of(course).filter(slug=data["before"]).first()
        if data.get("before")
        else None
    )
    if before is not None:
        before.add_sibling(pos="left", instance=page)
    else:
        course.add_child(instance=page)
    page.save_revision().publish()
    say(f"assignment {course.slug}/{page.slug}")
    return page


def assessments_demo_load(*, say: Say) -> None:
    """Every demo quiz (and its translations) and assignment, built once."""
    quizzes, translations, assignments = read_files()
    by_course = {}
    for data in quizzes:
        quiz_build(data, say)
        by_course[data["course"]] = data
    for course_slug, data in translations.items():
        if course_slug not in by_course:
            raise DemoDataError(f"{course_slug}.kk.yaml has no Russian quiz file")
        quiz_translate(by_course[course_slug], data, "kk", say)
    for data in assignments:
        assignment_build(data, say)


def _right_answer(key: dict):
    kind = key["kind"]
    if kind in ("single",):
        return key["correct"][0]
    if kind in ("multiple", "true_false"):
        return key["correct"]
    if kind == "short":
        return key["accepted"][0]
    if kind == "numerical":
        return next(a["min"] for a in key["answers"] if Decimal(a["weight"]) >= 100)
    if kind == "matching":
        return {pair: pair for pair in key["pairs"]}
    if kind == "ordering":
        return {step: position for position, step in enumerate(key["order"], 1)}
    return None


def quiz_pass_demo(*, learner, quiz: QuizPage, wrong: int = 1) -> None:
    """A demo learner takes a quiz through the services, answering all but `wrong`
    questions right (so the result page has something to explain)."""
    from ..services.quizzes import (
        quiz_attempt_answers_save,
        quiz_attempt_start,
        quiz_attempt_submit,
    )

    attempt = quiz_attempt_start(learner=learner, quiz=quiz)
    questions = list(attempt.questions.order_by("position"))
    for page in sorted({q.page for q in questions}):
        responses = {
            q.pk: _right_answer(q.key)
            for q in questions
            if q.page == page and q.position > wrong
        }
        quiz_attempt_answers_save(attempt=attempt, responses=responses, page=page)
    quiz_attempt_submit(attempt=attempt, closed_by="learner")
