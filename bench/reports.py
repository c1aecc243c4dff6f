"""Reports benchmark (issue 11): the completion dashboard at 12,000 and at 120,000
learners on PostgreSQL, national (all 20 regions) and filtered (one region, one
course, the last six months), each with its SQL query count.

`python bench/reports.py` (PostgreSQL required; "skipped: ..." and exit status 0 when
it does not answer). The two databases hold `manage.py generate_load_data` sets:
BENCH_REPORTS_12K_URL (default database birgemiz_load12k, `--scale 0.1 --with-demo`)
and BENCH_REPORTS_120K_URL (default birgemiz_loaddata, the default scale). A database
without the set is migrated and filled first (about 1 and 4 minutes); one that has it
is migrated and kept.

Each database is measured in a process of its own (lms.settings.dev, DEBUG off):
1. the summary rebuilt (reports.services.completion_summary_refresh), timed once;
2. reports.selectors.completion_dashboard for the national admin, national and
   filtered: two warm-up calls, then the median and maximum of 7 (time.perf_counter),
   with the queries of one call (CaptureQueriesContext);
3. the same two through the whole page (Django test client, logged in): median of 7;
4. the other report pages (figures by region and by course, targets, expiring
   certificates, audit log), whole, median of 7, for the record.
Exit status 1 when the 120k/12k ratio of a median is above 3, the national dashboard's
median above 300 ms at 120,000 learners, or the query counts differ.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_database_url, postgres_missing  # noqa: E402

SETS = [
    ("12k", bench_database_url("BENCH_REPORTS_12K_URL", "birgemiz_load12k"), "0.1"),
    ("120k", bench_database_url("BENCH_REPORTS_120K_URL", "birgemiz_loaddata"), "1"),
]
RUNS = 7
# Timed whole as well (not held to the ratio: some count live).
OTHER_PAGES = [
    "reports:activity",
    "reports:by_course",
    "reports:targets",
    "reports:expiring_certificates",
    "reports:audit",
]
ADMIN = "admin@demo.birgemiz.kz"


def _manage(url: str, *args: str, debug: bool = False) -> subprocess.CompletedProcess:
    """manage.py on `url`; with DEBUG off (as measured) unless `debug` (the load data
    generator refuses to run with DEBUG off)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DJANGO_DEBUG": "true" if debug else "false",
        "LMS_PUBLIC_URL": "https://academy.example.kz",
        "DJANGO_ALLOWED_HOSTS": "academy.example.kz",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _prepare(url: str, scale: str) -> None:
    from bench.common import pg_admin

    name = url.rsplit("/", 1)[1]
    admin = pg_admin(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    if not admin.execute(
        "SELECT 1 FROM pg_database WHERE datname=%s", [name]
    ).fetchone():
        admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    for args in (("migrate", "--noinput", "-v0"),):
        done = _manage(url, *args)
        if done.returncode:
            sys.exit(done.stderr)
    done = _manage(
        url, "generate_load_data", "--scale", scale, "--with-demo", debug=True
    )
    if done.returncode and "already there" not in done.stderr:
        sys.exit(done.stderr)


def _timed(call) -> tuple[float, float]:
    for _ in range(2):
        call()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def measure() -> dict:
    """In the child process: Django on DATABASE_URL."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from courses.models import CoursePage
    from people.models import User
    from people.selectors import region_list
    from reports.forms import DashboardFilterForm
    from reports.selectors import DashboardFilters, completion_dashboard
    from reports.services import completion_summary_refresh

    state = completion_summary_refresh()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_completionfigure")
    admin = User.objects.get(email=ADMIN)
    region = region_list().get(iso_code="KZ-75")
    course = CoursePage.objects.live().filter(locale__language_code="ru").first()
    month = timezone.localdate().replace(day=1)
    six_ago = (month - datetime.timedelta(days=150)).replace(day=1)
    filtered = DashboardFilters(
        region_id=region.pk, target_key=course.translation_key, date_from=six_ago
    )
    query = {
        "region": region.pk,
        "target": str(course.translation_key),
        "date_from": f"{six_ago:%Y-%m}",
    }
    assert DashboardFilterForm(query, viewer=admin).filters() == filtered
    result = {
        "learners": User.objects.filter(email__endswith="@load.birgemiz.test").count(),
        "summary_rows": state.rows,
        "refresh_s": state.seconds,
    }
    for name, filters, params in (
        ("national", None, {}),
        ("filtered", filtered, query),
    ):

        def call(filters=filters):
            viewer = User.objects.get(pk=admin.pk)  # nothing memoised on it
            completion_dashboard(viewer=viewer, filters=filters)

        # Counted at once: a request (the page below) empties connection.queries.
        with CaptureQueriesContext(connection) as captured:
            call()
        queries = len(captured)
        median, worst = _timed(call)
        client = Client()
        client.force_login(admin)
        url = reverse("reports:dashboard")

        def page(params=params, client=client, url=url):
            response = client.get(
                url, params, HTTP_HOST="academy.example.kz", secure=True
            )
            assert response.status_code == 200, response.status_code

        with CaptureQueriesContext(connection) as page_captured:
            page()
        page_queries = len(page_captured)
        page_median, _ = _timed(page)
        result[name] = {
            "ms": round(median, 1),
            "max_ms": round(worst, 1),
            "queries": queries,
            "page_ms": round(page_median, 1),
            "page_queries": page_queries,
        }
    # The other report pages, whole (each page's median, queries of one request).
    client = Client()
    client.force_login(admin)
    result["pages"] = {}
    for name in OTHER_PAGES:
        url = reverse(name)

        def other(url=url, client=client):
            response = client.get(url, HTTP_HOST="academy.example.kz", secure=True)
            assert response.status_code == 200, (url, response.status_code)

        with CaptureQueriesContext(connection) as other_captured:
            other()
        queries = len(other_captured)
        median, _worst = _timed(other)
        result["pages"][name] = {"ms": round(median, 1), "queries": queries}
    return result


def main() -> int:
    missing = postgres_missing(SETS[0][1])
    if missing:
        print(missing)
        return 0
    results = {}
    for label, url, scale in SETS:
        _prepare(url, scale)
        done = _manage(
            url,
            "shell",
            "-c",
            "from bench.reports import measure; import json; print('RESULT', json.dumps(measure()))",
        )
        line = [row for row in done.stdout.splitlines() if row.startswith("RESULT ")]
        if done.returncode or not line:
            sys.exit(done.stderr or done.stdout)
        results[label] = json.loads(line[0][7:])
        print(label, json.dumps(results[label]))
    small, large = results["12k"], results["120k"]
    failed = False
    for name in ("national", "filtered"):
        ratio = large[name]["ms"] / small[name]["ms"]
        same = large[name]["queries"] == small[name]["queries"]
        print(
            f"{name}: {small[name]['ms']} ms -> {large[name]['ms']} ms, ratio {ratio:.2f}, "
            f"queries {small[name]['queries']} / {large[name]['queries']}; page "
            f"{small[name]['page_ms']} -> {large[name]['page_ms']} ms "
            f"({small[name]['page_queries']} / {large[name]['page_queries']} queries)"
        )
        failed |= ratio > 3 or not same
    for name in OTHER_PAGES:
        a, b = small["pages"][name], large["pages"][name]
        print(
            f"{name}: {a['ms']} ms -> {b['ms']} ms ({a['queries']} / {b['queries']} "
            "queries)"
        )
    failed |= large["national"]["ms"] > 300
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
