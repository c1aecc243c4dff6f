"""Translations under wagtail-localize: bringing existing ones under it (linking),
and telling which are out of date (staleness)."""

from .linking import TranslationLink, translation_link, translations_link_all
from .staleness import (
    OutOfDatePages,
    OutOfDateTranslation,
    page_translations_out_of_date,
    pages_out_of_date,
    snippet_translations_out_of_date,
    translations_out_of_date,
)
from .streams import stream_lists_normalize

__all__ = [
    "OutOfDatePages",
    "OutOfDateTranslation",
    "TranslationLink",
    "page_translations_out_of_date",
    "pages_out_of_date",
    "snippet_translations_out_of_date",
    "stream_lists_normalize",
    "translation_link",
    "translations_link_all",
    "translations_out_of_date",
]
