"""The check of the Kazakh walk (tests/i18n_leaks.py): it finds Russian and English
interface strings, whole or with their placeholders filled in, and leaves Kazakh text,
words the languages share, user data and text marked as another language alone."""

import pytest
from django.utils import translation

from tests.i18n_leaks import html_pieces, leaks, text_pieces


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.mark.parametrize(
    "text",
    [
        "Войти",  # django-allauth's Russian "Sign In"
        "Sign In",
        "My learning",  # our msgid
        "Моё обучение",  # our Russian
        "  Моё\n   обучение ",  # as a page's whitespace has it
    ],
)
def test_a_russian_or_english_interface_string_is_found(text):
    assert leaks([text]) == [" ".join(text.split())]


def test_a_russian_string_of_djangos_catalogue_is_found():
    russian = _in("ru", "This password is too common.")
    assert russian != "This password is too common."
    assert leaks([russian]) == [russian]


def test_a_message_with_its_placeholders_filled_in_is_found():
    russian = _in("ru", "Valid certificate: %(title)s") % {"title": "Права"}
    assert leaks([russian]) == [russian]
    english = "Valid certificate: Права волонтера"
    assert leaks([english]) == [english]


@pytest.mark.parametrize(
    "text",
    [
        "Кіру",
        "Менің оқуым",
        "Сертификат берілді: «Волонтердің құқықтары».",  # "Сертификат %(n)s" is not
        "Права волонтера, его возможности и перспективы",  # a course: user data
        "PDF",
        "42",
        "—",
        "",
    ],
)
def test_kazakh_text_shared_words_and_user_data_are_not_leaks(text):
    assert leaks([text]) == []


def test_text_marked_as_another_language_is_left_out_of_a_page():
    html = """<html lang="kk"><head><title>Кіру · Birgemiz Academy</title></head>
    <body><nav><a href="/ru/" lang="ru">Русский</a> <a href="/en/" lang="en">English</a>
    </nav><main><h1>Кіру</h1><p>Аккаунтыңыз бар ма? <a href="#">Кіріңіз</a>.</p>
    <button aria-label="Закрыть">×</button><script>const x = "Войти";</script></main>
    </body></html>"""

    pieces = html_pieces(html)

    assert "Русский" not in pieces and "English" not in pieces
    assert "Аккаунтыңыз бар ма? Кіріңіз ." in pieces  # a sentence with its link
    assert leaks(pieces) == ["Закрыть"]  # an aria-label in Russian


def test_an_email_is_checked_by_lines_paragraphs_and_labels():
    body = "Сәлеметсіз бе!\n\nСертификаттарыңыз:\nhttp://x/kk/\n\nWith thanks\nTeam"
    pieces = text_pieces(body)
    assert "Сертификаттарыңыз" in pieces
    assert "With thanks Team" in pieces
    assert leaks(text_pieces("Привет!\n\nМоё обучение: 3 курса")) == ["Моё обучение"]
