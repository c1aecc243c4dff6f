"""/healthz: what load balancers and compose probe."""

from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: the connection is refused at once. The production backend
# answers misses then (core.cache), and /healthz still reports the cache down.
DEAD_REDIS_CACHE = {
    "default": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_healthz_is_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_cache_does_not_answer(client, settings):
    settings.CACHES = DEAD_REDIS_CACHE

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


def test_healthz_is_503_when_the_database_fails(client):
    # The platform's own DB layer is patched on purpose: the failure path is the point.
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("server closed")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}


def test_healthz_answers_a_host_that_is_not_in_allowed_hosts(client, settings):
    settings.ALLOWED_HOSTS = ["academy.example.kz"]

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
