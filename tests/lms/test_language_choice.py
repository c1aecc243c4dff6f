"""Which language the site opens in where the address carries none (the root `/`, an
unprefixed address): a signed-in person's saved preference, else the language
cookie, else the browser's Accept-Language, else Russian (lms.middleware); and the
language switcher, which saves a signed-in person's choice and keeps them on the same
page (lms.views.language_set)."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from tests.factories import UserFactory, course_with_lessons

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def course(program_page, locales):
    """A Russian course under a program translated into Kazakh (home, catalog and
    program too); the course itself is not."""
    from tests.factories.courses import translate

    course, _lessons = course_with_lessons(program_page, 1, slug="emergencies")
    for page in (*program_page.get_ancestors().filter(depth__gt=1), program_page):
        translate(page.specific, locales["kk"])
    return course


def signed_in(client, language: str):
    user = UserFactory(preferred_language=language)
    client.force_login(user)
    return user


# The root and unprefixed addresses
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preference", "cookie", "accept", "expected"),
    [
        (None, None, None, "/ru/"),
        (None, None, "kk", "/kk/"),
        (None, "en", "kk", "/en/"),
        ("kk", "en", "ru", "/kk/"),
        ("en", None, "kk", "/en/"),
    ],
)
def test_root_redirect_picks_preference_then_cookie_then_browser_language(
    client, home_page, preference, cookie, accept, expected
):
    if preference:
        signed_in(client, preference)
    if cookie:
        client.cookies[COOKIE] = cookie
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}

    response = client.get("/", **headers)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_an_unprefixed_address_redirects_to_the_preferred_language(client, home_page):
    signed_in(client, "kk")
    client.cookies[COOKIE] = "ru"

    response = client.get("/accounts/email/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/kk/accounts/email/"


def test_an_address_with_a_language_wins_over_the_preference(client, catalog_page):
    user = signed_in(client, "kk")

    response = client.get("/ru/catalog/")

    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "ru"
    user.refresh_from_db()
    assert user.preferred_language == "kk"


# The switcher
# ------------------------------------------------------------------------------


def _switcher_button(client, url: str, language: str):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return soup.select_one(f"form.language-switcher button[value={language}]")


def test_switching_while_signed_in_saves_the_preference_and_stays_on_the_page(
    client, course
):
    user = signed_in(client, "ru")
    button = _switcher_button(client, course.url, "kk")

    response = client.post(button["formaction"], {"language": "kk"})

    assert response.status_code == 302
    assert response["Location"] == "/kk/catalog/risk-zones/emergencies/"
    assert response.cookies[COOKIE].value == "kk"
    user.refresh_from_db()
    assert user.preferred_language == "kk"
    landed = client.get(response["Location"])
    assert landed.status_code == 200
    soup = BeautifulSoup(landed.content, "html.parser")
    assert soup.html["lang"] == "kk"
    assert soup.select_one("main h1").get_text(strip=True) == course.title
    # The next visit to the root opens in Kazakh, whatever the browser says.
    client.cookies.pop(COOKIE)
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/kk/"


def test_switching_keeps_a_safe_next_only(client, course):
    user = signed_in(client, "ru")

    response = client.post(
        "/i18n/setlang/?next=https://evil.example/kk/", {"language": "en"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_switching_to_a_language_not_offered_saves_nothing(client, course):
    user = signed_in(client, "kk")

    client.post("/i18n/setlang/?next=/ru/", {"language": "de"})

    user.refresh_from_db()
    assert user.preferred_language == "kk"


def test_switching_when_not_signed_in_sets_only_the_cookie(client, course):
    response = client.post(
        "/i18n/setlang/?next=/kk/catalog/risk-zones/emergencies/", {"language": "kk"}
    )

    assert response["Location"] == "/kk/catalog/risk-zones/emergencies/"
    assert response.cookies[COOKIE].value == "kk"
