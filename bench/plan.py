"""Yearly plan benchmark (issue 9): the plan of 20 regions x 4 quarters on PostgreSQL,
then the same again (which must create nothing).

`python bench/plan.py` (PostgreSQL required; "skipped: ..." and exit status 0 when it
does not answer).

The database (BENCH_PLAN_DATABASE_URL; default: BENCH_DATABASE_URL's server, database
birgemiz_bench_plan) is dropped and created from a template database that manage.py
migrate keeps up to date (bench/common.py). In it: the 20 regions (data migration),
Kazakhstan's public holidays of the year, and a front office with a regional admin in
each region, so that every quarter's plan notices are rendered and sent (lms.settings.test:
Celery eager, e-mail kept in memory). The year is BENCH_PLAN_YEAR (default: next year).

A run calls scheduling.services.plan_quarter_create for each quarter in turn, as the
command does, and times each call (its notices included: they are sent when its
transaction commits) with its SQL query count. The second run must create 0 sessions,
0 days and send 0 e-mails (exit status 1 otherwise).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    bench_database_url,
    django_on_bench_database,
)

DATABASE_URL = bench_database_url("BENCH_PLAN_DATABASE_URL", "birgemiz_bench_plan")
RESULTS = ROOT / "bench" / "results" / "plan"


def people_build() -> int:
    """A front office and its regional admin in every region."""
    from people.models import Region
    from people.roles import Role
    from tests.factories import OrganizationFactory, staff_member

    regions = list(Region.objects.order_by("iso_code"))
    for number, region in enumerate(regions):
        office = OrganizationFactory(name=f"РФО {region.name_ru}", region=region)
        staff_member(
            Role.REGIONAL_ADMIN,
            organization=office,
            email=f"bench-admin-{number}@example.kz",
            preferred_language="kk" if number % 2 else "ru",
        )
    return len(regions)


def run(year: int) -> list[dict]:
    """Plan each quarter of `year`; one row of figures per quarter."""
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scheduling.models import SessionDay
    from scheduling.services import plan_quarter_create

    rows = []
    for quarter in (1, 2, 3, 4):
        mail.outbox = []
        days_before = SessionDay.objects.count()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = plan_quarter_create(year=year, quarter=quarter)
            seconds = time.perf_counter() - started
        rows.append(
            {
                "period": result.period,
                "seconds": seconds,
                "created": len(result.created),
                "skipped": len(result.skipped),
                "days": SessionDay.objects.count() - days_before,
                "mails": len(mail.outbox),
                "queries": len(queries),
            }
        )
    return rows


def table(title: str, rows: list[dict]) -> list[str]:
    lines = [
        f"### {title}",
        "",
        "| quarter | time, ms | sessions created | already planned | days | "
        "e-mails | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['period']} | {row['seconds'] * 1000:.0f} | {row['created']} | "
            f"{row['skipped']} | {row['days']} | {row['mails']} | {row['queries']} |"
        )
    total = sum(row["seconds"] for row in rows)
    lines.append(
        f"| **year** | **{total * 1000:.0f}** | "
        f"**{sum(r['created'] for r in rows)}** | "
        f"**{sum(r['skipped'] for r in rows)}** | **{sum(r['days'] for r in rows)}** | "
        f"**{sum(r['mails'] for r in rows)}** | **{sum(r['queries'] for r in rows)}** |"
    )
    return lines


def main() -> int:
    setup = django_on_bench_database(DATABASE_URL, label="plan-bench")
    if setup is None:
        return 0
    from django.utils import timezone

    from scheduling.services import holiday_defaults_load

    year = int(os.environ.get("BENCH_PLAN_YEAR", timezone.localdate().year + 1))
    holidays = len(holiday_defaults_load(years=[year]))
    admins = people_build()

    first = run(year)
    second = run(year)

    lines = [
        f"## Yearly plan bench: 20 regions x 4 quarters of {year} (PostgreSQL)",
        "",
        f"Database {setup}; {holidays} public holidays, {admins} regional admins.",
        "",
        *table("First run (creates the year)", first),
        "",
        *table("Second run (creates nothing)", second),
    ]
    again = [row for row in second if row["created"] or row["days"] or row["mails"]]
    if again:
        lines += ["", f"FAILED: the second run created or sent something: {again}"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if again else 0


if __name__ == "__main__":
    sys.exit(main())
