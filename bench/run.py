"""Benchmarks (`make bench`): page speed and query counts as the data grows.

Builds a throwaway test database (SQLite by default; PostgreSQL with
DATABASE_URL=postgres://...), creates a course with 3 and one with 30 lessons and a learner
with 1 and one with 20 enrolments, then times the lesson page, the course page and "My
learning" (median of N requests, after a warm-up) and counts their queries. The ratios in
one run are what matters: a page that does not grow with the data has ratio ~1.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def build():
    from wagtail.models import Locale, Page, Site

    from courses import services
    from courses.models import CatalogPage
    from lms.models import HomePage
    from tests.factories import ProgramFactory, UserFactory, course_with_lessons

    ru = Locale.objects.get(language_code="ru")
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Академия", slug="home", locale=ru))
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True
    )
    catalog = home.add_child(instance=CatalogPage(title="Каталог", slug="catalog"))
    catalog.save_revision().publish()
    program = ProgramFactory(parent=catalog)
    small, small_lessons = course_with_lessons(program, 3)
    large, large_lessons = course_with_lessons(program, 30)
    extra = [course_with_lessons(program, 5)[0] for _ in range(19)]

    one = UserFactory()
    many = UserFactory()
    for course, lessons in ((small, small_lessons), (large, large_lessons)):
        for user in (one, many):
            enrolment = services.enrolment_create(learner=user, course=course)
            services.item_complete(enrolment=enrolment, item=lessons[0])
    for course in extra[:18]:
        services.enrolment_create(learner=many, course=course)
    # `one` has 2 enrolments and `many` has 20.
    return {
        "small_course": small,
        "large_course": large,
        "small_lesson": small_lessons[1],
        "large_lesson": large_lessons[15],
        "one": one,
        "many": many,
    }


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm-up (site root paths, template compilation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # Count now: every request clears the connection's query log (request_started).
    query_count = len(queries)
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, query_count


def main() -> int:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        data = build()
        rows = []
        for label, user, small_url, large_url, what in (
            (
                "lesson page",
                "one",
                data["small_lesson"].url,
                data["large_lesson"].url,
                "3 vs 30 lessons",
            ),
            (
                "course page",
                "one",
                data["small_course"].url,
                data["large_course"].url,
                "3 vs 30 lessons",
            ),
        ):
            client = Client()
            client.force_login(data[user])
            small = measure(client, small_url)
            large = measure(client, large_url)
            rows.append((label, what, small, large))
        small_client, large_client = Client(), Client()
        small_client.force_login(data["one"])
        large_client.force_login(data["many"])
        rows.append(
            (
                "My learning",
                "2 vs 20 enrolments",
                measure(small_client, "/ru/my/"),
                measure(large_client, "/ru/my/"),
            )
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    vendor = connection.vendor
    print(
        f"Database: {vendor}; median of {REPEAT} requests through the Django test client\n"
    )
    print("| page | data | small: ms / queries | large: ms / queries | time ratio |")
    print("|---|---|---|---|---|")
    for label, what, (small_ms, small_q), (large_ms, large_q) in rows:
        print(
            f"| {label} | {what} | {small_ms:.1f} / {small_q} | {large_ms:.1f} / {large_q} "
            f"| {large_ms / small_ms:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
