"""The demo loader's Kazakh translation files (courses.demo.loader.translations_load)."""

import pytest

from core.demo import DemoDataError
from courses.demo.loader import curriculum_load, translations_load
from courses.models import CoursePage, LessonPage, ProgramPage

pytestmark = pytest.mark.django_db


def _course(slug: str, title: str, lesson_title: str) -> dict:
    return {
        "slug": slug,
        "title": title,
        "summary": f"{title}.",
        "description": f"<p>{title}.</p>",
        "hours": 1,
        "lessons": [
            {
                "slug": "first",
                "title": lesson_title,
                "minutes": 10,
                "body": [{"text": f"<p>{lesson_title}.</p>"}],
            }
        ],
    }


@pytest.fixture
def kk_catalog(catalog_page, locales):
    """The catalog (and the home page) in Kazakh, as catalogs_load leaves them."""
    catalog_page.copy_for_translation(locales["kk"], copy_parents=True)
    return catalog_page


@pytest.fixture
def curriculum(kk_catalog):
    """A program of one file and a course added to it by a second (`extends:`)."""
    program = {
        "slug": "zones",
        "title": "Программа",
        "summary": "Программа.",
        "audience": "Все.",
        "description": "<p>Программа.</p>",
    }
    curriculum_load(
        catalog=kk_catalog,
        sources=[
            (
                "10-zones.yaml",
                {"program": program, "courses": [_course("rights", "Права", "Урок")]},
            ),
            (
                "11-zones-more.yaml",
                {
                    "extends": "zones",
                    "courses": [_course("safety", "Безопасность", "Урок")],
                },
            ),
        ],
        say=lambda _text: None,
    )


def test_a_translation_file_that_extends_a_program_loads_though_its_name_sorts_first(
    curriculum, locales
):
    kk = locales["kk"]
    translations = [
        # Named as the demo's: "10-zones-safety.kk.yaml" sorts before "10-zones.kk.yaml".
        (
            "10-zones-safety.kk.yaml",
            {
                "extends": "zones",
                "courses": [_course("safety", "Қауіпсіздік", "Сабақ")],
            },
        ),
        (
            "10-zones.kk.yaml",
            {
                "program": {
                    "slug": "zones",
                    "title": "Бағдарлама",
                    "summary": "Бағдарлама.",
                    "description": "<p>Бағдарлама.</p>",
                },
                "courses": [_course("rights", "Құқықтар", "Сабақ")],
            },
        ),
    ]

    translations_load(translations=translations, say=lambda _text: None)

    program_kk = ProgramPage.objects.live().get(locale=kk, slug="zones")
    assert program_kk.title == "Бағдарлама"
    courses = CoursePage.objects.live().child_of(program_kk).filter(locale=kk)
    assert {c.slug: c.title for c in courses} == {
        "rights": "Құқықтар",
        "safety": "Қауіпсіздік",
    }
    safety_ru = CoursePage.objects.get(locale__language_code="ru", slug="safety")
    safety_kk = courses.get(slug="safety")
    assert safety_kk.translation_key == safety_ru.translation_key
    assert [
        lesson.title for lesson in LessonPage.objects.live().child_of(safety_kk)
    ] == ["Сабақ"]


def test_a_translation_file_that_extends_an_untranslated_program_is_refused_by_name(
    curriculum,
):
    translations = [
        (
            "10-zones-safety.kk.yaml",
            {
                "extends": "zones",
                "courses": [_course("safety", "Қауіпсіздік", "Сабақ")],
            },
        ),
    ]

    with pytest.raises(DemoDataError, match="10-zones-safety.kk.yaml.*zones"):
        translations_load(translations=translations, say=lambda _text: None)
