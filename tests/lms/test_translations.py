"""Translations: our kk and ru catalogues are complete and compiled, and learners see
Kazakh everywhere (our pages, django-allauth's pages, Django's messages and dates).

django-allauth ships no kk catalogue and Django's is half translated, so
locale/kk/LC_MESSAGES/django-extra.po carries their learner-visible msgids;
scripts/compile_messages.py merges it into django.mo.
"""

import datetime
import importlib.util
import re
from pathlib import Path

import allauth
import django
import polib
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timesince, translation

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.LOCALE_PATHS[0])
TRANSLATED_LANGUAGES = ["kk", "ru"]
EXTRA_PO = LOCALE / "kk" / "LC_MESSAGES" / "django-extra.po"


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata["Plural-Forms"])
    return int(match.group(1))


def _compile_module():
    path = Path(settings.BASE_DIR) / "scripts" / "compile_messages.py"
    spec = importlib.util.spec_from_file_location("compile_messages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The catalogues
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_msgid_of_our_catalogue_is_translated(language):
    po = _po(language)
    assert len(po) > 0
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.untranslated_entries()] == []
    nplurals = _nplurals(po)
    for entry in po:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


def test_kazakh_plural_forms_match_djangos_kk_catalogue():
    assert _po("kk").metadata["Plural-Forms"] == "nplurals=2; plural=(n!=1);"
    assert polib.pofile(str(EXTRA_PO)).metadata["Plural-Forms"] == (
        "nplurals=2; plural=(n!=1);"
    )


def test_extra_kazakh_catalogue_is_translated_and_says_where_each_msgid_is_from():
    extra = polib.pofile(str(EXTRA_PO))
    assert len(extra) > 300
    assert [e.msgid for e in extra.untranslated_entries()] == []
    assert [e.msgid for e in extra.fuzzy_entries()] == []
    origins = {entry.comment for entry in extra}
    assert origins == {"from django-allauth", "from Django"}


def test_extra_kazakh_msgids_exist_in_allauths_and_djangos_catalogues():
    """A misspelt (or, after an upgrade, renamed) msgid would silently never match."""
    django_locale = Path(django.__file__).parent
    references = [
        Path(allauth.__file__).parent / "locale/ru/LC_MESSAGES/django.po",
        django_locale / "conf/locale/ru/LC_MESSAGES/django.po",
        django_locale / "contrib/auth/locale/ru/LC_MESSAGES/django.po",
    ]
    known = set()
    for path in references:
        known |= {(e.msgctxt, e.msgid, e.msgid_plural) for e in polib.pofile(str(path))}
    extra = polib.pofile(str(EXTRA_PO))
    unknown = [
        e.msgid for e in extra if (e.msgctxt, e.msgid, e.msgid_plural) not in known
    ]
    assert unknown == []


PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}|%%")
TAG = re.compile(r"</?([a-z]+)")


def _catalogue_entries():
    for language in TRANSLATED_LANGUAGES:
        yield from ((language, entry) for entry in _po(language))
    yield from (("kk-extra", entry) for entry in polib.pofile(str(EXTRA_PO)))


def test_translations_keep_placeholders_and_html_tags():
    problems = []
    for language, entry in _catalogue_entries():
        source = entry.msgid + (entry.msgid_plural or "")
        translations = (
            list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        )
        for text in translations:
            if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                problems.append((language, entry.msgid, "placeholders"))
            if sorted(TAG.findall(text)) != sorted(TAG.findall(entry.msgid)):
                problems.append((language, entry.msgid, "tags"))
    assert problems == []


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_committed_mo_files_are_up_to_date(language, tmp_path):
    """Compile django.po (+ django-extra.po) afresh and compare with the committed .mo."""
    compiler = _compile_module()
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    catalogue, _added = compiler.catalogue_build(po_path)
    fresh_path = tmp_path / "django.mo"
    catalogue.save_as_mofile(str(fresh_path))

    def entries(mo_path):
        mo = polib.mofile(str(mo_path))
        return mo.metadata, {
            (e.msgctxt, e.msgid): (e.msgstr, sorted(e.msgstr_plural.items()))
            for e in mo
        }

    committed = po_path.with_suffix(".mo")
    assert committed.exists(), "run .venv/bin/python scripts/compile_messages.py"
    assert entries(committed) == entries(fresh_path), (
        "locale/*.mo is stale: run .venv/bin/python scripts/compile_messages.py"
    )


def test_extra_catalogue_is_merged_but_never_compiled_on_its_own():
    assert not EXTRA_PO.with_suffix(".mo").exists()
    compiler = _compile_module()
    catalogue, added = compiler.catalogue_build(
        LOCALE / "kk" / "LC_MESSAGES" / "django.po"
    )
    assert added > 300
    merged = {(e.msgctxt, e.msgid): e for e in catalogue}
    assert merged[("alt. month", "March")].msgstr == "наурыз"
    # Our own translation of a shared msgid wins over the extra one.
    own = _po("kk").find("Note")
    assert merged[(None, "Note")].msgstr == own.msgstr


# What a learner sees
# ------------------------------------------------------------------------------


def _visible_text(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    parts = [soup.get_text(" ")]
    for attribute in ("placeholder", "title", "aria-label", "alt", "value"):
        parts += [
            tag[attribute]
            for tag in soup.find_all(attrs={attribute: True})
            if tag.name != "input" or attribute != "value"
        ]
    return " ".join(" ".join(parts).split())


# Multi-word English msgids of our catalogue and of the extra one: none of them may
# show on a Kazakh page. (Single words such as "or" are checked by the lists below.)
def _english_phrases() -> set[str]:
    phrases = set()
    for po in (_po("kk"), polib.pofile(str(EXTRA_PO))):
        for entry in po:
            text = entry.msgid
            if "%" in text or "{" in text or "<" in text or "\n" in text:
                continue
            if len(text.split()) >= 2:
                phrases.add(text)
    return phrases


def _assert_kazakh(text: str, kazakh: list[str], english: list[str]) -> None:
    for word in kazakh:
        assert word in text, word
    for source in english:
        assert not re.search(rf"(?<!\w){re.escape(source)}(?!\w)", text), source
    leaked = sorted(p for p in _english_phrases() if p in text)
    assert leaked == []


def test_signup_page_is_in_kazakh(client, home_page):
    with translation.override("kk"):
        url = reverse("account_signup")
    assert url == "/kk/accounts/signup/"

    response = client.get(url)

    assert response.status_code == 200
    _assert_kazakh(
        _visible_text(response),
        kazakh=[
            "Тіркелу",
            "Электрондық пошта",
            "Құпиясөз",
            "Құпиясөз (қайталап)",
            "Аты-жөні",
            "Өңір",
            "Туған күні",
            "дербес деректер саясатында",
            "Аккаунтыңыз бар ма?",
            "Құпиясөзіңіз кемінде",  # Django's password validator help
        ],
        english=[
            "Sign Up",
            "Sign up",
            "Signup",
            "Password",
            "Email",
            "Email address",
            "Full name",
            "Region",
            "Date of birth",
            "Already have an account?",
        ],
    )


def test_signup_errors_are_in_kazakh(client, home_page):
    with translation.override("kk"):
        url = reverse("account_signup")

    response = client.post(
        url, {"email": "learner@example.kz", "password1": "123", "password2": "123"}
    )

    assert response.status_code == 200
    _assert_kazakh(
        _visible_text(response),
        kazakh=[
            "Бұл өрісті толтыру міндетті.",
            "Құпиясөз тым қысқа.",
            "Бұл құпиясөз тек сандардан тұрады.",
        ],
        english=["This field is required.", "This password is too short."],
    )


def test_login_page_is_in_kazakh(client, home_page):
    with translation.override("kk"):
        url = reverse("account_login")
    assert url == "/kk/accounts/login/"

    response = client.get(url)

    assert response.status_code == 200
    _assert_kazakh(
        _visible_text(response),
        kazakh=["Кіру", "Құпиясөз", "Құпиясөзіңізді ұмыттыңыз ба?", "тіркеліңіз"],
        english=[
            "Sign In",
            "Log in",
            "Password",
            "Forgot your password?",
            "Remember Me",
            "sign up",
        ],
    )


def test_password_reset_page_is_in_kazakh(client, home_page):
    with translation.override("kk"):
        url = reverse("account_reset_password")

    response = client.get(url)

    assert response.status_code == 200
    _assert_kazakh(
        _visible_text(response),
        kazakh=["Құпиясөзді қалпына келтіру", "Құпиясөзімді қалпына келтіру"],
        english=["Password Reset", "Reset My Password"],
    )


def test_my_learning_is_in_kazakh(learner_client, home_page):
    with translation.override("kk"):
        url = reverse("courses:my_learning")
    assert url == "/kk/my/"

    response = learner_client.get(url)

    assert response.status_code == 200
    _assert_kazakh(
        _visible_text(response),
        kazakh=["Менің оқуым", "Каталогты қарау", "Профиль", "Шығу"],
        english=["My learning", "Browse the catalog", "Profile", "Log out"],
    )


def test_my_learning_is_in_russian(learner_client, home_page):
    response = learner_client.get("/ru/my/")

    assert response.status_code == 200
    text = _visible_text(response)
    assert "Моё обучение" in text
    assert "My learning" not in text


# Dates and numbers from Django's catalogue
# ------------------------------------------------------------------------------


def test_kk_long_date_uses_the_lower_case_month_of_cldr():
    with translation.override("kk"):
        formatted = formats.date_format(datetime.date(2026, 3, 15), "DATE_FORMAT")
    assert formatted == "2026 ж. 15 наурыз"


def test_kk_month_and_weekday_names():
    day = datetime.date(2026, 3, 15)  # a Sunday
    with translation.override("kk"):
        assert formats.date_format(day, "F") == "Наурыз"
        assert formats.date_format(day, "E") == "наурыз"
        assert formats.date_format(day, "l") == "Жексенбі"
        assert formats.date_format(datetime.date(2026, 12, 4), "l") == "Жұма"
        assert formats.date_format(datetime.date(2026, 12, 4), "j E") == "4 желтоқсан"


def test_kk_time_since():
    with translation.override("kk"):
        since = timesince.timesince(
            datetime.date(2020, 1, 1), datetime.date(2026, 3, 15)
        )
    assert since == "6\xa0жыл, 2\xa0ай"
