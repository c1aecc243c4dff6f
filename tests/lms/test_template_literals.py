"""No template shows text that bypasses the catalogues: every word a page, e-mail or
PDF shows comes from {% translate %}, {% blocktranslate %} or a variable.

Each template is read with Django's template Lexer; the text between its tags (with
{% blocktranslate %}, {% comment %} and {% verbatim %} blocks and the blocks that name
CSS classes left out) is what it writes itself. In HTML templates, that text and the
attributes a person reads or hears (title, alt, placeholder, aria-label, the value of an
input button) are checked; markup, scripts, styles, code samples (<pre>, <code>, <kbd>,
<samp>) and elements marked translate="no" are not. Text with a letter fails, save for
the words allowed below.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
TEMPLATE_SUFFIXES = {".html", ".txt"}

# Words that are the same in every language.
ALLOWED_WORDS = {
    "CSV": "a file format",
    "XLSX": "a file format",
    "GIFT": "a file format (Moodle's quiz format)",
}
# Whole templates left out.
ALLOWED_TEMPLATES = {
    "500.html": "rendered without the database or the translation machinery: its "
    "static text is written in all three languages",
    "allauth/elements/button.html": "its tag's name is chosen by template tags, which "
    "an HTML parser cannot follow; it writes no text, only its {% slot %}",
}

SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
VARIABLE = "\x00"
LETTER = re.compile(r"[^\W\d_]")
READ_ATTRIBUTES = {
    "title",
    "alt",
    "placeholder",
    "label",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
}
QUIET_ELEMENTS = {"script", "style", "pre", "code", "kbd", "samp", "template"}
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def template_text(source: str) -> str:
    """The template's own text: a variable becomes VARIABLE, a tag a space, and
    blocks whose content is never shown as written are dropped."""
    parts = []
    closing = None
    for token in Lexer(source).tokenize():
        bits = token.contents.split() if token.token_type == TokenType.BLOCK else []
        if closing:
            if bits[:1] == [closing]:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR:
            parts.append(VARIABLE)
        elif token.token_type == TokenType.BLOCK:
            if bits and bits[0] in SKIPPED_BLOCKS:
                closing = SKIPPED_BLOCKS[bits[0]]
            elif bits[:1] == ["block"] and len(bits) > 1 and bits[1].endswith("_class"):
                closing = "endblock"  # a CSS class name: {% block body_class %}
            parts.append(" ")
    # A tag named by a variable (<{{ heading }} ...>) is still a tag.
    return re.sub(rf"<(/?){VARIABLE}", r"<\1x", "".join(parts))


class _ShownText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self._quiet: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag not in VOID_ELEMENTS and (
            tag in QUIET_ELEMENTS or values.get("translate") == "no"
        ):
            self._quiet.append(tag)
        if self._quiet:
            return
        for name, value in attrs:
            button = tag == "input" and values.get("type") in {"submit", "button"}
            if value and (name in READ_ATTRIBUTES or (name == "value" and button)):
                self.shown.append(value)

    def handle_endtag(self, tag) -> None:
        if self._quiet and self._quiet[-1] == tag:
            self._quiet.pop()

    def handle_data(self, data) -> None:
        if not self._quiet:
            self.shown.append(data)


def literals(source: str, *, html: bool) -> list[str]:
    """The pieces of text with letters that the template writes itself."""
    text = template_text(source)
    if html:
        parser = _ShownText()
        parser.feed(text)
        parser.close()
        pieces = parser.shown
    else:
        pieces = [text]
    found = []
    for piece in pieces:
        for part in piece.split(VARIABLE):
            words = " ".join(part.split())
            for allowed in ALLOWED_WORDS:
                words = re.sub(rf"(?<!\w){allowed}(?!\w)", "", words)
            if LETTER.search(words):
                found.append(" ".join(part.split()))
    return found


def _template_dirs() -> list[Path]:
    return [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]


def _templates() -> list[tuple[Path, Path]]:
    return [
        (directory, path)
        for directory in _template_dirs()
        if ".venv" not in directory.parts
        for path in sorted(directory.rglob("*"))
        if path.suffix in TEMPLATE_SUFFIXES
    ]


def test_no_template_writes_text_outside_translate_tags():
    found = {}
    for directory, path in _templates():
        name = path.relative_to(directory).as_posix()
        if name in ALLOWED_TEMPLATES:
            continue
        text = literals(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
        if text:
            found[name] = text
    assert found == {}


def test_every_template_left_out_exists():
    names = {path.relative_to(d).as_posix() for d, path in _templates()}
    assert set(ALLOWED_TEMPLATES) <= names


# The check itself
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<p>Hello</p>",
        "<p>{% translate 'Hello' %}, world</p>",
        '<button aria-label="Close">×</button>',
        '<input type="submit" value="Send">',
        '<img src="a.png" alt="A map">',
        "{% if x %}<td>none</td>{% endif %}",
        "<p>{{ count }} items</p>",
        '<a href="#" title="{% if x %}Open{% endif %}">→</a>',
    ],
)
def test_a_literal_in_html_is_found(source):
    assert literals("{% load i18n %}" + source, html=True) != []


@pytest.mark.parametrize(
    "source",
    [
        "<p>{% translate 'Hello' %}</p>",
        "<p>{% blocktranslate %}Hello, {{ name }}{% endblocktranslate %}</p>",
        '<p class="status status--done" lang="{{ code }}">{{ title }}</p>',
        '<td{% if late %} class="overdue"{% endif %}>{{ days }}</td>',
        "<{{ heading|default:'h3' }} class=\"x\">{{ title }}</{{ heading }}>",
        "{# a comment #}{% comment %}Notes{% endcomment %}",
        "<script>const label = 'Go';</script><style>a::after{content:'x'}</style>",
        "<pre>type,question</pre> <code>=%50%</code>",
        '<span translate="no">ФИО</span>',
        '<button type="submit" name="action" value="save">{% translate "Save" %}</button>',
        "{% block body_class %}lesson quiz{% endblock %}",
        "<a href=\"{% url 'x' %}?{{ q }}\">CSV</a> · <a>XLSX</a>",
        "<p>&nbsp;&middot; — 1, 2 %</p>",
    ],
)
def test_text_of_translate_tags_variables_and_markup_is_not_a_literal(source):
    assert literals("{% load i18n %}" + source, html=True) == []


def test_a_literal_in_a_text_template_is_found():
    assert literals("{% load i18n %}{% translate 'Hi' %}\nThanks!", html=False) == [
        "Thanks!"
    ]
    assert (
        literals("{% load i18n %}{% translate 'Hi' %}\n\n— {{ site }}", html=False)
        == []
    )
