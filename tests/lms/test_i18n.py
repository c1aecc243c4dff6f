"""Languages: Kazakh formats (lms/formats/kk), the language switcher, language prefixes."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import formats, translation

pytestmark = pytest.mark.django_db


# Kazakh formats
# ------------------------------------------------------------------------------


def test_kk_long_date_is_year_day_and_month_in_lower_case_as_in_cldr():
    with translation.override("kk"):
        formatted = formats.date_format(datetime.date(2026, 3, 15), "DATE_FORMAT")
    # Layout from lms/formats/kk; the month's date form ("E", msgctxt "alt. month")
    # from the project's kk catalogue (Django's own capitalises it: "Наурыз").
    assert formatted == "2026 ж. 15 наурыз"


def test_kk_week_starts_on_monday():
    with translation.override("kk"):
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_kk_numbers_group_with_non_breaking_space_and_use_decimal_comma():
    with translation.override("kk"):
        formatted = formats.number_format(1234567.5, use_l10n=True, force_grouping=True)
    assert formatted == "1\xa0234\xa0567,5"


# The language switcher and language prefixes
# ------------------------------------------------------------------------------


def _translate(page, code, locales, title):
    translated = page.copy_for_translation(locales[code]).specific
    translated.title = title
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


@pytest.fixture
def translated_tree(home_page, catalog_page, program_page, locales):
    """ru: home > catalog > program; kk: home > catalog; en: home."""
    return {
        "kk_home": _translate(home_page, "kk", locales, "Академия (kk)"),
        "en_home": _translate(home_page, "en", locales, "Academy"),
        "kk_catalog": _translate(catalog_page, "kk", locales, "Каталог (kk)"),
    }


def _switcher_targets(response) -> dict[str, str]:
    """Language code -> the URL the switcher sends the visitor to: after set_language
    (the form a signed-in person gets), or straight (the links of everyone else)."""
    soup = BeautifulSoup(response.content, "html.parser")
    targets = {}
    for button in soup.select("form.language-switcher button[name=language]"):
        action = urlsplit(button["formaction"])
        assert action.path == "/i18n/setlang/"
        targets[button["value"]] = parse_qs(action.query)["next"][0]
    for link in soup.select("nav.language-switcher a[hreflang]"):
        targets[link["hreflang"]] = link["href"]
    return targets


def test_language_switcher_on_a_translated_page_links_to_its_translation(
    client, catalog_page, translated_tree
):
    response = client.get(catalog_page.url)
    assert response.status_code == 200

    targets = _switcher_targets(response)

    assert targets["kk"] == translated_tree["kk_catalog"].url == "/kk/catalog/"
    # No English catalog: the same page at the English address (core.page_urls).
    assert targets["en"] == "/en/catalog/"
    assert client.get(targets["en"]).status_code == 200


def test_language_switcher_on_an_untranslated_page_links_to_it_at_the_other_address(
    client, program_page, translated_tree
):
    response = client.get(program_page.url)
    assert response.status_code == 200

    targets = _switcher_targets(response)

    assert targets == {"kk": "/kk/catalog/risk-zones/", "en": "/en/catalog/risk-zones/"}
    for url in targets.values():
        landed = client.get(url)
        assert landed.status_code == 200
        assert program_page.title in landed.content.decode()


def test_language_switcher_for_a_visitor_not_signed_in_is_links_without_a_form(
    client, catalog_page, translated_tree
):
    response = client.get(catalog_page.url)
    soup = BeautifulSoup(response.content, "html.parser")

    assert soup.select_one("form.language-switcher") is None
    assert "csrfmiddlewaretoken" not in response.content.decode()
    link = soup.select_one("nav.language-switcher a[hreflang=kk]")
    landed = client.get(link["href"])
    assert landed.status_code == 200
    assert '<html lang="kk">' in landed.content.decode()
    assert translated_tree["kk_catalog"].title in landed.content.decode()


def test_choosing_a_language_in_the_switcher_lands_on_the_translation_and_remembers_it(
    learner_client, catalog_page, translated_tree
):
    client = learner_client
    button = BeautifulSoup(
        client.get(catalog_page.url).content, "html.parser"
    ).select_one("form.language-switcher button[value=kk]")

    response = client.post(button["formaction"], {"language": "kk"})

    assert response.status_code == 302
    assert response["Location"] == "/kk/catalog/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    landed = client.get(response["Location"])
    assert landed.status_code == 200
    assert '<html lang="kk">' in landed.content.decode()
    assert translated_tree["kk_catalog"].title in landed.content.decode()


def test_language_switcher_on_a_non_page_url_keeps_the_path(learner_client):
    response = learner_client.get("/ru/my/")
    assert response.status_code == 200

    targets = _switcher_targets(response)

    assert targets == {"kk": "/kk/my/", "en": "/en/my/"}


def test_root_redirects_to_a_language_prefix(client, home_page):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in {f"/{code}/" for code, _ in settings.LANGUAGES}


def test_root_redirects_to_the_browsers_language(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 302
    assert response["Location"] == "/kk/"


def test_every_language_serves_the_home_page(client, home_page, translated_tree):
    titles = {
        "ru": home_page.title,
        "kk": translated_tree["kk_home"].title,
        "en": translated_tree["en_home"].title,
    }
    assert set(titles) == {code for code, _name in settings.LANGUAGES}
    for code, title in titles.items():
        response = client.get(f"/{code}/")
        assert response.status_code == 200, code
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.html["lang"] == code
        assert soup.h1.get_text(strip=True) == title
