"""Sorting words the way readers of a language expect, by ICU's collation (the CLDR
rules of each language): in Kazakh ә follows а, ғ г, қ к, ң н, ө о, ұ and ү у, һ х and
і ы; in Russian ё sorts with е. A database sorts by code points (SQLite) or by the
collation it was created with (PostgreSQL), neither of which knows Kazakh.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import icu
from django.conf import settings
from django.utils import translation


@lru_cache(maxsize=8)
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(language))


def collation_key(language: str | None = None) -> Callable[[str], bytes]:
    """A sort key for text in `language` (default: the active language)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return _collator(language).getSortKey
