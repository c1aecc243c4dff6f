"""Assessments in Chromium against a live server: a learner takes a timed quiz (with
and without JavaScript), and a leader's assignment is reviewed by a mentor of their
region. (The browser fixtures and `t` are in conftest.py.)
"""

import re
from dataclasses import dataclass

import pytest
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from assessments.models import AttemptQuestion, QuizAttempt, Submission
from courses.models import Enrolment
from courses.services import enrolment_create, item_complete
from people.models import Organization
from people.roles import Role
from tests.e2e.conftest import LANGUAGE, session_start, t
from tests.factories import (
    AssignmentPageFactory,
    CourseFactory,
    LessonFactory,
    QuizFactory,
    UserFactory,
    multiple_question,
    short_question,
    single_question,
    staff_member,
    true_false_question,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's


def completed_on(enrolment: Enrolment) -> str:
    """ "Completed on <date>" as the course page shows it."""
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    with translation.override(LANGUAGE):
        date = formats.date_format(
            timezone.localtime(enrolment.completed_at), "DATE_FORMAT"
        )
    return t("Completed on %(date)s", date=date)


def number(value) -> str:
    """A score as the templates show it (floatformat:"-2" in Russian)."""
    with translation.override(LANGUAGE):
        return floatformat(value, "-2")


# Quiz
# ------------------------------------------------------------------------------


@dataclass
class QuizWorld:
    course: object
    quiz: object
    questions: list
    learner: object
    enrolment: Enrolment


@pytest.fixture
def quiz_world(program_page):
    """A course of a done lesson and a 20-minute quiz of four questions, two a page,
    and a learner enrolled in it."""
    course = CourseFactory(parent=program_page, title="Первая помощь", slug="aid")
    lesson = LessonFactory(parent=course, title="До приезда скорой")
    questions = [
        single_question(
            text="По какому номеру вызывать пожарных?", right="101", wrong=("103",)
        ),
        multiple_question(
            text="Что положить в аптечку волонтёра?",
            right=("Бинт", "Перчатки"),
            wrong=("Зажигалку", "Снотворное"),
        ),
        short_question(
            text="Кто помогает безвозмездно? Одно слово.", accepted=("волонтёр",)
        ),
        true_false_question(
            text="Человеку без сознания можно дать воды.", answer=False
        ),
    ]
    quiz = QuizFactory(
        parent=course,
        title="Итоговый тест",
        slug="final-quiz",
        questions=questions,
        questions_per_page=2,
        time_limit_minutes=20,
        pass_mark=70,
    )
    course.refresh_from_db()
    learner = UserFactory(full_name="Данияр Ахметов")
    enrolment = enrolment_create(learner=learner, course=course)
    item_complete(enrolment=enrolment, item=lesson)
    return QuizWorld(course, quiz, questions, learner, enrolment)


def question_box(page, question):
    return page.locator("fieldset.quiz-question", has_text=question.text)


def choice_id(question, text: str) -> str:
    return next(b.id for b in question.choices if b.value["text"] == text)


def saved_response(world: QuizWorld, question):
    return AttemptQuestion.objects.get(
        attempt__learner=world.learner, question=question
    ).response


def test_learner_takes_a_timed_quiz_page_by_page_and_passes_it(
    live_server, quiz_world, context_new
):
    world, base = quiz_world, live_server.url
    single, multiple, short, true_false = world.questions
    context = context_new()
    session_start(context, world.learner, live_server)
    page = context.new_page()

    page.goto(base + world.quiz.url)
    expect(page.locator("h1")).to_have_text(world.quiz.title)
    page.get_by_role("button", name=t("Start the quiz"), exact=True).click()

    # Page 1 of 2, with a countdown from 20 minutes.
    expect(page.locator("h1")).to_have_text(
        t("Page %(number)s of %(total)s", number=1, total=2)
    )
    expect(page.locator("[data-quiz-countdown]")).to_be_visible()
    expect(page.locator("[data-quiz-clock]")).to_have_text(
        re.compile(r"^(20:00|19:[0-5]\d)$")
    )

    # Answers are saved as they change, without pressing a button.
    form = page.locator("[data-quiz-form]")
    saved_text = form.get_attribute("data-text-saved")
    assert saved_text == t("Answers saved.")
    status = page.locator("[data-quiz-status]")
    question_box(page, single).get_by_label("103", exact=True).check()
    question_box(page, multiple).get_by_label("Бинт", exact=True).check()
    question_box(page, multiple).get_by_label("Перчатки", exact=True).check()
    expect(status).to_have_text(saved_text)

    right = choice_id(single, "101")
    with page.expect_response(
        lambda r: r.request.method == "POST" and right in (r.request.post_data or "")
    ) as autosave:
        question_box(page, single).get_by_label("101", exact=True).check()
    assert autosave.value.ok
    expect(status).to_have_text(saved_text)
    assert saved_response(world, single) == right
    assert saved_response(world, multiple) == [
        choice_id(multiple, "Бинт"),
        choice_id(multiple, "Перчатки"),
    ]

    page.get_by_role("button", name=t("Next"), exact=True).click()
    expect(page.locator("h1")).to_have_text(
        t("Page %(number)s of %(total)s", number=2, total=2)
    )
    # The summary before Finish counts this page's answers as they are given.
    summary = page.locator("[data-quiz-summary]")
    expect(summary).to_have_text(
        t("Not answered yet: %(count)s of %(total)s questions.", count=2, total=4)
    )
    expect(page.locator("[data-quiz-summary-saved]")).to_be_hidden()
    question_box(page, short).get_by_role("textbox").fill("волонтёр")
    expect(summary).to_have_text(
        t("Not answered yet: %(count)s of %(total)s questions.", count=1, total=4)
    )
    expect(page.locator("[data-quiz-answered]")).to_have_text(
        t("%(answered)s of %(total)s answered", answered=3, total=4)
    )
    question_box(page, true_false).get_by_label(t("False"), exact=True).check()
    expect(summary).to_have_text(t("Every question is answered."))
    expect(page.locator(".quiz-nav__item.is-answered")).to_have_count(4)
    expect(status).to_have_text(saved_text)
    page.get_by_role("button", name=t("Finish and submit"), exact=True).click()

    # The result: passed with every point, and the course is completed.
    expect(page.locator("h1")).to_have_text(t("Your result"))
    attempt = QuizAttempt.objects.get(learner=world.learner)
    assert (attempt.status, attempt.passed) == (QuizAttempt.Status.SUBMITTED, True)
    assert attempt.score == attempt.max_score == 4
    expect(page.locator(".quiz-score__verdict")).to_have_text(t("Passed"))
    expect(page.locator(".quiz-score__figure")).to_have_text(
        t(
            "%(score)s of %(max)s points (%(percent)s%%)",
            score=number(attempt.score),
            max=number(attempt.max_score),
            percent=number(attempt.percent),
        )
    )

    page.get_by_role("link", name=t("Back to the course"), exact=True).click()
    expect(page).to_have_url(base + world.course.url)
    expect(page.locator(".enrol-box .status--done")).to_have_text(
        completed_on(world.enrolment)
    )


def test_quiz_works_without_javascript(live_server, quiz_world, context_new):
    world, base = quiz_world, live_server.url
    single, multiple, short, true_false = world.questions
    context = context_new(java_script_enabled=False)
    session_start(context, world.learner, live_server)
    page = context.new_page()

    page.goto(base + world.quiz.url)
    page.get_by_role("button", name=t("Start the quiz"), exact=True).click()
    expect(page.locator("h1")).to_have_text(
        t("Page %(number)s of %(total)s", number=1, total=2)
    )
    expect(page.locator("[data-quiz-countdown]")).to_be_hidden()

    # Save keeps the answers: they are there after a reload.
    question_box(page, single).get_by_label("101", exact=True).check()
    question_box(page, multiple).get_by_label("Бинт", exact=True).check()
    question_box(page, multiple).get_by_label("Перчатки", exact=True).check()
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator(".messages")).to_contain_text(t("Your answers are saved."))
    page.reload()
    expect(question_box(page, single).get_by_label("101", exact=True)).to_be_checked()
    expect(
        question_box(page, multiple).get_by_label("Бинт", exact=True)
    ).to_be_checked()
    expect(
        question_box(page, multiple).get_by_label("Перчатки", exact=True)
    ).to_be_checked()

    page.get_by_role("button", name=t("Next"), exact=True).click()
    expect(page.locator("h1")).to_have_text(
        t("Page %(number)s of %(total)s", number=2, total=2)
    )
    # Without JavaScript the summary speaks of the saved other pages only.
    expect(page.locator("[data-quiz-summary]")).to_be_hidden()
    expect(page.locator("[data-quiz-summary-saved]")).to_have_text(
        t("Every question on the other pages is answered.")
    )
    question_box(page, short).get_by_role("textbox").fill("волонтёр")
    question_box(page, true_false).get_by_label(t("False"), exact=True).check()
    page.get_by_role("button", name=t("Finish and submit"), exact=True).click()

    expect(page.locator("h1")).to_have_text(t("Your result"))
    expect(page.locator(".quiz-score__verdict")).to_have_text(t("Passed"))
    attempt = QuizAttempt.objects.get(learner=world.learner)
    assert (attempt.passed, attempt.score) == (True, 4)


# Assignment
# ------------------------------------------------------------------------------


@dataclass
class AssignmentWorld:
    course: object
    assignment: object
    leader: object
    enrolment: Enrolment
    mentor: object


@pytest.fixture
def assignment_world(program_page, region, regional_office):
    """A course of a done lesson and an assignment with a two-criterion rubric; a
    leader of `region` enrolled in it, and a mentor of that region."""
    course = CourseFactory(parent=program_page, title="Заявка на грант", slug="grant")
    lesson = LessonFactory(parent=course, title="Как устроен грантовый конкурс")
    assignment = AssignmentPageFactory(
        parent=course,
        title="Черновик заявки на грант",
        slug="grant-draft",
        allowed_extensions="pdf,docx",
        max_file_mb=1,
        max_files=2,
    )
    course.refresh_from_db()
    leader = UserFactory(
        region=region,
        full_name="Айгерим Сапарова",
        organization_kind=Organization.Kind.VOLUNTEER_NGO,
    )
    enrolment = enrolment_create(learner=leader, course=course)
    item_complete(enrolment=enrolment, item=lesson)
    mentor = staff_member(
        Role.MENTOR, organization=regional_office, full_name="Ерлан Мусин"
    )
    return AssignmentWorld(course, assignment, leader, enrolment, mentor)


def level_of(assignment, criterion: str, index: int) -> dict:
    """A level of a rubric criterion, as the editor wrote it."""
    block = next(b for b in assignment.rubric if b.value["title"] == criterion)
    return block.value["levels"][index]


def level_label(label: str, points: int) -> str:
    """A rubric level's radio button label in the review form."""
    with translation.override(LANGUAGE):
        text = translation.ngettext(
            "%(label)s — %(points)d point", "%(label)s — %(points)d points", points
        )
    return text % {"label": label, "points": points}


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FILE_NAME = "заявка.pdf"
ANSWER = "Проект: горячие обеды для пожилых людей Шымкента."
FEEDBACK = "Хорошо описана проблема, бюджет обоснован."


def test_leader_submits_an_assignment_and_a_mentor_accepts_it(
    live_server, assignment_world, context_new
):
    world, base = assignment_world, live_server.url

    # The leader submits a text and a file.
    leader_context = context_new()
    session_start(leader_context, world.leader, live_server)
    leader = leader_context.new_page()
    leader.goto(base + world.assignment.url)
    expect(leader.locator("h1")).to_have_text(world.assignment.title)
    leader.get_by_label(t("Your answer")).fill(ANSWER)
    leader.locator("input[type=file][name=files]").set_input_files(
        {"name": FILE_NAME, "mimeType": "application/pdf", "buffer": PDF}
    )
    leader.get_by_role("button", name=t("Submit for review"), exact=True).click()
    expect(leader).to_have_url(base + world.assignment.url)
    expect(leader.locator(".assignment__status")).to_contain_text(t("Awaiting review."))
    submission = Submission.objects.get(learner=world.leader)
    assert submission.status == Submission.Status.SUBMITTED

    # A mentor of the region logs in and finds it among the reviews.
    mentor_context = context_new()
    mentor = mentor_context.new_page()
    mentor.goto(f"{base}/ru/accounts/login/")
    login = mentor.locator("form", has=mentor.locator("input[name=login]"))
    login.locator("input[name=login]").fill(world.mentor.email)
    login.locator("input[name=password]").fill(PASSWORD)
    login.locator("button[type=submit]").click()
    navigation = mentor.get_by_role("navigation", name=t("Main"))
    navigation.get_by_role("link", name=t("Reviews"), exact=True).click()
    expect(mentor.locator("h1")).to_have_text(t("Assignments to review"))
    row = mentor.locator("table.review-queue tbody tr", has_text=world.assignment.title)
    row.get_by_role("link", name=world.leader.full_name, exact=True).click()
    expect(mentor.locator("h1")).to_have_text(world.assignment.title)
    expect(mentor.locator(".submission__text")).to_have_text(ANSWER)

    # The file downloads under the name it was sent with.
    with mentor.expect_download() as download_info:
        mentor.get_by_role("link", name=FILE_NAME, exact=True).click()
    download = download_info.value
    assert download.suggested_filename == FILE_NAME
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF

    # A level for each criterion, feedback, Accept.
    review = mentor.locator("form.review__form")
    for criterion, level in (("Проблема описана", 2), ("Бюджет обоснован", 1)):
        level = level_of(world.assignment, criterion, level)
        review.get_by_role("group", name=criterion).get_by_label(
            level_label(level["label"], level["points"]), exact=True
        ).check()
    review.get_by_label(t("Feedback to the learner")).fill(FEEDBACK)
    review.get_by_role("button", name=t("Accept"), exact=True).click()
    expect(mentor.locator("h1")).to_have_text(t("Assignments to review"))
    expect(mentor.locator(".messages")).to_contain_text(t("The work is accepted."))
    submission.refresh_from_db()
    assert (submission.status, submission.score) == (Submission.Status.ACCEPTED, 5)

    # Back to the leader: accepted, with the feedback, and the course completed.
    leader.reload()
    expect(leader.locator(".assignment__status")).to_contain_text(
        t("This assignment is done.")
    )
    expect(leader.locator(".submission__feedback")).to_have_text(FEEDBACK)
    expect(leader.locator(".submission")).to_contain_text(
        t("%(score)s of %(total)s points", score="5", total="5")
    )
    leader.goto(base + world.course.url)
    expect(leader.locator(".enrol-box .status--done")).to_have_text(
        completed_on(world.enrolment)
    )
