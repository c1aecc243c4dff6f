"""The content version: one number that changes whenever what the public site shows
from Wagtail changes (a page published, unpublished, moved, deleted or renamed, a view
restriction or a site edited). Every cache of routes, pages and rendered HTML puts it
in its keys, so a change shows on the very next request, in every web process, without
finding and deleting keys one by one.

The number lives in the shared cache (Redis in production). When the cache loses it
(an eviction, a restart), it starts again from the clock, so no old key is ever read
again by accident.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "lms:content-version"


def _fresh() -> int:
    return time.time_ns() // 1000


def content_version() -> int:
    """The current content version (one cache read)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh(), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version)


def content_version_bump() -> None:
    """Change the content version now and again when the current transaction commits
    (a request running between the two would otherwise cache what it read before the
    commit under the new version)."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not in the cache
            cache.set(VERSION_KEY, _fresh(), timeout=None)

    bump()
    transaction.on_commit(bump)
