"""Language helpers every app uses: the active language, the one fallback rule of
listings (the page in the reader's language, else in the default content language),
and the canonical version of a translated page."""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.conf import settings
from django.utils import translation
from wagtail.models import Page

# The default content language (ru): the canonical version of every page.
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE

PageT = TypeVar("PageT", bound=Page)


def active_language() -> str:
    """The active language's code without region (kk, ru, en)."""
    return (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0]


def localized_pick(pages, language: str) -> dict[uuid.UUID, Page]:
    """From pages (or any translatable objects with their locale loaded) of several
    locales, keep per translation_key the one in `language`, else the one in the
    default language, else any. The one fallback rule of every listing."""
    rank = {language: 0, DEFAULT_LANGUAGE: 1}
    chosen: dict[uuid.UUID, Page] = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or rank.get(page.locale.language_code, 2) < rank.get(
            current.locale.language_code, 2
        ):
            chosen[page.translation_key] = page
    return chosen


def page_canonical(*, page: PageT) -> PageT:
    """The version of a page in the default content language, or the page itself when
    it has none. It defines structure: a course's items, a program's courses."""
    if page.locale.language_code == DEFAULT_LANGUAGE:
        return page
    canonical = (
        type(page)
        .objects.filter(
            translation_key=page.translation_key,
            locale__language_code=DEFAULT_LANGUAGE,
        )
        .select_related("locale")
        .first()
    )
    return canonical or page
