"""The data migration lms 0003: the translations made by copying (Kazakh pages and
questions) brought under wagtail-localize, and every page's old-format lists in the
block format."""

import importlib
import json

import pytest
from django.apps import apps
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from assessments.importers import ChoiceData, QuestionData
from assessments.services.bank import question_translation_create
from courses.models import LessonPage
from tests.factories import LessonFactory, course_with_lessons, single_question
from tests.factories.courses import translate_tree

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "lms.migrations.0003_translations_under_wagtail_localize"
)

OLD_LIST = json.dumps(
    [{"type": "key_points", "value": {"title": "Главное", "items": ["Раз", "Два"]}}]
)


def test_the_migration_links_every_copied_translation(program_page, locales):
    course, lessons = course_with_lessons(program_page, 2)
    course.refresh_from_db()
    kk_course, kk_lessons = translate_tree(course, lessons, locales["kk"])
    question = single_question(right="Верно", wrong=("Неверно",))
    kk_question = question_translation_create(
        source=question,
        locale=locales["kk"],
        data=QuestionData(
            kind="single",
            text="Сұрақ?",
            explanation="Түсініктеме.",
            choices=[ChoiceData("Дұрыс", correct=True), ChoiceData("Бұрыс")],
        ),
    )
    untranslated = LessonFactory(parent=course, body=OLD_LIST)

    migration.link(apps, None)

    kazakh = [
        *Page.objects.filter(locale=locales["kk"]).specific(),
        kk_question,
        kk_question.category,
    ]
    # Home, catalog, program, course, two lessons; the question and its category.
    assert len(kazakh) == 8
    for target in kazakh:
        translation = Translation.objects.get(
            source__object_id=target.translation_key, target_locale=locales["kk"]
        )
        total, translated = translation.get_progress()
        assert total == translated > 0, target
    items = LessonPage.objects.get(pk=untranslated.pk).body.raw_data[0]["value"]
    assert [item["type"] for item in items["items"]] == ["item", "item"]
    # Nothing else: the lesson without a translation has no snapshot.
    assert not TranslationSource.objects.filter(
        object_id=untranslated.translation_key
    ).exists()


def test_the_migration_does_nothing_without_a_translation(program_page):
    course_with_lessons(program_page, 1)

    migration.link(apps, None)

    assert not TranslationSource.objects.exists()
