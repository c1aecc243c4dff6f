"""What the apps' demo data share: how a loader reports what it creates, the error it
raises on content that is not valid, and the checks of plain text, HTML and slugs in
demo content files.

Usable without Django (standard library only), so that each app's demo/schema.py
checks its content files from the command line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

# A loader's report of one thing it created ("course volunteer-rights").
Say = Callable[[str], None]


class DemoDataError(Exception):
    """Demo content that is not valid, or a page it needs that is missing:
    load_demo_data stops with the message, and the run's transaction leaves
    nothing behind."""


ALLOWED_TAGS = {
    "p",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "br",
    "hr",
}
ALLOWED_ATTRS = {"a": {"href"}}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _HTMLChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        for name, _value in attrs:
            if name not in ALLOWED_ATTRS.get(tag, set()):
                self.problems.append(f"attribute {name!r} on <{tag}> is not allowed")


def check_html(value, where: str, errors: list[str]) -> None:
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}: expected non-empty HTML text")
        return
    checker = _HTMLChecker()
    checker.feed(value)
    errors.extend(f"{where}: {p}" for p in checker.problems)
    if not value.lstrip().startswith("<"):
        errors.append(f"{where}: HTML should start with a tag such as <p>")


def check_text(
    value, where: str, errors: list[str], max_length: int | None = None
) -> None:
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}: expected non-empty plain text")
        return
    if "<" in value:
        errors.append(f"{where}: plain text must not contain HTML")
    if max_length and len(value) > max_length:
        errors.append(f"{where}: longer than {max_length} characters ({len(value)})")


def check_slug(value, where: str, errors: list[str]) -> None:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        errors.append(
            f"{where}: slug {value!r} must be lowercase latin letters, digits, hyphens"
        )
