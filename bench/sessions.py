"""A burst of registrations (issue 9): 200 people press "Register" for the same
session at the same moment, through gunicorn on the production stack.

`python bench/sessions.py` (run by `make bench`; "skipped: ..." and exit status 0
when PostgreSQL or Redis does not answer).

The stack is the pages bench's (bench/pages_site: production settings, gunicorn
started with `-c gunicorn.conf.py`, a database of its own made from the migrated
template database: BENCH_SESSIONS_DATABASE_URL, default database
birgemiz_bench_sessions on the server of BENCH_DATABASE_URL; Redis db
BENCH_SESSIONS_REDIS_URL, default redis://127.0.0.1:6379/12, flushed first). No demo
data: one region's front office, BENCH_SESSIONS_PEOPLE staff members (default 200)
and one open session of BENCH_SESSIONS_SEATS seats (default 50) with a waitlist.

Each person first opens the session page (their own session cookie, made with
Django's test client) and takes the CSRF token from its form, as a browser does;
then every person's POST of the register form is released at once by a barrier, one
thread and one connection per person. Then the same again (a double click of
everyone). Counted: answers per status (a 5xx fails the bench), and in the database:
registered (must be exactly the seats: none over), waitlisted (the rest: none lost),
one registration per person, seats 1..N each once, and the waitlist in the order
the rows arrived. The report is printed and written to bench/results/sessions.md.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    bench_database_url,
    interrupt_on_sigterm,
    percentile,
    services_missing,
    site_build,
)
from bench.pages_site.stack import (  # noqa: E402
    Failed,
    environment,
    free_port,
    git_commit,
    gunicorn_facts,
    gunicorn_start,
    gunicorn_stop,
    stack_prepare,
    wait_until_serving,
)

DATABASE_URL = bench_database_url(
    "BENCH_SESSIONS_DATABASE_URL", "birgemiz_bench_sessions"
)
REDIS_URL = os.environ.get("BENCH_SESSIONS_REDIS_URL", "redis://127.0.0.1:6379/12")
PEOPLE = int(os.environ.get("BENCH_SESSIONS_PEOPLE", "200"))
SEATS = int(os.environ.get("BENCH_SESSIONS_SEATS", "50"))
RESULTS = ROOT / "bench" / "results"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def people_build(port: int) -> tuple[int, str, list[tuple[int, str]]]:
    """The site, the region's front office, the people and the session; returns
    the session's id, its page's path and (person id, session cookie) pairs."""
    import datetime as dt

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone, translation

    from people.models import Organization, User
    from people.roles import Role
    from people.services import position_start
    from scheduling.models import SessionKind, SessionStatus
    from scheduling.services import DaySpec, session_create
    from tests.factories import region_by_code

    site_build(hostname="127.0.0.1", port=port)
    region = region_by_code("KZ-35")
    office = Organization.objects.create(
        name="Фронт-офис (бенч)", kind="regional_front_office", region=region
    )
    people = []
    for n in range(PEOPLE):
        person = User.objects.create_user(
            email=f"staff{n}@bench.birgemiz.kz",
            password=None,
            full_name=f"Сотрудник {n}",
            region=region,
        )
        position_start(user=person, organization=office, role=Role.STAFF)
        people.append(person)
    first = timezone.localdate() + dt.timedelta(days=21)
    session = session_create(
        by=None,
        days=[
            DaySpec(first + dt.timedelta(days=n), dt.time(10), dt.time(17))
            for n in range(2)
        ],
        kind=SessionKind.INTENSIVE,
        title_ru="Квартальный интенсив (бенч)",
        region=region,
        capacity=SEATS,
        waitlist=True,
        status=SessionStatus.OPEN,
        audience_roles=[Role.STAFF],
    )
    with translation.override("ru"):
        path = reverse("scheduling:session_detail", kwargs={"pk": session.pk})
    cookies = []
    name = settings.SESSION_COOKIE_NAME
    for person in people:
        client = Client()
        client.force_login(person)
        cookies.append((person.pk, f"{name}={client.cookies[name].value}"))
    return session.pk, path, cookies


class Browser:
    """One person's connection: their cookies, the CSRF token of the page's form."""

    def __init__(self, base: str, cookie: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.cookie = cookie

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            NoRedirect, urllib.request.HTTPCookieProcessor(self.jar)
        )

    def _headers(self) -> dict[str, str]:
        cookies = "; ".join([self.cookie, *(f"{c.name}={c.value}" for c in self.jar)])
        return {"Cookie": cookies, "Referer": self.base + "/"}

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers=self._headers()
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


def register_form(page: str) -> tuple[str, str]:
    """The register form's action and CSRF token on a session page."""
    for form in re.findall(r"<form[^>]*>.*?</form>", page, flags=re.S):
        action = re.search(r'action="([^"]+)"', form)
        token = TOKEN.search(form)
        if action and token and "register" in action.group(1):
            return action.group(1).replace("&amp;", "&"), token.group(1)
    raise Failed("the session page has no register form")


def burst(browsers: list[Browser], forms: list[tuple[str, str]]) -> dict:
    """Every POST released at once; the statuses and the time each took."""
    barrier = threading.Barrier(len(browsers))
    statuses: list[int] = [0] * len(browsers)
    seconds: list[float] = [0.0] * len(browsers)

    def post(index: int) -> None:
        action, token = forms[index]
        barrier.wait()
        started = time.perf_counter()
        try:
            statuses[index], _ = browsers[index].open(
                action, {"csrfmiddlewaretoken": token}
            )
        except OSError:
            statuses[index] = -1  # connection refused or reset
        seconds[index] = time.perf_counter() - started

    started = time.perf_counter()
    threads = [threading.Thread(target=post, args=(n,)) for n in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "wall": time.perf_counter() - started,
        "statuses": Counter(statuses),
        "p50": statistics.median(seconds),
        "p99": percentile(seconds, 99),
    }


def database_facts(session_id: int) -> dict:
    from django.db import connection

    from scheduling.models import Registration, RegistrationStatus

    rows = list(
        Registration.objects.filter(session_id=session_id)
        .order_by("pk")
        .values("pk", "person_id", "status", "seat", "created_at")
    )
    connection.close()
    registered = [r for r in rows if r["status"] == RegistrationStatus.REGISTERED]
    waitlisted = [r for r in rows if r["status"] == RegistrationStatus.WAITLISTED]
    seats = sorted(r["seat"] for r in registered)
    return {
        "rows": len(rows),
        "people": len({r["person_id"] for r in rows}),
        "registered": len(registered),
        "waitlisted": len(waitlisted),
        "seats ok": seats == list(range(1, len(registered) + 1)),
        "order ok": not registered
        or not waitlisted
        or max(r["pk"] for r in registered) < min(r["pk"] for r in waitlisted),
    }


def main() -> int:
    missing = services_missing(database_url=DATABASE_URL, redis_url=REDIS_URL)
    if missing:
        print(missing)
        return 0
    interrupt_on_sigterm()
    RESULTS.mkdir(parents=True, exist_ok=True)
    files = Path(tempfile.mkdtemp(prefix="sessions-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = environment(
        port=port, files=files, database_url=DATABASE_URL, redis_url=REDIS_URL
    )
    gunicorn = None
    try:
        started = time.perf_counter()
        try:
            setup = stack_prepare(env, label="sessions-bench")
        except RuntimeError:
            print("## Sessions bench failed: migrate or collectstatic failed")
            return 1
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        session_id, path, cookies = people_build(port)
        connection.close()
        gunicorn = gunicorn_start(env, RESULTS / "sessions-gunicorn.log")
        wait_until_serving(base, gunicorn)
        browsers = [Browser(base, cookie) for _pk, cookie in cookies]
        forms = []
        for browser in browsers:
            status, page = browser.open(path)
            if status != 200:
                raise Failed(f"the session page answered {status}")
            forms.append(register_form(page))
        print(
            f"Set up in {time.perf_counter() - started:.0f} s (database {setup}); "
            f"{len(browsers)} people hold the session page with its form."
        )
        first = burst(browsers, forms)
        after_first = database_facts(session_id)
        again = burst(browsers, forms)
        after_again = database_facts(session_id)
        lines = report(first, after_first, again, after_again)
        (RESULTS / "sessions.md").write_text("\n".join(lines) + "\n")
        print("\n".join(lines))
        failures = []
        for name, result, facts in (
            ("burst", first, after_first),
            ("double click", again, after_again),
        ):
            errors = sum(n for s, n in result["statuses"].items() if s >= 500 or s < 0)
            if errors:
                failures.append(f"{name}: {errors} answers 5xx or refused")
            if facts["registered"] != min(SEATS, PEOPLE):
                failures.append(f"{name}: {facts['registered']} registered")
            if facts["rows"] != PEOPLE or facts["people"] != PEOPLE:
                failures.append(f"{name}: {facts['rows']} registrations")
            if not facts["seats ok"] or not facts["order ok"]:
                failures.append(f"{name}: seats or order wrong")
        if failures:
            print("## FAILED: " + "; ".join(failures))
            return 1
        return 0
    except Failed as exc:
        print(f"## Sessions bench failed: {exc}")
        return 1
    except KeyboardInterrupt:
        print("interrupted: stopping gunicorn")
        return 130
    finally:
        if gunicorn is not None:
            gunicorn_stop(gunicorn)
        shutil.rmtree(files, ignore_errors=True)


def report(first, after_first, again, after_again) -> list[str]:
    def statuses(result) -> str:
        return ", ".join(f"{n}× {s}" for s, n in sorted(result["statuses"].items()))

    lines = [
        f"## Registration burst ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"commit {git_commit()})",
        "",
        f"{PEOPLE} people press Register at once for {SEATS} seats, through gunicorn "
        f"({gunicorn_facts()}), {os.cpu_count()} cores, load "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        "| run | answers | wall | p50 | p99 | registered | waitlisted | rows | "
        "seats 1..N once | arrival order |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result, facts in (
        ("burst", first, after_first),
        ("everyone again (double click)", again, after_again),
    ):
        lines.append(
            f"| {name} | {statuses(result)} | {result['wall']:.2f} s | "
            f"{result['p50'] * 1000:.0f} ms | {result['p99'] * 1000:.0f} ms | "
            f"{facts['registered']} | {facts['waitlisted']} | {facts['rows']} | "
            f"{'yes' if facts['seats ok'] else 'NO'} | "
            f"{'yes' if facts['order ok'] else 'NO'} |"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
