"""The demo loader's Kazakh translations: a course translated in a file whose program
another file translates, or none does."""

import pytest

from courses.demo.loader import translations_load
from courses.models import CoursePage, LessonPage, ProgramPage
from tests.factories import CourseFactory, LessonFactory, ProgramFactory
from tests.factories.courses import translate

pytestmark = pytest.mark.django_db

KK_COURSE = {
    "slug": "rfo-indicators",
    "title": "Өңірлік фронт-офис жұмысының сапалық көрсеткіштері",
    "summary": "Төрт сапалық көрсеткіш.",
    "description": "<p>Курс туралы.</p>",
    "lessons": [
        {
            "slug": "indicators-evidence",
            "title": "Жұмысты рейтингсіз қалай көрсетуге болады",
            "body": [{"heading": "Мәні бар көрсеткіштер"}],
        }
    ],
}
KK_PROGRAM = {
    "slug": "rfo-onboarding",
    "title": "Өңірлік фронт-офис қызметкерін лауазымға енгізу",
    "summary": "Жаңа қызметкерлерге арналған.",
    "description": "<p>Бағдарлама туралы.</p>",
}


@pytest.fixture
def program(catalog_page, locales):
    """The Russian program, a course with a lesson in it, and the Kazakh catalog."""
    translate(catalog_page.get_parent().specific, locales["kk"])
    translate(catalog_page, locales["kk"])
    program = ProgramFactory(
        parent=catalog_page, slug="rfo-onboarding", title="Введение в должность"
    )
    course = CourseFactory(parent=program, slug="rfo-indicators")
    LessonFactory(parent=course, slug="indicators-evidence")
    return program


def _kk(page, locales):
    return type(page).objects.get(
        locale=locales["kk"], translation_key=page.translation_key
    )


def test_course_whose_program_no_file_translates_gets_a_kazakh_program_with_russian_texts(
    program, locales
):
    said = []

    translations_load(
        translations=[
            (
                "30-extends.kk.yaml",
                {"extends": "rfo-onboarding", "courses": [KK_COURSE]},
            )
        ],
        say=said.append,
    )

    kk_program = _kk(program, locales)
    assert kk_program.live
    assert (kk_program.title, kk_program.summary) == (program.title, program.summary)
    kk_course = CoursePage.objects.get(locale=locales["kk"], slug="rfo-indicators")
    assert kk_course.live
    assert kk_course.get_parent().pk == kk_program.pk
    assert kk_course.title == KK_COURSE["title"]
    lesson = LessonPage.objects.child_of(kk_course).get()
    assert lesson.title == "Жұмысты рейтингсіз қалай көрсетуге болады"
    assert "program rfo-onboarding (kk, Russian texts)" in said


def test_program_texts_of_a_later_file_win_over_a_course_file_read_first(
    program, locales
):
    translations_load(
        translations=[
            (
                "30-a-extends.kk.yaml",
                {"extends": "rfo-onboarding", "courses": [KK_COURSE]},
            ),
            ("30-b.kk.yaml", {"program": KK_PROGRAM, "courses": []}),
        ],
        say=lambda _text: None,
    )

    kk_program = _kk(program, locales)
    assert kk_program.title == KK_PROGRAM["title"]
    assert kk_program.audience == program.audience
    assert ProgramPage.objects.filter(locale=locales["kk"]).count() == 1
    kk_course = CoursePage.objects.get(locale=locales["kk"], slug="rfo-indicators")
    assert kk_course.get_parent().pk == kk_program.pk
