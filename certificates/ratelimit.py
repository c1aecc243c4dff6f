"""A limit on public look-ups of certificate numbers, per client address.

A fixed window counter in Django's cache: the first look-up of a window creates the
counter (`cache.add`, which does nothing when it exists) and every look-up increments
it (`cache.incr`). Both are atomic in Redis and in the local-memory cache, so web
workers sharing Redis share the count. The limit is settings.LMS_VERIFY_RATE, "N/S":
N look-ups per S seconds.

The client is core.http.client_ip: REMOTE_ADDR, or behind the trusted reverse proxies
of LMS_TRUSTED_PROXY_COUNT (where REMOTE_ADDR is the proxy's, and every visitor would
share one counter) the address the proxy passes in X-Forwarded-For. allauth's limits
count the same client (people.adapters).
"""

from __future__ import annotations

import dataclasses
import math
import time

from django.conf import settings
from django.core.cache import cache

from core.http import client_ip

DEFAULT_RATE = "30/600"
KEY_PREFIX = "certificates:verify-rate"


@dataclasses.dataclass(frozen=True)
class Verdict:
    """Whether a look-up may go ahead, and when the window resets (seconds)."""

    allowed: bool
    retry_after: int


def rate() -> tuple[int, int]:
    """(look-ups, seconds) from settings.LMS_VERIFY_RATE ("30/600")."""
    text = getattr(settings, "LMS_VERIFY_RATE", "") or DEFAULT_RATE
    count, _slash, seconds = text.partition("/")
    return max(int(count), 0), max(int(seconds or 1), 1)


def _window(request) -> tuple[str, int, int]:
    """The counter's key, the limit, and the seconds left in the current window."""
    limit, seconds = rate()
    now = time.time()
    window = int(now // seconds)
    left = max(1, math.ceil((window + 1) * seconds - now))
    return f"{KEY_PREFIX}:{client_ip(request)}:{seconds}:{window}", limit, left


def verify_rate_hit(request) -> Verdict:
    """Count one look-up by the request's client; refused past the limit."""
    key, limit, left = _window(request)
    # Kept a little longer than the window, so a counter never vanishes mid-window.
    cache.add(key, 0, timeout=left + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: start again
        cache.add(key, 1, timeout=left + 5)
        count = 1
    return Verdict(allowed=count <= limit, retry_after=left)


def verify_rate_check(request) -> Verdict:
    """Whether the request's client is still under the limit, without counting."""
    key, limit, left = _window(request)
    return Verdict(allowed=(cache.get(key) or 0) < limit, retry_after=left)
