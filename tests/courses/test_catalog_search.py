"""The catalogue's search box: live programs and courses of the page's language, by
Wagtail search (PostgreSQL full text in production), without JavaScript."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from core.page_urls import page_url_in
from courses.models import CoursePage, ProgramPage
from tests.factories.courses import (
    CourseFactory,
    ProgramFactory,
    translate_tree,
)
from tests.services import database_vendor, missing

from .helpers import page_text

pytestmark = pytest.mark.django_db


def index_all() -> None:
    """The test settings do not update the index on save (AUTO_UPDATE off): index
    every program and course, as a publish does in production."""
    backend = get_search_backend()
    for model in (ProgramPage, CoursePage):
        for page in model.objects.all():
            backend.add(page)


@pytest.fixture
def palliative(program_page):
    return CourseFactory(
        parent=program_page,
        title="Паллиативная помощь",
        summary="Как поддержать тяжелобольного человека и его семью.",
        description="<p>Уход в хосписе, общение с родственниками.</p>",
    )


@pytest.fixture
def emergencies(program_page):
    return CourseFactory(
        parent=program_page,
        title="Чрезвычайные ситуации",
        summary="Первая помощь и действия при наводнениях.",
    )


def search(client, catalog, query: str, **params):
    """The catalogue's search at its own address (`page.url` follows the language
    the last request left active)."""
    url = page_url_in(catalog, catalog.locale.language_code)
    return client.get(url, {"q": query, **params})


def result_titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_search_finds_a_course_by_a_word_of_its_description(
    client, catalog_page, palliative, emergencies
):
    index_all()

    response = search(client, catalog_page, "хосписе")

    assert response.status_code == 200
    assert result_titles(response) == ["Паллиативная помощь"]
    assert f'href="{palliative.url}"' in response.content.decode()
    assert "1 результат" in page_text(response) or "1 result" in page_text(response)


def test_search_finds_programs_and_courses_by_title_and_summary(
    client, catalog_page, program_page, palliative, emergencies
):
    ProgramFactory(
        parent=catalog_page,
        title="Помощь пожилым",
        summary="Жара и одиночество: как поддержать соседей.",
    )
    index_all()

    assert result_titles(search(client, catalog_page, "наводнениях")) == [
        "Чрезвычайные ситуации"  # by its summary
    ]
    assert result_titles(search(client, catalog_page, "одиночество")) == [
        "Помощь пожилым"  # a program, by its summary
    ]
    assert result_titles(search(client, catalog_page, "пожилым")) == [
        "Помощь пожилым"  # by its title
    ]


def test_search_leaves_out_drafts_and_other_languages(
    client, catalog_page, program_page, palliative, locales
):
    CourseFactory(
        parent=program_page,
        title="Черновик курса",
        summary="Ещё не опубликован.",
        live=False,
    )
    kk_course, _lessons = translate_tree(palliative, [], locales["kk"])
    kk_course.title = "Паллиативтік көмек"
    kk_course.summary = (
        "Ауыр науқасқа және оның отбасына қалай қолдау көрсетуге болады."
    )
    kk_course.description = "<p>Хосписте күтім.</p>"
    kk_course.save_revision().publish()
    index_all()
    kk_catalog = catalog_page.get_translation(locales["kk"])

    assert result_titles(search(client, catalog_page, "черновик")) == []
    assert result_titles(search(client, catalog_page, "паллиативтік")) == []
    assert result_titles(search(client, kk_catalog, "паллиативтік")) == [
        "Паллиативтік көмек"
    ]
    # The Russian course, found in the Russian catalogue only.
    assert result_titles(search(client, kk_catalog, "хосписе")) == []
    assert result_titles(search(client, catalog_page, "хосписе")) == [
        "Паллиативная помощь"
    ]


def test_an_empty_query_shows_the_whole_catalogue(
    client, catalog_page, program_page, palliative
):
    index_all()

    response = search(client, catalog_page, "   ")

    assert response.status_code == 200
    assert result_titles(response) == [program_page.title]  # the programs' cards


def test_a_search_without_results_says_so_and_offers_the_catalogue(
    client, catalog_page, palliative
):
    index_all()

    response = search(client, catalog_page, "астрофизика")

    text = page_text(response)
    assert result_titles(response) == []
    assert "No course or program matches your search" in text or "Ни один" in text
    assert f'href="{catalog_page.url}"' in response.content.decode()


def _queries(client, url: str, query: str) -> int:
    client.get(url, {"q": query})  # warm the caches (site root paths, locales)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": query})
    assert response.status_code == 200
    return len(queries)


def test_search_query_count_does_not_grow_with_the_results(
    client, catalog_page, program_page
):
    CourseFactory(parent=program_page, title="Волонтёрство: первый курс")
    index_all()
    one = _queries(client, catalog_page.url, "волонтёрство")

    second = ProgramFactory(parent=catalog_page, title="Волонтёрство в регионах")
    for number in range(12):
        CourseFactory(parent=second, title=f"Волонтёрство: модуль {number}")
    index_all()
    many = _queries(client, catalog_page.url, "волонтёрство")

    assert one == many


@pytest.mark.postgres
def test_on_postgresql_search_knows_russian_word_forms(
    client, catalog_page, palliative, emergencies
):
    if database_vendor() != "postgresql":
        missing("PostgreSQL's full text search")
    index_all()

    # "хоспис" (nominative) finds "в хосписе"; "наводнение" finds "при наводнениях".
    assert result_titles(search(client, catalog_page, "хоспис")) == [
        "Паллиативная помощь"
    ]
    assert result_titles(search(client, catalog_page, "наводнение")) == [
        "Чрезвычайные ситуации"
    ]
