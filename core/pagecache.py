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

import threading
import time
from collections import OrderedDict

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
    if version is None:
        # The cache is down (core.cache answers misses): a version of its own for
        # each request, so no memo outlives it while changes cannot be announced.
        return _fresh()
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
    # This request, too, reads the new version from now on.
    if getattr(_request, "active", False):
        _request.version = None


# Memos of published content, per web process
# ------------------------------------------------------------------------------
# What every request reads again and again from published pages (a route, a page, a
# course's items, the catalogue's address) is kept in the process's memory under the
# content version, read once per request (ContentVersionMiddleware). A publish
# anywhere changes the version, and the next request of every process starts afresh.
# Outside a request (Celery, commands, tests calling selectors) nothing is memoized.

_request = threading.local()
_memo: OrderedDict = OrderedDict()
_memo_version: int | None = None
# A bound on memory: past this many entries, the oldest tenth is dropped.
MEMO_MAX_ENTRIES = 20_000


def request_begin() -> None:
    """A request starts: memos may be used; the version is read on first use."""
    _request.active = True
    _request.version = None


def request_end() -> None:
    _request.active = False
    _request.version = None


def request_content_version() -> int | None:
    """The content version this request works with, or None outside a request."""
    if not getattr(_request, "active", False):
        return None
    if _request.version is None:
        _request.version = content_version()
    return _request.version


def content_cached(key, compute):
    """compute(), memoized in this process under the content version: `key` must name
    everything the value depends on besides published content (e.g. the language).
    The value is shared by every later request: callers must not change it."""
    global _memo_version
    version = request_content_version()
    if version is None:
        return compute()
    if version != _memo_version:
        _memo.clear()
        _memo_version = version
    try:
        return _memo[key]
    except KeyError:
        pass
    value = compute()
    if len(_memo) >= MEMO_MAX_ENTRIES:
        for _ in range(MEMO_MAX_ENTRIES // 10):
            _memo.popitem(last=False)
    _memo[key] = value
    return value


class ContentVersionMiddleware:
    """Marks the span of a request for content_cached (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_begin()
        try:
            return self.get_response(request)
        finally:
            request_end()
