"""Interface strings of another language on a Kazakh page or e-mail.

`foreign_strings()` gathers, from every catalogue the site runs with (ours, and the
packages': Django, django-allauth, Wagtail...), the Russian translation and the
English msgid of each message whose Kazakh differs (or is missing: then a Kazakh page
would show the Russian fallback). A string that is also the Kazakh translation of some
message is left out (the same word in both languages: "Email" → no, "Код" → yes), and
so are strings without two letters in a row. Messages with placeholders become
patterns ("Привет, %(name)s!" matches "Привет, Айгерим!") when they have two words
of their own.

`leaks(texts)` names the texts (text nodes, titles, labels, e-mail lines) that are
such a string in full. User data is not checked: a course written in Russian is not a
leak of the interface, and the tests read Kazakh content.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

PLACEHOLDER = re.compile(r"%\(\w+\)[sdfir]|%[sdfir]|\{\w*\}")
TWO_LETTERS = re.compile(r"[^\W\d_]{2}")
WORD = re.compile(r"[^\W\d_]{2,}")
# Strings the same in every language, whatever a catalogue says.
SAME_EVERYWHERE = {"PDF", "CSV", "XLSX", "JSON", "iCal", "QR", "ID", "URL", "OK"}


def _compact(text: str) -> str:
    return " ".join(text.split())


def _catalogue(language: str):
    with translation.override(language):
        return trans_real.translation(language)._catalog


def _msgid(key) -> tuple[str, str | None]:
    """(msgid, msgctxt) of a key of Django's merged catalogue."""
    msgid = key[0] if isinstance(key, tuple) else key
    context, _sep, text = msgid.rpartition("\x04")
    return text, context or None


def _plural_msgids() -> dict[str, str]:
    """The plural msgid of each singular one, from our catalogue (the merged
    catalogues keep only the singular)."""
    path = Path(settings.LOCALE_PATHS[0]) / "kk" / "LC_MESSAGES" / "django.po"
    return {e.msgid: e.msgid_plural for e in polib.pofile(str(path)) if e.msgid_plural}


def _pattern(text: str) -> str | None:
    """A regular expression matching the message with its placeholders filled in,
    or None when its own text is too short to tell it from other text: fewer than
    two words ("Сертификат %(number)s" would match the Kazakh "Сертификат
    берілді: ...")."""
    text = text.replace("%%", "%")
    pieces = PLACEHOLDER.split(_compact(text))
    if len(WORD.findall(" ".join(pieces))) < 2:
        return None
    return ".+?".join(re.escape(piece) for piece in pieces)


@functools.cache
def foreign_strings() -> tuple[frozenset[str], re.Pattern | None]:
    """(strings, pattern): the Russian and English interface strings that a Kazakh
    page must not show."""
    kazakh = _catalogue("kk")
    russian = _catalogue("ru")
    plurals = _plural_msgids()
    kazakh_texts = {_compact(text) for _key, text in kazakh.items() if text}
    candidates: set[str] = set()
    for key, ru_text in russian.items():
        kk_text = kazakh.get(key)
        msgid, _context = _msgid(key)
        if not msgid:
            continue  # the catalogue's header
        english = [msgid]
        if isinstance(key, tuple) and key[1] > 0 and msgid in plurals:
            english = [plurals[msgid]]
        for text in (ru_text, *english):
            if text and text != kk_text:
                candidates.add(_compact(text))
    exact, patterns = set(), []
    for text in candidates - kazakh_texts - SAME_EVERYWHERE:
        if not TWO_LETTERS.search(text):
            continue
        if PLACEHOLDER.search(text):
            pattern = _pattern(text)
            if pattern:
                patterns.append(pattern)
        else:
            exact.add(text.replace("%%", "%") if "%%" in text else text)
    # Longest first, so that the alternation tries the most specific message first.
    patterns.sort(key=len, reverse=True)
    compiled = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return frozenset(exact), compiled


def leaks(texts: Iterable[str]) -> list[str]:
    """The texts that are, in full, an interface string of another language."""
    exact, pattern = foreign_strings()
    found = []
    for text in texts:
        text = _compact(text)
        if not TWO_LETTERS.search(text):
            continue
        if text in exact or (pattern is not None and pattern.fullmatch(text)):
            found.append(text)
    return sorted(set(found))


def text_pieces(text: str) -> list[str]:
    """A plain text (an e-mail) as the pieces to check: its lines, its paragraphs,
    and the parts of a line around " · " and ": "."""
    pieces = []
    for paragraph in re.split(r"\n\s*\n", text):
        pieces.append(paragraph)
        for line in paragraph.splitlines():
            pieces.append(line)
            pieces.extend(re.split(r" · |:(?:\s|$)", line))
    return [piece for piece in (_compact(p) for p in pieces) if piece]


READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description")
INLINE = {"a", "abbr", "b", "bdi", "br", "code", "em", "i", "mark", "q", "s", "small",
          "span", "strong", "sub", "sup", "time", "u", "data", "kbd", "wbr"}  # fmt: skip


def html_pieces(content: bytes | str, language: str = "kk") -> list[str]:
    """What a page shows or reads out, as pieces to check: each text node, the text
    of each element holding only text and inline elements (a sentence with a link),
    the title, and the attributes people read or hear. Elements marked as another
    language (lang="ru": the language switcher, a bilingual document) are left out."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(content, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for tag in soup.find_all(attrs={"lang": True}):
        if tag.name != "html" and not tag["lang"].startswith(language):
            tag.decompose()
    pieces = []
    for tag in soup.find_all(True):
        for name in READ_ATTRIBUTES:
            if tag.get(name):
                pieces.append(tag[name])
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            pieces.append(tag.get("value", ""))
        children = [c for c in tag.children if isinstance(c, Tag)]
        if all(c.name in INLINE for c in children):
            pieces.append(tag.get_text(" "))
        pieces.extend(str(c) for c in tag.children if isinstance(c, NavigableString))
    return [piece for piece in (_compact(p) for p in pieces) if piece]
