"""Reading what a page tells a screen reader about errors (templates/components/error_summary.html)."""

from __future__ import annotations

import dataclasses

from bs4 import BeautifulSoup
from django.utils import translation


def error_prefix(language: str = "ru") -> str:
    """What comes before a page's title when its form has errors."""
    with translation.override(language):
        return translation.gettext("Error:") + " "


@dataclasses.dataclass
class ErrorPage:
    title: str
    summary: object  # the error summary element, or None
    first_in_main: object  # the first element of <main>
    soup: BeautifulSoup

    @property
    def links(self) -> list[str]:
        """The summary's links: the ids of the fields it points to."""
        return [a["href"].removeprefix("#") for a in self.summary.select("a[href]")]

    @property
    def takes_focus(self) -> bool:
        """The summary is focusable by script only and focused on load (autofocus)."""
        s = self.summary
        return s.get("tabindex") == "-1" and s.has_attr("autofocus")


def error_page(response) -> ErrorPage:
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main")
    return ErrorPage(
        title=soup.title.get_text(),
        summary=soup.select_one("main .error-summary"),
        first_in_main=main.find(True),
        soup=soup,
    )


def assert_error_summary(response, *, fields: list[str], language: str = "ru"):
    """The page says it failed: "Error:" before its title, and the summary first in the
    main content, focused, linking to each named field (which is on the page)."""
    page = error_page(response)
    assert page.title.startswith(error_prefix(language)), page.title
    assert page.summary is not None, "no error summary"
    assert page.first_in_main is page.summary
    assert page.takes_focus
    for field in fields:
        assert field in page.links, (field, page.links)
        assert page.soup.find(id=field) is not None, f"no element #{field}"
    return page
