"""The demo loader's Kazakh translations (courses/demo/loader.py, translations_load): a
file that only adds translated courses (`extends:`) may come before the file that
translates their program, and the Kazakh courses keep the Russian order."""

import pytest

from courses.demo.loader import curriculum_load, translations_load
from courses.models import CoursePage, LessonPage, ProgramPage
from tests.factories.courses import translate

pytestmark = pytest.mark.django_db


def course_spec(slug: str, title: str) -> dict:
    return {
        "slug": slug,
        "title": title,
        "summary": f"{title}: кратко.",
        "description": f"<p>{title}.</p>",
        "hours": 1,
        "lessons": [
            {
                "slug": f"{slug}-{n}",
                "title": f"{title}, урок {n}",
                "minutes": 5,
                "body": [{"text": f"<p>{title}, урок {n}.</p>"}],
            }
            for n in (1, 2, 3)
        ],
    }


def course_kk(slug: str, title: str) -> dict:
    spec = course_spec(slug, title)
    for lesson in spec["lessons"]:
        del lesson["minutes"]
    del spec["hours"]
    return spec


PROGRAM = {
    "slug": "zones",
    "title": "Зоны риска",
    "summary": "Программа.",
    "audience": "Волонтеры.",
    "description": "<p>Программа.</p>",
}
SOURCES = [
    (
        "10-zones.yaml",
        {
            "program": PROGRAM,
            "courses": [
                course_spec("rights", "Права"),
                course_spec("safety", "Безопасность"),
                course_spec("palliative", "Паллиатив"),
            ],
        },
    ),
]
# As sorted by name: the extending file comes before the one with the program.
TRANSLATIONS = [
    (
        "10-zones-palliative.kk.yaml",
        {"extends": "zones", "courses": [course_kk("palliative", "Паллиатив kk")]},
    ),
    (
        "10-zones.kk.yaml",
        {
            "program": {**PROGRAM, "title": "Тәуекел аймақтары"},
            "courses": [course_kk("rights", "Құқықтар")],
        },
    ),
]


@pytest.fixture
def russian_curriculum(home_page, catalog_page, locales):
    """The Russian program and courses, and the Kazakh home and catalog above them."""
    curriculum_load(catalog=catalog_page, sources=SOURCES, say=lambda _text: None)
    translate(home_page, locales["kk"])
    translate(catalog_page, locales["kk"])
    return locales


def test_a_file_that_extends_a_program_loads_before_the_file_translating_the_program(
    russian_curriculum,
):
    kk = russian_curriculum["kk"]

    translations_load(translations=TRANSLATIONS, say=lambda _text: None)

    program = ProgramPage.objects.get(locale=kk, slug="zones")
    assert program.title == "Тәуекел аймақтары"
    course = CoursePage.objects.live().get(locale=kk, slug="palliative")
    assert course.get_parent().pk == program.pk
    assert course.title == "Паллиатив kk"
    source = CoursePage.objects.get(locale=russian_curriculum["ru"], slug="palliative")
    assert course.translation_key == source.translation_key
    assert [
        (lesson.slug, lesson.title)
        for lesson in LessonPage.objects.live().child_of(course)
    ] == [(f"palliative-{n}", f"Паллиатив kk, урок {n}") for n in (1, 2, 3)]


def test_kazakh_courses_keep_the_russian_order_whatever_file_holds_them(
    russian_curriculum,
):
    kk = russian_curriculum["kk"]

    translations_load(translations=TRANSLATIONS, say=lambda _text: None)

    program = ProgramPage.objects.get(locale=kk, slug="zones")
    assert [page.slug for page in CoursePage.objects.child_of(program)] == [
        "rights",
        "palliative",
    ]


def test_a_second_run_of_the_translations_changes_nothing(russian_curriculum):
    translations_load(translations=TRANSLATIONS, say=lambda _text: None)
    said = []

    translations_load(translations=TRANSLATIONS, say=said.append)

    assert said == []
    assert CoursePage.objects.filter(locale=russian_curriculum["kk"]).count() == 2
