"""The cache backend fails soft (core.cache): Redis down is a miss, not an error, and
a key whose write failed meanwhile is deleted once Redis answers again. Redis is
stood in for by a dict that can go down; a port nothing listens on is a real refusal.
The fault tests (tests/faults/test_cache_down.py) stop a real redis-server."""

from __future__ import annotations

import pytest
import redis
from django.test import Client
from django.urls import reverse

from core import cache as core_cache
from core.cache import RedisCache
from core.pagecache import content_version
from courses.selectors import learning_stamp

# Nothing listens on port 1: the connection is refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


class FakeRedis:
    """The part of redis.Redis that Django's cache client uses, in a dict."""

    def __init__(self):
        self.data: dict[str, bytes] = {}
        self.down = False
        self.calls = 0

    def _call(self):
        self.calls += 1
        if self.down:
            raise redis.exceptions.ConnectionError("Connection refused.")

    def get(self, key):
        self._call()
        return self.data.get(key)

    def set(self, key, value, ex=None, nx=False):
        self._call()
        if nx and key in self.data:
            return None
        self.data[key] = value
        return True

    def delete(self, *keys):
        self._call()
        return sum(self.data.pop(key, None) is not None for key in keys)

    def mget(self, keys):
        self._call()
        return [self.data.get(key) for key in keys]

    def exists(self, key):
        self._call()
        return int(key in self.data)

    def incr(self, key, delta):
        self._call()
        self.data[key] = str(int(self.data[key]) + delta).encode()
        return int(self.data[key])


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(core_cache.time, "monotonic", clock)
    return clock


@pytest.fixture
def server():
    return FakeRedis()


@pytest.fixture
def backend(server, clock):
    backend = RedisCache(DEAD_REDIS, {"OPTIONS": {"retry_after": 5}})
    backend._cache._client = lambda connection_pool: server
    return backend


def test_with_redis_down_reads_miss_and_writes_do_nothing(backend, server):
    backend.set("kept", 1)
    server.down = True

    assert backend.get("kept") is None
    assert backend.get("kept", "default") == "default"
    assert backend.get_many(["kept"]) == {}
    assert backend.add("new", 1) is False
    assert backend.set("kept", 2) is None
    assert backend.has_key("kept") is False
    assert backend.delete("kept") is False
    with pytest.raises(ValueError):
        backend.incr("kept")


def test_after_a_failure_redis_is_left_alone_for_retry_after_seconds(
    backend, server, clock
):
    server.down = True
    backend.get("a")
    calls = server.calls

    backend.get("a")
    backend.set("a", 1)
    assert server.calls == calls  # not tried

    server.down = False
    clock.now += 5
    backend.set("a", 1)
    assert backend.get("a") == 1


def test_a_key_whose_write_failed_is_deleted_before_redis_is_read_again(
    backend, server, clock
):
    backend.set("session", "signed in")
    backend.set("version", 1)
    server.down = True

    backend.delete("session")  # a sign-out while Redis is cut off
    backend.set("version", 2)  # a publish

    server.down = False
    clock.now += 5
    assert backend.get("session") is None  # not the stale "signed in"
    assert backend.get("version") is None  # not the stale 1: starts afresh


def test_an_error_that_is_not_unavailability_is_raised(backend, server):
    def broken(key):
        raise redis.exceptions.DataError("a bug")

    server.get = broken

    with pytest.raises(redis.exceptions.DataError):
        backend.get("a")


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.RedisCache", "LOCATION": DEAD_REDIS}
    }


@pytest.mark.django_db
def test_with_redis_unreachable_every_request_gets_a_content_version_of_its_own(
    dead_cache, learner
):
    assert content_version() != content_version()
    assert learning_stamp(learner=learner) != learning_stamp(learner=learner)


@pytest.mark.django_db
def test_with_redis_unreachable_pages_answer_and_healthz_says_503(
    dead_cache, home_page, learner
):
    signed_in = Client()
    signed_in.force_login(learner)

    assert Client().get(home_page.url).status_code == 200
    assert Client().get(reverse("account_login")).status_code == 200
    assert signed_in.get(reverse("courses:my_learning")).status_code == 200
    assert Client().get("/healthz").status_code == 503
