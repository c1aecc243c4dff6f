"""Fixtures of the fault tests: a Redis of the test's own, the production cache backend
on it, and the e-mails a test's worker wrote."""

from __future__ import annotations

import email
import time
from collections import Counter
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from .servers import RedisServer

# Seconds after a failure before the cache backend tries Redis again (production: 5).
CACHE_RETRY_AFTER = 1


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own, started; stopped after the test."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def redis_cache(settings, server: RedisServer) -> None:
    """The production cache (core.cache.RedisCache, as lms/settings/base.py sets it) on
    the test's Redis, database 0 (the broker uses 1, as in docker-compose.yml)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": server.url(0),
            "KEY_PREFIX": "lms",
            "OPTIONS": {
                "retry_after": CACHE_RETRY_AFTER,
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
            },
        }
    }


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {timeout}s"
        time.sleep(0.25)


def mails_in(directory: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every e-mail Django's file backend wrote there."""
    found = []
    for path in sorted(directory.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            subject = str(make_header(decode_header(message["Subject"])))
            found.append((message["To"], subject))
    return found


def mails_per_recipient(directory: Path) -> Counter:
    return Counter(recipient for recipient, _subject in mails_in(directory))
