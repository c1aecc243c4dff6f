"""Fault: PostgreSQL restarted (every connection dropped) between requests, and down for
a while. The site runs under gunicorn with production's database settings (persistent
connections, checked before each request: CONN_MAX_AGE, CONN_HEALTH_CHECKS) on a
PostgreSQL cluster of the test's own, a copy of the test database. It answers again
as soon as PostgreSQL does, with nothing done by hand; /healthz says 503 meanwhile."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from courses.models import ItemProgress
from courses.services import enrolment_create
from tests.worker import _database_url, database_or_missing

from .servers import PostgresCluster, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

GUNICORN = Path(sys.executable).with_name("gunicorn")


class Site:
    """HTTP requests to the gunicorn process, with the cookies it set."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port = port
        self.cookies = dict(cookies)

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def status(self, path: str) -> int:
        try:
            return self.request("GET", path)[0]
        except OSError:
            return 0


@pytest.fixture
def cluster():
    cluster = PostgresCluster()
    cluster.init()
    cluster.start()
    yield cluster
    cluster.remove()


def _copy_database(cluster: PostgresCluster) -> str:
    """The test database (committed: a transactional test) copied into the cluster."""
    subprocess.run(
        [cluster.tool("psql"), cluster.url(), "-qc", "CREATE DATABASE birgemiz"],
        check=True,
        capture_output=True,
    )
    dump = subprocess.run(
        [cluster.tool("pg_dump"), "--no-owner", "--no-privileges", _database_url()],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [cluster.tool("psql"), cluster.url("birgemiz"), "-q", "-v", "ON_ERROR_STOP=1"],
        input=dump.stdout,
        check=True,
        capture_output=True,
    )
    return cluster.url("birgemiz")


@pytest.fixture
def gunicorn(cluster, tmp_path, request):
    """Start gunicorn (one sync worker: one database connection, kept between
    requests) on the cluster's copy; returns its port."""
    started = []

    def start(database_url: str) -> int:
        port = free_port()
        log = tmp_path / "gunicorn.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": database_url,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        with open(log, "w") as out:
            process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "-c",
                    "gunicorn.conf.py",
                    "--no-control-socket",
                    "lms.wsgi",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append((process, log))
        deadline = time.monotonic() + 60
        while Site(port, {}).status("/healthz") != 200:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer in 60s"
            time.sleep(0.3)
        return port

    yield start
    for process, log in started:
        process.terminate()
        process.wait(timeout=30)
        request.node.add_report_section("teardown", "gunicorn", log.read_text())


def test_the_site_answers_again_after_postgresql_restarts_without_a_manual_step(
    cluster, gunicorn, home_page, certified_course_and_lessons, holder
):
    database_or_missing()
    course, lessons, _rule = certified_course_and_lessons
    enrolment = enrolment_create(learner=holder, course=course)
    client = Client()
    client.force_login(holder)  # a session in the database, copied with it
    session = {settings.SESSION_COOKIE_NAME: client.cookies["sessionid"].value}
    site = Site(gunicorn(_copy_database(cluster)), session)
    signed_out = reverse("account_logout")

    status, page = site.request("GET", lessons[0].url)
    assert status == 200 and signed_out in page  # signed in, on a kept connection

    cluster.restart()

    # The very next requests: the dropped connection is noticed and replaced.
    status, page = site.request("GET", lessons[0].url)
    assert status == 200 and signed_out in page
    assert site.status(home_page.url) == 200
    status, _page = site.request(
        "POST",
        f"{lessons[0].url}done/",
        {"csrfmiddlewaretoken": site.cookies[settings.CSRF_COOKIE_NAME]},
    )
    assert status == 302

    cluster.stop()
    down = {"healthz": site.status("/healthz"), "lesson": site.status(lessons[1].url)}
    cluster.start()
    up = {"healthz": site.status("/healthz"), "lesson": site.status(lessons[1].url)}

    assert down == {"healthz": 503, "lesson": 500}
    assert up == {"healthz": 200, "lesson": 200}
    # The completion reached the cluster's copy, not the test database.
    assert not ItemProgress.objects.filter(enrolment=enrolment).exists()
