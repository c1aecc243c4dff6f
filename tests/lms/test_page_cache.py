"""The full-page cache for visitors who are not signed in (lms.pagecache): what it
serves, what it never serves or keeps, and that every change of a page shows on the
very next request."""

import gzip

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from lms.pagecache import HEADER
from tests.factories import CourseFactory, LessonFactory, ProgramFactory
from tests.factories.courses import translate

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = ["home", "catalog", "program", "course", "verify"]


@pytest.fixture
def pages(home_page, catalog_page, program_page):
    course = CourseFactory(parent=program_page, slug="first-aid", title="Первая помощь")
    lesson = LessonFactory(parent=course, slug="intro", title="Введение")
    return {
        "home": home_page,
        "catalog": catalog_page,
        "program": program_page,
        "course": course,
        "lesson": lesson,
    }


def url_of(pages, name: str) -> str:
    return "/ru/verify/" if name == "verify" else pages[name].url


def anonymous() -> Client:
    return Client()


def _body(response) -> str:
    return response.content.decode()


# What is served from the cache
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_second_request_is_a_hit_with_no_query(
    client, pages, name, django_assert_num_queries
):
    first = client.get(url_of(pages, name))
    assert first.status_code == 200
    assert first[HEADER] == "miss"

    with django_assert_num_queries(0):
        second = client.get(url_of(pages, name))

    assert second.status_code == 200
    assert second[HEADER] == "hit"
    assert second.content == first.content


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_cached_page_has_no_csrf_token_and_sets_no_cookie(client, pages, name):
    client.get(url_of(pages, name))

    response = client.get(url_of(pages, name))

    assert response[HEADER] == "hit"
    body = _body(response)
    assert "csrfmiddlewaretoken" not in body
    assert "csrf" not in body.lower()
    assert not response.cookies
    assert "Set-Cookie" not in response


def test_a_visitors_csrf_cookie_does_not_keep_the_page_from_the_cache(client, pages):
    client.get(pages["catalog"].url)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32

    assert client.get(pages["catalog"].url)[HEADER] == "hit"


def test_a_head_request_is_answered_from_the_cache(client, pages):
    client.get(pages["course"].url)

    response = client.head(pages["course"].url)

    assert response.status_code == 200
    assert response[HEADER] == "hit"
    assert response["Content-Type"].startswith("text/html")
    assert response.content == b""


def test_each_language_is_cached_apart(client, pages, locales):
    kk_home = translate(pages["home"], locales["kk"])
    kk_home.title = "Академия (kk)"
    kk_home.save_revision().publish()
    client.get("/ru/")

    kk = client.get("/kk/")
    ru = client.get("/ru/")

    assert kk[HEADER] == "miss"
    assert '<html lang="kk">' in _body(kk) and "Академия (kk)" in _body(kk)
    assert ru[HEADER] == "hit"
    assert '<html lang="ru">' in _body(ru) and "Академия (kk)" not in _body(ru)
    assert client.get("/kk/")[HEADER] == "hit"


def test_security_headers_of_a_hit_are_those_of_a_fresh_answer(client, pages):
    fresh = client.get(pages["catalog"].url, HTTP_ACCEPT_ENCODING="gzip")

    hit = client.get(pages["catalog"].url, HTTP_ACCEPT_ENCODING="gzip")

    assert hit[HEADER] == "hit"
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
        "Content-Type",
    ):
        assert hit[header] == fresh[header], header
    assert set(hit.headers) - {HEADER, "Content-Length"} == set(fresh.headers) - {
        HEADER,
        "Content-Length",
    }
    assert hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == gzip.decompress(fresh.content)
    assert "Accept-Encoding" in hit["Vary"]


def test_a_hit_is_compressed_only_for_a_client_that_accepts_gzip(client, pages):
    client.get(pages["catalog"].url, HTTP_ACCEPT_ENCODING="gzip")
    client.get(pages["catalog"].url)

    compressed = client.get(pages["catalog"].url, HTTP_ACCEPT_ENCODING="gzip, br")
    plain = client.get(pages["catalog"].url, HTTP_ACCEPT_ENCODING="br")

    assert compressed[HEADER] == plain[HEADER] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert _body(plain).lstrip().startswith("<!DOCTYPE html>")
    assert gzip.decompress(compressed.content) == plain.content


# What is never served from, nor kept in, the cache
# ------------------------------------------------------------------------------


def test_a_signed_in_request_is_never_served_from_the_cache(client, pages, learner):
    anonymous().get(pages["course"].url)
    client.force_login(learner)

    response = client.get(pages["course"].url)

    assert response.status_code == 200
    assert HEADER not in response
    assert 'name="csrfmiddlewaretoken"' in _body(response)  # the enrol form


def test_a_signed_in_answer_is_never_stored(client, pages, learner):
    client.force_login(learner)
    client.get(pages["course"].url)

    response = anonymous().get(pages["course"].url)

    assert response[HEADER] == "miss"
    assert "csrfmiddlewaretoken" not in _body(response)


def test_a_request_with_a_messages_cookie_is_not_served_from_the_cache(client, pages):
    client.get(pages["catalog"].url)
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Сообщение только для вас")]
    )

    response = client.get(pages["catalog"].url)

    assert HEADER not in response
    assert "Сообщение только для вас" in _body(response)
    assert anonymous().get(pages["catalog"].url)[HEADER] == "hit"
    assert "Сообщение только для вас" not in _body(
        anonymous().get(pages["catalog"].url)
    )


def test_a_query_string_bypasses_the_cache(client, pages):
    client.get(pages["catalog"].url)

    response = client.get(pages["catalog"].url + "?q=помощь")

    assert response.status_code == 200
    assert HEADER not in response
    assert HEADER not in client.get(pages["catalog"].url + "?q=помощь")


@pytest.mark.parametrize(
    "path", ["/ru/accounts/login/", "/ru/privacy/", "/healthz", "/", "/admin/"]
)
def test_only_public_pages_under_a_language_prefix_are_looked_up(client, pages, path):
    client.get(path)

    response = client.get(path)

    if path == "/ru/privacy/":
        assert response[HEADER] == "hit"
    else:
        assert HEADER not in response


def test_a_page_that_needs_the_csrf_token_is_not_stored(client, pages):
    PageViewRestriction.objects.create(
        page=pages["course"],
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    first = client.get(pages["course"].url)
    assert 'name="csrfmiddlewaretoken"' in _body(first)  # Wagtail's password form

    second = client.get(pages["course"].url)

    assert second[HEADER] == "miss"


def test_a_lesson_that_sends_visitors_to_sign_in_is_not_stored(client, pages):
    first = client.get(pages["lesson"].url)
    assert first.status_code == 302

    assert client.get(pages["lesson"].url)[HEADER] == "miss"


def test_a_never_cache_page_is_not_stored(client, pages):
    client.get("/ru/verify/NOPE-0000/")

    assert client.get("/ru/verify/NOPE-0000/")[HEADER] == "miss"


def test_the_cache_is_off_at_zero_seconds(client, pages, settings):
    settings.LMS_PAGE_CACHE_SECONDS = 0
    client.get(pages["catalog"].url)

    assert HEADER not in client.get(pages["catalog"].url)


# Nothing stale: a change of a page shows on the very next request
# ------------------------------------------------------------------------------


def test_a_published_edit_shows_on_the_next_request(client, pages):
    course = pages["course"]
    client.get(course.url)
    client.get(pages["program"].url)

    course.title = "Первая помощь: новая редакция"
    course.save_revision().publish()

    for url in (course.url, pages["program"].url):
        response = client.get(url)
        assert response[HEADER] == "miss"
        assert "Первая помощь: новая редакция" in _body(response)


def test_an_unpublished_program_hides_its_subtree_after_having_been_cached(
    client, pages
):
    program, course = pages["program"], pages["course"]
    for url in (program.url, course.url, pages["catalog"].url):
        client.get(url)
        assert client.get(url)[HEADER] == "hit"

    program.unpublish()

    assert client.get(program.url).status_code == 404
    assert client.get(course.url).status_code == 404
    assert program.title not in _body(client.get(pages["catalog"].url))


def test_a_moved_course_shows_at_its_new_address_on_the_next_request(
    client, pages, catalog_page
):
    course = pages["course"]
    other = ProgramFactory(parent=catalog_page, slug="other", title="Другая программа")
    old_url = course.url
    client.get(old_url)
    client.get(other.url)

    course.move(other, pos="last-child")
    course.refresh_from_db()

    assert course.url != old_url
    moved = client.get(old_url)  # Wagtail's redirect from the old address
    assert moved.status_code == 301 and moved["Location"] == course.url
    assert course.title in _body(client.get(other.url))
    assert client.get(course.url).status_code == 200


def test_a_slug_change_shows_on_the_next_request(client, pages):
    course = pages["course"]
    old_url = course.url
    client.get(old_url)
    client.get(pages["program"].url)

    course.slug = "first-aid-basics"
    course.save_revision().publish()
    course.refresh_from_db()

    assert client.get(old_url).status_code == 404
    assert client.get(course.url).status_code == 200
    assert 'href="/ru/catalog/risk-zones/first-aid-basics/"' in _body(
        client.get(pages["program"].url)
    )


def test_a_view_restriction_added_shows_on_the_next_request(client, pages):
    client.get(pages["course"].url)

    PageViewRestriction.objects.create(
        page=pages["course"], restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(pages["course"].url).status_code == 302


# Sessions through the cache
# ------------------------------------------------------------------------------


def test_a_signed_in_request_reads_its_session_from_the_cache(client, pages, learner):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    client.force_login(learner)
    client.get("/ru/my/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ru/my/")

    assert response.status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]


def test_logging_out_ends_the_cached_session(client, pages, learner):
    client.force_login(learner)
    assert client.get("/ru/my/").status_code == 200

    client.post("/ru/accounts/logout/")

    assert client.get("/ru/my/").status_code == 302


def test_an_answer_of_the_verification_form_about_a_number_is_never_cached(
    client, pages
):
    response = client.get("/ru/verify/", {"code": "7KQ2-M9XD-4HBT-R6WC-Z3NP"})

    assert response.status_code == 404
    assert HEADER not in response
    assert "no-store" in response["Cache-Control"]
