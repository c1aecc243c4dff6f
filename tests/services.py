"""Where the suite finds PostgreSQL, Redis and Chromium, and what to do when one is missing.

On a developer's machine a missing service skips the tests that need it, with the reason.
CI sets LMS_REQUIRE_SERVICES=1: then a missing service fails those tests instead.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

REQUIRE_SERVICES = os.environ.get("LMS_REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")


def missing(reason: str):
    """Skip (or, when services are required, fail) the current test."""
    if REQUIRE_SERVICES:
        pytest.fail(
            f"{reason} (LMS_REQUIRE_SERVICES=1, so this fails instead of skipping)"
        )
    pytest.skip(reason)


def tcp_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def redis_url_or_missing() -> str:
    if not tcp_open(REDIS_URL, 6379):
        missing(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


def chromium_or_missing() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor
