"""Out-of-date translations (core.translations.staleness): when the Russian source of
a Kazakh page or question changes after it was translated, editors see it flagged in
the page listing, the editor and the report "Out-of-date translations" (lms.
translations); learners reading the Kazakh page see a discreet note linking the
current Russian page, at no query on a warm page. Syncing and publishing the
translation clears all of it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail_localize.models import Translation, TranslationSource

from assessments.importers import ChoiceData, QuestionData
from assessments.services.bank import question_translation_create
from core.page_urls import page_url_in
from core.pagecache import content_version_bump
from core.translations import pages_out_of_date, translations_link_all
from core.translations import translations_out_of_date as out_of_date
from courses import services
from tests.factories import UserFactory, course_with_lessons, single_question
from tests.factories.courses import translate_tree

pytestmark = pytest.mark.django_db

REPORT = "/admin/translations/out-of-date/"
NOTE_MSGID = "This translation may be out of date."


def kazakh_course(program, lessons: int, locales):
    """A Russian course and its Kazakh translation made by copying, published
    earlier (an hour ago), then brought under wagtail-localize."""
    course, ru_lessons = course_with_lessons(program, lessons)
    course.refresh_from_db()
    kk_course, kk_lessons = translate_tree(course, ru_lessons, locales["kk"])
    translations_link_all()
    return course, ru_lessons, kk_course, kk_lessons


def publish_again(page):
    """The source edited and published a minute later."""
    page.title = page.title + " (изм.)"
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def tree(program_page, locales):
    return kazakh_course(program_page, 2, locales)


@pytest.fixture
def reader(tree, learner):
    """A client signed in as a learner enrolled in the course (lessons need it)."""
    from django.test import Client

    services.enrolment_create(learner=learner, course=tree[0])
    reader = Client()
    reader.force_login(learner)
    return reader


@pytest.fixture
def editor_client(client, editor):
    """An editor whose Wagtail admin speaks English (the tests read its texts)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    return client


def _kk(msgid: str) -> str:
    with translation.override("kk"):
        return gettext(msgid)


def note_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(".translation-note")


def test_a_translation_linked_after_its_source_is_up_to_date(tree, reader, client):
    _course, _lessons, kk_course, kk_lessons = tree

    assert out_of_date() == []
    response = reader.get(kk_lessons[0].url)
    assert response.status_code == 200
    assert note_of(response) is None
    assert note_of(client.get(kk_course.url)) is None


def test_publishing_the_source_flags_the_translation_in_the_report(tree, editor_client):
    _course, lessons, _kk_course, kk_lessons = tree
    publish_again(lessons[0])

    (row,) = out_of_date()
    assert (row.source.pk, row.target.pk, row.language) == (
        lessons[0].pk,
        kk_lessons[0].pk,
        "kk",
    )
    assert row.source_changed_at > row.taken_at
    response = editor_client.get(REPORT, {"language": "kk"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/admin/pages/{kk_lessons[0].pk}/edit/"' in html
    assert f'href="/admin/pages/{lessons[0].pk}/edit/"' in html
    assert kk_lessons[1].title not in html
    assert (
        "Every translation is up to date."
        in editor_client.get(REPORT, {"language": "en"}).content.decode()
    )


def test_the_page_listing_and_the_editor_flag_the_out_of_date_translation(
    tree, editor_client
):
    _course, lessons, kk_course, kk_lessons = tree
    publish_again(lessons[0])

    listing = BeautifulSoup(
        editor_client.get(f"/admin/pages/{kk_course.pk}/").content, "html.parser"
    )
    flags = listing.select("[data-translation-out-of-date]")
    assert [a["href"] for a in flags] == [f"/admin/pages/{kk_lessons[0].pk}/edit/"]
    source_listing = editor_client.get(f"/admin/pages/{lessons[0].get_parent().pk}/")
    assert b"data-translations-out-of-date" in source_listing.content

    # The Kazakh page opens in wagtail-localize's editor, with the warning.
    editor = editor_client.get(f"/admin/pages/{kk_lessons[0].pk}/edit/")
    assert editor.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [
        t.name for t in editor.templates
    ]
    assert "This translation is out of date" in editor.content.decode()
    assert (
        "This translation is out of date"
        not in editor_client.get(
            f"/admin/pages/{kk_lessons[1].pk}/edit/"
        ).content.decode()
    )


def test_a_learner_reading_an_out_of_date_translation_sees_a_note_to_the_source(
    tree, reader
):
    _course, lessons, _kk_course, kk_lessons = tree
    publish_again(lessons[0])

    note = note_of(reader.get(kk_lessons[0].url))

    assert note is not None
    assert _kk(NOTE_MSGID) in note.get_text()
    link = note.find("a")
    assert link["href"] == page_url_in(lessons[0], "ru")
    assert link["href"].startswith("/ru/")
    assert link["hreflang"] == "ru"
    assert note_of(reader.get(kk_lessons[1].url)) is None
    assert note_of(reader.get(page_url_in(lessons[0], "ru"))) is None  # the source


def test_a_visitor_sees_the_note_on_a_cached_public_page_once_its_source_changed(
    tree, client
):
    """The course page is public and kept whole for visitors (lms.pagecache): the
    note shows on the next request after the source's publish."""
    course, _lessons, kk_course, _kk_lessons = tree
    assert note_of(client.get(kk_course.url)) is None

    publish_again(course)

    note = note_of(client.get(kk_course.url))
    assert note is not None
    assert note.find("a")["href"] == page_url_in(course, "ru")


def test_syncing_and_publishing_the_translation_clears_every_flag(
    tree, editor_client, reader, django_capture_on_commit_callbacks
):
    _course, lessons, kk_course, kk_lessons = tree
    publish_again(lessons[0])
    source = TranslationSource.objects.get(object_id=lessons[0].translation_key)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
        )

    assert response.status_code == 302
    assert out_of_date() == []
    assert reader.get(kk_lessons[0].url).status_code == 200
    assert note_of(reader.get(kk_lessons[0].url)) is None
    listing = editor_client.get(f"/admin/pages/{kk_course.pk}/")
    assert b"data-translation-out-of-date" not in listing.content


def test_a_sync_not_yet_published_keeps_the_flag_until_the_translation_is(
    tree, editor_client, django_capture_on_commit_callbacks
):
    _course, lessons, _kk_course, kk_lessons = tree
    publish_again(lessons[0])
    source = TranslationSource.objects.get(object_id=lessons[0].translation_key)
    editor_client.post(f"/admin/localize/update/{source.pk}/", {})
    source.refresh_from_db()

    (row,) = out_of_date()
    assert row.taken_at == source.last_updated_at > row.translated_at

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            f"/admin/pages/{kk_lessons[0].pk}/edit/", {"action": "publish"}
        )
    assert out_of_date() == []


def test_a_question_changed_after_its_translation_is_out_of_date(
    locales, editor_client, django_capture_on_commit_callbacks
):
    question = single_question(text="Что делать?", right="Звонить", wrong=("Ждать",))
    question_translation_create(
        source=question,
        locale=locales["kk"],
        data=QuestionData(
            kind="single",
            text="Не істеу керек?",
            choices=[ChoiceData("Қоңырау", correct=True), ChoiceData("Күту")],
        ),
        category_name="Санат",
    )
    translations_link_all()
    assert out_of_date() == []

    question.text = "Что делать сначала?"
    question.updated_at = timezone.now() + datetime.timedelta(seconds=1)
    question.save()

    (row,) = out_of_date(language="kk")
    assert row.target.text == "Не істеу керек?"
    html = editor_client.get(REPORT).content.decode()
    assert "Не істеу керек?" in html
    source = TranslationSource.objects.get(object_id=question.translation_key)
    editor_client.post(
        f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
    )
    assert out_of_date() == []


def test_the_report_needs_the_right_to_submit_translations(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)

    response = client.get(REPORT)

    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert (response.status_code, response.url) == (302, "/admin/")
    assert REPORT.encode() not in client.get("/admin/").content


def test_the_report_is_in_the_reports_menu(editor_client):
    response = editor_client.get("/admin/")

    assert REPORT.encode() in response.content


def warm_queries(client, url: str) -> int:
    """Queries of a page with a warm memo (every request after the first)."""
    assert client.get(url).status_code == 200
    content_version_bump()
    assert client.get(url).status_code == 200  # cold
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_note_costs_no_query_on_a_warm_page_whatever_the_size(
    program_page, locales, client
):
    figures = {}
    for size in (3, 30):
        course, lessons, _kk_course, kk_lessons = kazakh_course(
            program_page, size, locales
        )
        learner = UserFactory()
        services.enrolment_create(learner=learner, course=course)
        client.force_login(learner)
        fresh, response = warm_queries(client, kk_lessons[1].url)
        assert note_of(response) is None
        for lesson in lessons:
            publish_again(lesson)
        assert len(pages_out_of_date().targets) >= size
        stale, response = warm_queries(client, kk_lessons[1].url)
        assert note_of(response) is not None
        figures[size] = (fresh, stale)

    print(f"\nkk lesson, warm (up to date, out of date): {figures}")  # noqa: T201
    assert figures[3] == figures[30]
    fresh, stale = figures[3]
    assert stale == fresh


def test_every_translation_in_the_demo_way_is_linked_once(tree):
    """Each Kazakh page of the tree (home, catalog, program, course, lessons) has one
    enabled Translation; a second run links nothing."""
    course, lessons, kk_course, kk_lessons = tree

    for page in (kk_course, *kk_lessons):
        assert (
            Translation.objects.filter(
                source__object_id=page.translation_key,
                target_locale=page.locale,
                enabled=True,
            ).count()
            == 1
        )
    assert not [link for link in translations_link_all() if link.linked]
