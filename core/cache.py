"""Django's Redis cache backend, failing soft, with one Redis client per pool.

Failing soft: a cache is an optimisation, so Redis down (or unreachable, or read-only)
must not take pages down. An operation that cannot reach Redis is logged and answered
as a miss: `get` returns the default, `get_many` nothing, `add` False, `incr` raises
ValueError (as for a missing key), writes do nothing. Sessions (cached_db) are then
read from and written to the database alone; rate limits count nothing meanwhile. After
a failure the backend leaves Redis alone for `retry_after` seconds (OPTIONS; 5 by
default), so a request does not wait on a dead server once per cache read.

A write that failed may leave an old value in Redis (a partition rather than a restart:
the content version before a publish, a session before a logout). The keys of failed
writes are remembered (up to MAX_UNWRITTEN) and deleted before the next operation once
Redis answers again, so no stale value is read afterwards by this process. /healthz
still reports the cache down: it writes and reads a key (lms.views.healthz).

One client per pool: Django's RedisCacheClient builds a new `redis.Redis` object for
every operation (about a third of a millisecond of Python each: the client fills its
table of response callbacks), and pages read the cache several times per request (the
content version, the session, the anonymous page cache). The client object is
thread-safe and holds no connection itself (connections come from the pool), so one
per pool does.
https://docs.djangoproject.com/en/5.2/topics/cache/#redis
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisClient
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

# What "Redis is not there" looks like: refused or dropped connections and timeouts
# (BusyLoadingError, a restart loading its data, is a ConnectionError), a replica that
# became read-only, a server out of memory. Anything else is a bug and is raised.
UNAVAILABLE = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.ReadOnlyError,
    redis_errors.OutOfMemoryError,
)
# Keys of failed writes kept for deletion once Redis answers (a bound on memory).
MAX_UNWRITTEN = 10_000


class RedisCacheClient(DjangoRedisClient):
    def __init__(self, servers, *, retry_after: float = 5.0, **options):
        super().__init__(servers, **options)
        self._retry_after = float(retry_after)
        self._down_until = 0.0  # time.monotonic() before which Redis is not tried
        self._down = False
        self._unwritten: set[str] = set()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # Failing soft
    # --------------------------------------------------------------------------

    def _call(self, operation, *args, miss, written=()):
        """operation(*args), or `miss` (raised when an exception) when Redis does not
        answer; `written`: the keys the operation writes, remembered if it fails."""
        if time.monotonic() < self._down_until:
            return self._missed(miss, written)
        try:
            if self._unwritten:
                self._repair()
            result = operation(*args)
        except UNAVAILABLE as error:
            self._failed(error)
            return self._missed(miss, written)
        if self._down:
            self._down = False
            logger.warning("cache: Redis answers again")
        return result

    def _missed(self, miss, written):
        if written and len(self._unwritten) < MAX_UNWRITTEN:
            self._unwritten.update(written)
        if isinstance(miss, Exception):
            raise miss
        return miss

    def _failed(self, error: Exception) -> None:
        self._down_until = time.monotonic() + self._retry_after
        if not self._down:
            self._down = True
            logger.warning(
                "cache: Redis unavailable (%s); serving without the cache, trying "
                "again every %ss",
                error,
                self._retry_after,
            )

    def _repair(self) -> None:
        """Delete the keys whose writes failed while Redis was away."""
        keys = list(self._unwritten)
        self.get_client(write=True).delete(*keys)
        self._unwritten.difference_update(keys)

    def add(self, key, value, timeout):
        return self._call(super().add, key, value, timeout, miss=False)

    def get(self, key, default):
        return self._call(super().get, key, default, miss=default)

    def set(self, key, value, timeout):
        return self._call(super().set, key, value, timeout, miss=None, written=[key])

    def touch(self, key, timeout):
        return self._call(super().touch, key, timeout, miss=False)

    def delete(self, key):
        return self._call(super().delete, key, miss=False, written=[key])

    def get_many(self, keys):
        return self._call(super().get_many, keys, miss={})

    def has_key(self, key):
        return self._call(super().has_key, key, miss=False)

    def incr(self, key, delta):
        missing = ValueError(f"Key '{key}' not found (cache unavailable).")
        return self._call(super().incr, key, delta, miss=missing, written=[key])

    def set_many(self, data, timeout):
        return self._call(
            super().set_many, data, timeout, miss=None, written=list(data)
        )

    def delete_many(self, keys):
        keys = list(keys)
        return self._call(super().delete_many, keys, miss=None, written=keys)

    def clear(self):
        return self._call(super().clear, miss=False)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
