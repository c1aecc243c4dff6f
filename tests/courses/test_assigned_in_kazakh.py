"""Assigned learning (onboarding) on Kazakh pages: the program and its courses by
their Kazakh titles where translated; a course not translated keeps its Russian title,
marked as Russian."""

import pytest
from bs4 import BeautifulSoup

from courses import services
from tests.factories import ProgramFactory, course_with_lessons
from tests.factories.courses import translate_tree

pytestmark = pytest.mark.django_db

KAZAKH_PROGRAM = "Фронт-офис қызметкерінің бейімделуі"
KAZAKH_COURSE = "Фронт-офистің миссиясы және серіктестері"


@pytest.fixture
def onboarding(catalog_page, locales, learner):
    program = ProgramFactory(
        parent=catalog_page, slug="onboarding", title="Введение в должность"
    )
    first, first_lessons = course_with_lessons(
        program, 1, slug="mission", title="Миссия и партнеры фронт-офиса"
    )
    second, _ = course_with_lessons(
        program, 1, slug="indicators", title="Качественные индикаторы работы РФО"
    )
    kk_first, _ = translate_tree(first, first_lessons, locales["kk"])
    kk_first.title = KAZAKH_COURSE
    kk_first.save_revision().publish()
    kk_program = program.get_translation(locales["kk"]).specific
    kk_program.title = KAZAKH_PROGRAM
    kk_program.save_revision().publish()
    services.assignment_create(learner=learner, target=program, due_date=None)
    return program, first, second


def _titles(response) -> dict[str, str | None]:
    page = BeautifulSoup(response.content, "html.parser")
    section = page.find(id="assigned-heading").parent
    return {a.get_text(strip=True): a.get("lang") for a in section.select("h3 a")}


def test_assigned_onboarding_on_kazakh_pages_has_the_kazakh_titles(
    learner_client, onboarding
):
    _program, _first, second = onboarding

    titles = _titles(learner_client.get("/kk/my/"))

    assert titles == {KAZAKH_PROGRAM: None, KAZAKH_COURSE: None, second.title: "ru"}


def test_the_same_assignment_on_russian_pages_has_the_russian_titles(
    learner_client, onboarding
):
    program, first, second = onboarding

    titles = _titles(learner_client.get("/ru/my/"))

    assert titles == {program.title: None, first.title: None, second.title: None}
