"""The editors' translation workflow through wagtail-localize: a Kazakh course made,
edited and published from its translation editor; and a Kazakh translation made by
copying (as the demo's are) brought under it (core.translations.translation_link):
its strings show as translated in the editor, and publishing from the editor keeps
its Kazakh text. Learning on the Kazakh pages counts for the course whatever the
language."""

import json
from urllib.parse import urlencode

import pytest
from django.utils.html import strip_tags
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from core.translations import translation_link
from courses import services
from courses.models import CoursePage, Enrolment, ItemProgress, LessonPage
from tests.factories import UserFactory, course_with_lessons
from tests.factories.courses import translate, translate_tree

pytestmark = pytest.mark.django_db

KK_TITLE = "Еріктілердің құқықтары"


def ru_body(items=("Первый пункт", "Второй пункт", "Третий пункт")) -> str:
    """A lesson body of every kind of block with strings; the list in the old
    format (plain strings, as the demo loader wrote them)."""
    return json.dumps(
        [
            {"type": "heading", "value": {"text": "Права волонтёра", "level": "h2"}},
            {
                "type": "text",
                "value": "<p>Первый <b>абзац</b>.</p><p>Второй абзац.</p>",
            },
            {
                "type": "callout",
                "value": {
                    "kind": "safety",
                    "title": "Осторожно",
                    "text": "<p>Работайте в паре.</p>",
                },
            },
            {
                "type": "key_points",
                "value": {"title": "Главное", "items": list(items)},
            },
            {
                "type": "case",
                "value": {
                    "title": "Случай",
                    "situation": "<p>Ситуация.</p>",
                    "question": "Что делать?",
                    "answer": "<p>Позвонить координатору.</p>",
                },
            },
        ],
        ensure_ascii=False,
    )


def kk_body(items=("Бірінші", "Екінші", "Үшінші"), extra_block=False) -> str:
    blocks = [
        {"type": "heading", "value": {"text": "Волонтердің құқықтары", "level": "h2"}},
        {
            "type": "text",
            "value": "<p>Бірінші <b>абзац</b>.</p><p>Екінші абзац.</p>",
        },
        {
            "type": "callout",
            "value": {
                "kind": "safety",
                "title": "Абайлаңыз",
                "text": "<p>Жұппен жұмыс істеңіз.</p>",
            },
        },
        {"type": "key_points", "value": {"title": "Басты", "items": list(items)}},
        {
            "type": "case",
            "value": {
                "title": "Жағдай",
                "situation": "<p>Жағдаят.</p>",
                "question": "Не істеу керек?",
                "answer": "<p>Үйлестірушіге қоңырау шалу.</p>",
            },
        },
    ]
    if extra_block:
        blocks.insert(1, {"type": "text", "value": "<p>Қосымша абзац.</p>"})
    return json.dumps(blocks, ensure_ascii=False)


def body_texts(page) -> list[str]:
    """Every text of a lesson's body, in order, without markup or ids."""
    texts = []

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key not in ("id", "type", "kind", "level"):
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)
        elif isinstance(value, str):
            texts.append(" ".join(strip_tags(value).split()))

    walk(page.body.stream_block.get_prep_value(page.body))
    return texts


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def copied(program_page, locales):
    """A Russian course with a lesson, and its Kazakh translation made by copying
    and rewriting the texts (as the demo loader does), published."""
    course, (lesson,) = course_with_lessons(program_page, 1)
    lesson.body = ru_body()
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    course.refresh_from_db()
    kk_course, _none = translate_tree(course, [], locales["kk"])
    kk_course.title = KK_TITLE
    kk_course.save_revision().publish()
    kk_lesson = translate(lesson, locales["kk"])
    kk_lesson.title = "Бірінші сабақ"
    kk_lesson.body = kk_body()
    kk_lesson.save_revision().publish()
    kk_lesson.refresh_from_db()
    return course, lesson, kk_course, kk_lesson


def publish_from_editor(client, page, capture):
    """What the translation editor's Publish button posts."""
    with capture(execute=True):
        response = client.post(f"/admin/pages/{page.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302, response.content[:500]
    return type(page).objects.get(pk=page.pk)


def test_editor_creates_edits_and_publishes_a_kazakh_course_with_wagtail_localize(
    superuser_client, program_page, locales, django_capture_on_commit_callbacks
):
    course, _lessons = course_with_lessons(program_page, 2)

    response = superuser_client.post(
        f"/admin/localize/submit/page/{course.pk}/",
        {"locales": [locales["kk"].pk], "include_subtree": "on"},
    )

    assert response.status_code == 302
    kk_course = CoursePage.objects.get(
        locale=locales["kk"], translation_key=course.translation_key
    )
    assert LessonPage.objects.filter(locale=locales["kk"]).count() == 2
    # A draft until it is translated and published (not a Kazakh address in Russian).
    assert not kk_course.live
    translation = Translation.objects.get(
        source__object_id=course.translation_key, target_locale=locales["kk"]
    )
    title = StringSegment.objects.get(source=translation.source, context__path="title")

    edited = superuser_client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{title.pk}/edit/",
        urlencode({"value": KK_TITLE}),
        content_type="application/x-www-form-urlencoded",
    )
    assert edited.status_code == 201, edited.content
    kk_course = publish_from_editor(
        superuser_client, kk_course, django_capture_on_commit_callbacks
    )

    assert kk_course.live
    assert kk_course.title == KK_TITLE
    assert kk_course.summary == course.summary  # not translated yet: the source's


def test_linking_a_copied_translation_pairs_every_string(copied, locales):
    _course, lesson, _kk_course, kk_lesson = copied

    link = translation_link(source=lesson, target=kk_lesson)

    assert link.linked
    assert (link.paired, link.left) == (15, 0)
    translation = Translation.objects.get(
        source__object_id=lesson.translation_key, target_locale=locales["kk"]
    )
    assert translation.enabled
    total, translated = translation.get_progress()
    assert total == translated == 15
    kazakh = set(
        StringTranslation.objects.filter(locale=locales["kk"]).values_list(
            "data", flat=True
        )
    )
    assert {"Волонтердің құқықтары", "Бірінші <b>абзац</b>.", "Үшінші"} <= kazakh


def test_translation_editor_shows_the_kazakh_strings_and_publishing_keeps_them(
    superuser_client, copied, django_capture_on_commit_callbacks
):
    _course, lesson, _kk_course, kk_lesson = copied
    before = body_texts(kk_lesson)
    translation_link(source=lesson, target=kk_lesson)

    response = superuser_client.get(f"/admin/pages/{kk_lesson.pk}/edit/")

    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [
        t.name for t in response.templates
    ]
    props = json.loads(response.context["props"])
    shown = {t["segment_id"]: t["data"] for t in props["initialStringTranslations"]}
    strings = [s for s in props["segments"] if s["type"] == "string"]
    assert len(strings) == 15
    assert all(s["id"] in shown for s in strings)  # none left untranslated
    assert "Волонтердің құқықтары" in shown.values()

    published = publish_from_editor(
        superuser_client, kk_lesson, django_capture_on_commit_callbacks
    )

    assert published.title == "Бірінші сабақ"
    assert body_texts(published) == before
    assert "Бірінші" in body_texts(published)


def test_a_block_whose_structure_differs_is_left_untranslated_and_counted(
    program_page, locales
):
    course, (lesson,) = course_with_lessons(program_page, 1)
    lesson.body = ru_body()
    lesson.save_revision().publish()
    course.refresh_from_db()
    translate_tree(course, [], locales["kk"])
    kk_lesson = translate(lesson, locales["kk"])
    # Four list items where the source has three, and a paragraph it does not have.
    kk_lesson.body = kk_body(items=("1", "2", "3", "4"), extra_block=True)
    kk_lesson.save_revision().publish()

    link = translation_link(source=lesson, target=kk_lesson)

    # The key points (title and three items) stay untranslated; the blocks after the
    # inserted paragraph are still paired.
    assert (link.paired, link.left) == (11, 4)
    assert StringTranslation.objects.filter(data="Жағдай").exists()
    assert not StringTranslation.objects.filter(data="Басты").exists()


def test_linking_twice_changes_nothing(copied):
    _course, lesson, _kk_course, kk_lesson = copied
    translation_link(source=lesson, target=kk_lesson)
    counts = (Translation.objects.count(), StringTranslation.objects.count())

    again = translation_link(source=lesson, target=kk_lesson)

    assert not again.linked
    assert (Translation.objects.count(), StringTranslation.objects.count()) == counts


def test_learning_on_a_kazakh_page_published_from_the_editor_counts_for_the_course(
    superuser_client,
    client,
    learner,
    copied,
    django_capture_on_commit_callbacks,
):
    course, lesson, kk_course, kk_lesson = copied
    translation_link(source=course, target=kk_course)
    translation_link(source=lesson, target=kk_lesson)
    kk_lesson = publish_from_editor(
        superuser_client, kk_lesson, django_capture_on_commit_callbacks
    )
    enrolment = services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)

    response = client.post(f"{kk_lesson.url}done/")

    assert response.status_code == 302
    assert Enrolment.objects.get(learner=learner) == enrolment
    assert list(
        ItemProgress.objects.filter(enrolment=enrolment).values_list(
            "item_key", flat=True
        )
    ) == [lesson.translation_key]
