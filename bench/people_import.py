"""People import benchmark (issue 10): a file of 10,000 people, dry run and apply, on
PostgreSQL: wall time, SQL query count and peak memory of each step.

`python bench/people_import.py` (PostgreSQL required; "skipped: ..." and exit status 0
when it does not answer). BENCH_PEOPLE_ROWS changes the number of rows.

The database (BENCH_PEOPLE_IMPORT_DATABASE_URL; default: BENCH_DATABASE_URL's server,
database birgemiz_bench_people_import) is dropped and created from a template database
that manage.py migrate keeps up to date (bench/common.py). In it: the 20 regions (data
migration), a front office in each, a national admin, and 1,000 people already there
(10 % of the file, without a date of birth, which the file gives; half of them also
get a new name from it).

Steps, each timed (time.perf_counter) with its SQL query count:
1. reading the file (CSV, and the same rows as XLSX);
2. the dry run (people.importing.people_import_plan);
3. applying it (people.services.people_import_apply: one transaction). The Celery
   tasks it enqueues after the commit (one assignment-rules task per new position,
   one invitation task per 100 new people) are counted, not run: enqueueing is what
   the import pays; their work belongs to the workers. One invitation batch (100
   e-mails) is then timed on its own;
4. applying the same file again, which must change nothing (exit status 1 otherwise).
Peak memory: the Python allocations of the dry run and of the apply (tracemalloc, in
a separate pass: the apply's is measured in a transaction rolled back), and the
process's resident high-water mark (getrusage).
"""

from __future__ import annotations

import io
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    bench_database_url,
    django_on_bench_database,
)

DATABASE_URL = bench_database_url(
    "BENCH_PEOPLE_IMPORT_DATABASE_URL", "birgemiz_bench_people_import"
)
RESULTS = ROOT / "bench" / "results" / "people_import"
ROWS = int(os.environ.get("BENCH_PEOPLE_ROWS", "10000"))
HEADER = [
    "E-mail",
    "ФИО",
    "Дата рождения",
    "Регион",
    "Организация",
    "Роль",
    "Дата начала",
]


def build() -> tuple[object, list[list[str]]]:
    """The regions' front offices, a national admin, the people already here; returns
    the admin and the rows of the file."""
    from django.contrib.auth.hashers import make_password

    from people.models import Organization, Region, User
    from people.roles import Role
    from tests.factories import OrganizationFactory, staff_member

    regions = list(Region.objects.order_by("iso_code"))
    offices = Organization.objects.bulk_create(
        [
            Organization(
                name=f"РФО {region.name_ru}",
                kind=Organization.Kind.REGIONAL_FRONT_OFFICE,
                region=region,
            )
            for region in regions
        ]
    )
    national = OrganizationFactory(
        name="Национальный фронт-офис",
        kind=Organization.Kind.NATIONAL_OFFICE,
        region=None,
    )
    admin = staff_member(Role.NATIONAL_ADMIN, organization=national)
    existing = ROWS // 10
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=f"person{n}@example.kz",
                full_name=f"Человек Номер {n}" if n % 2 else f"Старое Имя {n}",
                region=regions[n % len(regions)],
                password=password,
            )
            for n in range(existing)
        ]
    )
    rows = []
    for n in range(ROWS):
        region = regions[n % len(regions)]
        rows.append(
            [
                f"Person{n}@Example.kz",
                f"Человек Номер {n}",
                f"{1 + n % 28:02d}.{1 + n % 12:02d}.{1960 + n % 45}",
                region.iso_code,
                offices[n % len(regions)].name,
                ["staff", "leader", "Наставник / тренер"][n % 3],
                "01.09.2025",
            ]
        )
    return admin, rows


def csv_bytes(rows) -> bytes:
    lines = [";".join(HEADER), *(";".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(function):
    """(result, seconds, queries) of a call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return result, seconds, len(queries)


def peak(function) -> float:
    """Peak Python allocations of a call, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def broker_round_trips(sent: list[tuple]) -> str:
    """Send the tasks the apply enqueued to a real Redis broker (BENCH_REDIS_URL,
    default db 8 of the local server), on a queue no worker reads, then delete the
    queue: what enqueueing costs when Celery is not eager."""
    from bench.common import redis_answers

    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    why = redis_answers(url)
    if why:
        return f"Enqueueing to Redis: skipped ({url}: {why})."
    from lms.celery import app

    queue = "bench-people-import"
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    try:
        started = time.perf_counter()
        with app.producer_pool.acquire(block=True) as producer:
            for task, args, kwargs in sent:
                task.apply_async(
                    args=args, kwargs=kwargs, queue=queue, producer=producer
                )
        seconds = time.perf_counter() - started
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)
    finally:
        app.conf.task_always_eager = True
    return (
        f"Enqueueing those {len(sent):,} tasks to Redis ({url}): {seconds:.2f} s "
        f"({seconds / max(1, len(sent)) * 1e3:.2f} ms each)."
    )


class Rollback(Exception):
    pass


def main() -> int:
    setup = django_on_bench_database(DATABASE_URL, label="people-import-bench")
    if setup is None:
        return 0
    from celery.app.task import Task
    from django.core import mail
    from django.db import transaction

    from people.importing import people_file_read, people_import_plan
    from people.models import Position, User
    from people.services import people_import_apply
    from people.tasks import user_invitations_send

    admin, rows = build()
    users_before = User.objects.count()
    csv_raw, xlsx_raw = csv_bytes(rows), xlsx_bytes(rows)
    (parsed, problems), csv_seconds, _ = timed(lambda: people_file_read(csv_raw))
    assert not problems, problems
    (xlsx_parsed, _), xlsx_seconds, _ = timed(lambda: people_file_read(xlsx_raw))
    assert len(xlsx_parsed) == len(parsed)

    plan, plan_seconds, plan_queries = timed(
        lambda: people_import_plan(rows=parsed, actor=admin)
    )
    assert not plan.errors, plan.errors[:5]
    plan_peak = peak(lambda: people_import_plan(rows=parsed, actor=admin))

    def rolled_back_apply():
        try:
            with transaction.atomic():
                people_import_apply(rows=parsed, actor=admin, filename="bench.csv")
                raise Rollback
        except Rollback:
            pass

    apply_peak = peak(rolled_back_apply)
    assert User.objects.count() == users_before

    enqueued: list[str] = []
    real_apply_async = Task.apply_async

    sent: list[tuple] = []

    def count_only(self, args=None, kwargs=None, **options):
        enqueued.append(self.name)
        sent.append((self, args, kwargs))

    Task.apply_async = count_only
    try:
        rss_before = maxrss_mb()
        first, apply_seconds, apply_queries = timed(
            lambda: people_import_apply(rows=parsed, actor=admin, filename="bench.csv")
        )
        rss_after = maxrss_mb()
        tasks_first = len(enqueued)
        enqueued.clear()
        second, again_seconds, again_queries = timed(
            lambda: people_import_apply(rows=parsed, actor=admin, filename="bench.csv")
        )
        tasks_second = len(enqueued)
    finally:
        Task.apply_async = real_apply_async

    broker = broker_round_trips(sent)

    new_ids = list(
        User.objects.filter(invited_at__isnull=True, email__startswith="person")
        .order_by("pk")
        .values_list("pk", flat=True)[:100]
    )
    mail.outbox = []
    _, invite_seconds, invite_queries = timed(
        lambda: user_invitations_send(user_ids=new_ids)
    )
    invitations = len(mail.outbox)

    counts = first.counts
    lines = [
        f"## People import bench: a file of {ROWS:,} rows (PostgreSQL)",
        "",
        f"Database {setup}; {ROWS // 10:,} of the file's people already there "
        f"(each gets a date of birth, half another name); 20 regions, a front office "
        "each.",
        "",
        "| step | time, s | queries | peak Python memory, MB |",
        "| --- | ---: | ---: | ---: |",
        f"| read the CSV ({len(csv_raw) / 1e6:.1f} MB) | {csv_seconds:.2f} | 0 | |",
        f"| read the XLSX ({len(xlsx_raw) / 1e6:.1f} MB) | {xlsx_seconds:.2f} | 0 | |",
        f"| dry run (plan) | {plan_seconds:.2f} | {plan_queries} | {plan_peak:.0f} |",
        f"| apply (one transaction) | {apply_seconds:.2f} | {apply_queries} | "
        f"{apply_peak:.0f} |",
        f"| apply the same file again | {again_seconds:.2f} | {again_queries} | |",
        f"| one invitation batch (100 e-mails, after the commit) | "
        f"{invite_seconds:.2f} | {invite_queries} | |",
        "",
        f"Applied: {counts['people_created']:,} people created, "
        f"{counts['people_updated']:,} updated, {counts['positions_created']:,} "
        f"positions, {counts['unchanged']:,} rows unchanged; "
        f"{tasks_first:,} Celery tasks enqueued after the commit "
        f"({tasks_first - len(range(0, counts['people_created'], 100)):,} "
        f"assignment-rules tasks, {len(range(0, counts['people_created'], 100))} "
        f"invitation batches). Again: {second.counts['unchanged']:,} rows unchanged, "
        f"{tasks_second} tasks. {invitations} invitations sent by one batch. "
        f"Process resident high-water mark: {rss_before:.0f} MB before the apply, "
        f"{rss_after:.0f} MB after.",
        "",
        broker,
    ]
    failed = (
        second.changes
        or tasks_second
        or Position.objects.filter(user__email__startswith="person").count()
        != counts["positions_created"]
    )
    if failed:
        lines += ["", f"FAILED: the second apply changed something: {second.counts}"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
