"""A page not yet translated into the reader's language (core.page_urls, core.routing):
served at that language's address with the interface in that language, its content in
Russian (marked lang="ru") under a note; every link to it from a Kazakh page stays in
Kazakh; never a 404, never a switch of the whole site to Russian."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation

from core.page_urls import page_url_in, page_urls_own
from courses.models import Enrolment, ItemProgress
from lms.middleware import AdminPageUrlsMiddleware
from lms.pagecache import HEADER
from tests.courses.helpers import page_text, progress_text
from tests.factories import ProgramFactory, course_with_lessons
from tests.factories.courses import translate_tree

pytestmark = pytest.mark.django_db

NOTE = "This page is not yet translated into this language. It is shown in the original language."
KK_PROGRAM = "/kk/catalog/qauipti-aimaqtar/"
# The Russian course "emergencies" under the Kazakh program's address.
KK_COURSE = f"{KK_PROGRAM}emergencies/"
RU_COURSE = "/ru/catalog/risk-zones/emergencies/"


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def tree(program_page, locales):
    """ru: home > catalog > program "risk-zones" > courses "intro" (2 lessons) and
    "emergencies" (3 lessons). kk: home > catalog > program (its own slug) > intro
    and its lessons; "emergencies" exists in Russian only."""
    intro, intro_lessons = course_with_lessons(
        program_page, 2, slug="intro", title="Введение"
    )
    course, lessons = course_with_lessons(
        program_page, 3, slug="emergencies", title="Чрезвычайные ситуации"
    )
    kk_intro, kk_intro_lessons = translate_tree(intro, intro_lessons, locales["kk"])
    kk_program = kk_intro.get_parent().specific
    kk_program.slug = "qauipti-aimaqtar"
    kk_program.title = "Төтенше аймақтар"
    kk_program.save_revision().publish()
    kk_intro.refresh_from_db()
    return {
        "program": program_page,
        "course": course,
        "lessons": lessons,
        "kk_program": kk_program,
        "kk_intro": kk_intro,
        "kk_intro_lessons": kk_intro_lessons,
    }


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def link_to(soup: BeautifulSoup, title: str) -> str:
    (link,) = [a for a in soup.select("main a") if a.get_text(strip=True) == title]
    return link["href"]


# Served at the language's address
# ------------------------------------------------------------------------------


def test_untranslated_course_is_served_at_the_kazakh_address_in_a_kazakh_shell(
    client, tree
):
    response = client.get(KK_COURSE)

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.html["lang"] == "kk"
    assert soup.select_one(".skip-link").get_text(strip=True) == gettext_in(
        "kk", "Skip to content"
    )
    note = soup.select_one("main .language-note")
    assert note.get_text(strip=True) == gettext_in("kk", NOTE)
    assert note.find_parent(attrs={"lang": "ru"}) is None
    content = soup.select_one("main [lang=ru]")
    assert content.h1.get_text(strip=True) == tree["course"].title
    assert soup.select_one("main h1").find_parent(attrs={"lang": "ru"}) is content


def test_translated_and_russian_pages_carry_no_note(client, tree):
    for url in (tree["kk_intro"].url, RU_COURSE):
        soup = soup_of(client.get(url))
        assert soup.select_one(".language-note") is None, url
        assert soup.select_one("main [lang=ru]") is None, url


def test_the_kazakh_address_keeps_the_path_of_the_nearest_translated_ancestor(tree):
    course, lessons = tree["course"], tree["lessons"]

    assert page_url_in(course, "kk") == KK_COURSE
    assert page_url_in(lessons[0], "kk") == f"{KK_COURSE}{lessons[0].slug}/"
    assert page_url_in(course, "ru") == course.url == RU_COURSE
    # No English tree at all: the path below the home page, under /en/.
    assert page_url_in(course, "en") == "/en/catalog/risk-zones/emergencies/"
    # Translated: the translation's address.
    assert page_url_in(tree["program"], "kk") == KK_PROGRAM
    assert page_url_in(tree["kk_program"], "ru") == "/ru/catalog/risk-zones/"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize(
    "path",
    [
        "nowhere/",
        "catalog/nowhere/",
        "catalog/risk-zones/nowhere/",
        "catalog/qauipti-aimaqtar/nowhere/",
        "catalog/qauipti-aimaqtar/emergencies/nowhere/",
        "catalog/risk-zones/emergencies/lesson-x/done/",
    ],
)
def test_a_path_that_leads_nowhere_is_404_in_every_language(
    client, tree, language, path
):
    assert client.get(f"/{language}/{path}").status_code == 404


def test_the_kazakh_address_of_the_russian_tree_is_404_in_russian(client, tree):
    assert client.get("/ru/catalog/qauipti-aimaqtar/").status_code == 404
    assert client.get(f"/ru{KK_COURSE[3:]}").status_code == 404


# Links from Kazakh pages stay in Kazakh
# ------------------------------------------------------------------------------


def test_kazakh_program_links_to_its_untranslated_course_at_the_kazakh_address(
    client, tree
):
    soup = soup_of(client.get(KK_PROGRAM))

    assert link_to(soup, tree["course"].title) == KK_COURSE
    assert link_to(soup, tree["kk_intro"].title) == tree["kk_intro"].url


def test_kazakh_catalogue_links_an_untranslated_program_at_the_kazakh_address(
    client, tree, catalog_page
):
    ProgramFactory(parent=catalog_page, slug="onboarding", title="Онбординг")

    soup = soup_of(client.get("/kk/catalog/"))

    assert link_to(soup, "Онбординг") == "/kk/catalog/onboarding/"
    assert link_to(soup, tree["kk_program"].title) == KK_PROGRAM
    assert client.get("/kk/catalog/onboarding/").status_code == 200


def test_untranslated_lesson_links_stay_in_kazakh(learner_client, learner, tree):
    course, lessons = tree["course"], tree["lessons"]
    learner_client.post(f"{KK_COURSE}enrol/")

    response = learner_client.get(f"{KK_COURSE}{lessons[0].slug}/")

    assert response.status_code == 200
    soup = soup_of(response)
    crumbs = [
        (a.get_text(strip=True), a["href"], a.get("lang"))
        for a in soup.select("nav.breadcrumbs a")
    ]
    kk_home = tree["kk_program"].get_parent().get_parent()
    assert crumbs == [
        (kk_home.title, "/kk/", None),
        (tree["kk_program"].get_parent().title, "/kk/catalog/", None),
        (tree["kk_program"].title, KK_PROGRAM, None),
        (course.title, KK_COURSE, "ru"),
    ]
    outline = [a["href"] for a in soup.select(".outline a")]
    assert outline and all(href.startswith(KK_COURSE) for href in outline)
    assert soup.select_one("a[rel=next]")["href"] == f"{KK_COURSE}{lessons[1].slug}/"
    hrefs = [a["href"] for a in soup.select("main a[href^='/']")]
    assert not [href for href in hrefs if href.startswith("/ru/")]


def test_my_learning_in_kazakh_links_the_untranslated_course_at_the_kazakh_address(
    learner_client, tree
):
    learner_client.post(f"{KK_COURSE}enrol/")

    soup = soup_of(learner_client.get("/kk/my/"))

    assert link_to(soup, tree["course"].title) == KK_COURSE


def test_language_switcher_on_the_kazakh_address_links_to_the_same_page(client, tree):
    soup = soup_of(client.get(KK_COURSE))

    targets = {a["hreflang"]: a["href"] for a in soup.select("nav.language-switcher a")}

    assert targets == {"ru": RU_COURSE, "en": "/en/catalog/risk-zones/emergencies/"}
    english = client.get(targets["en"])
    assert english.status_code == 200
    assert soup_of(english).html["lang"] == "en"
    assert soup_of(english).select_one(".language-note") is not None


def test_language_switcher_on_a_russian_page_links_to_its_kazakh_address(client, tree):
    soup = soup_of(client.get(RU_COURSE))

    link = soup.select_one("nav.language-switcher a[hreflang=kk]")

    assert link["href"] == KK_COURSE


# Learning on the Kazakh address is the same learning
# ------------------------------------------------------------------------------


def test_progress_made_on_the_kazakh_address_counts_for_the_course_in_both_languages(
    learner_client, learner, tree, locales
):
    course, lessons = tree["course"], tree["lessons"]

    enrolled = learner_client.post(f"{KK_COURSE}enrol/")
    done = learner_client.post(f"{KK_COURSE}{lessons[0].slug}/done/")

    assert enrolled.url == f"{KK_COURSE}{lessons[0].slug}/"
    assert done.url == f"{KK_COURSE}{lessons[1].slug}/"
    enrolment = Enrolment.objects.get(learner=learner)
    assert enrolment.course_key == course.translation_key
    assert list(ItemProgress.objects.values_list("item_key", flat=True)) == [
        lessons[0].translation_key
    ]
    assert progress_text(1, 3, "ru") in page_text(learner_client.get(RU_COURSE))
    assert progress_text(1, 3, "kk") in page_text(learner_client.get(KK_COURSE))
    # Translated later: the Kazakh course shows the same progress.
    kk_course, _kk_lessons = translate_tree(course, lessons, locales["kk"])
    assert progress_text(1, 3, "kk") in page_text(learner_client.get(kk_course.url))


def test_finishing_the_course_on_the_kazakh_address_completes_it(
    learner_client, learner, tree
):
    lessons = tree["lessons"]
    learner_client.post(f"{KK_COURSE}enrol/")
    for lesson in lessons:
        response = learner_client.post(f"{KK_COURSE}{lesson.slug}/done/")

    assert response.url == KK_COURSE
    assert Enrolment.objects.get(learner=learner).status == Enrolment.Status.COMPLETED


# The anonymous page cache and the editors' admin
# ------------------------------------------------------------------------------


def test_the_kazakh_address_is_cached_apart_from_the_russian_one(tree):
    first, second = Client().get(KK_COURSE), Client().get(KK_COURSE)
    russian = Client().get(RU_COURSE)

    assert (first[HEADER], second[HEADER], russian[HEADER]) == ("miss", "hit", "miss")
    assert second.content == first.content
    assert soup_of(second).select_one(".language-note") is not None
    assert soup_of(russian).select_one(".language-note") is None


def test_publishing_the_translation_replaces_the_cached_fallback(tree, locales):
    assert Client().get(KK_COURSE)[HEADER] == "miss"
    translate_tree(tree["course"], tree["lessons"], locales["kk"])

    response = Client().get(KK_COURSE)

    assert response.status_code == 200
    assert response[HEADER] == "miss"
    assert soup_of(response).select_one(".language-note") is None


def test_the_editors_admin_links_pages_to_their_own_address(tree):
    course = tree["course"]
    middleware = AdminPageUrlsMiddleware(lambda request: HttpResponse(course.url))
    factory = RequestFactory()

    with translation.override("en"):
        admin = middleware(factory.get("/admin/pages/"))
        site = middleware(factory.get("/en/catalog/"))
        with page_urls_own():
            own = course.url

    assert admin.content.decode() == own == RU_COURSE
    assert site.content.decode() == "/en/catalog/risk-zones/emergencies/"


def test_a_translation_keeps_its_own_address_in_any_language(tree):
    kk_intro = tree["kk_intro"]

    with translation.override("ru"):
        assert kk_intro.url == "/kk/catalog/qauipti-aimaqtar/intro/"
