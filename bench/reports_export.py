"""Reports export benchmark (issue 11): every enrolment of the national load data set
as CSV (streamed) and XLSX (openpyxl write-only, temporary file), requested as a
national admin: rows, seconds and peak memory of each.

`python bench/reports_export.py` (PostgreSQL required; "skipped: ..." and exit status
0 when it does not answer). BENCH_REPORTS_SCALE (default 1: 120,000 learners, about
200,000 enrolments and 870,000 item progress rows) is `generate_load_data --scale`.

The database (BENCH_REPORTS_EXPORT_DATABASE_URL; default: BENCH_DATABASE_URL's
server, database birgemiz_bench_reports_export) is dropped, created from the migrated
template database (bench/common.py) and filled by `manage.py generate_load_data
--with-demo --force --scale <BENCH_REPORTS_SCALE>`. With BENCH_REPORTS_REUSE=1 the
database is used as it is, already filled (e.g. the 120,000 learners of
birgemiz_loaddata): nothing is dropped or generated.

Each export runs in a fresh Python process (this file with `--child csv|xlsx`) that
sets Django up, logs the national admin into the Django test client, requests the
export once with no rows (imports and caches warm), then the whole export, reading
the streamed response to its end (the XLSX into a temporary file). Memory is the
process's resident size just before the whole export (the baseline, where the
high-water mark is reset: /proc/self/clear_refs) and its resident high-water mark
after it (VmHWM of /proc/self/status; getrusage's ru_maxrss where there is no /proc,
though on Linux it carries the parent's high-water mark across fork and exec): the
difference is what the export cost. The rows are counted from the bytes (CSV lines; the XLSX read back with openpyxl after
the measurement) and must equal the enrolments the dashboard counts (exit status 1
otherwise).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    bench_database_url,
    django_on_bench_database,
    postgres_missing,
)

DATABASE_URL = bench_database_url(
    "BENCH_REPORTS_EXPORT_DATABASE_URL", "birgemiz_bench_reports_export"
)
RESULTS = ROOT / "bench" / "results" / "reports_export"
SCALE = float(os.environ.get("BENCH_REPORTS_SCALE", "1"))
REUSE = bool(os.environ.get("BENCH_REPORTS_REUSE"))
ADMIN_EMAIL = "national-admin@bench.birgemiz.test"
# The warm-up's filter: learners of the national office's kind (none generated).
WARM_UP = {"organization_kind": "national_office"}


def _status_mb(field: str) -> float | None:
    """A memory figure of this process from /proc/self/status (Linux), in MB."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


def peak_reset() -> float:
    """Start measuring the peak from now: reset the resident high-water mark to the
    resident size (Linux: "5" into /proc/self/clear_refs); returns that size, MB.
    Where it cannot be reset, the baseline is the high-water mark so far."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_mb("VmRSS")
    except OSError:
        return peak_mb()


def peak_mb() -> float:
    """The resident high-water mark of this process's memory, MB: VmHWM (Linux),
    else getrusage's ru_maxrss, which on Linux also carries the high-water mark of
    the process it was forked from across exec (the parent, after generating the
    data: hundreds of MB that are not the export's)."""
    hwm = _status_mb("VmHWM")
    if hwm is not None:
        return hwm
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def national_admin():
    """A national admin (the bench's own, made once)."""
    from people.models import Organization, User
    from people.roles import Role
    from tests.factories import OrganizationFactory, staff_member

    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is not None:
        return admin
    office = OrganizationFactory(
        name="Bench national office",
        kind=Organization.Kind.NATIONAL_OFFICE,
        region=None,
    )
    return staff_member(
        Role.NATIONAL_ADMIN,
        organization=office,
        email=ADMIN_EMAIL,
        full_name="Bench national admin",
    )


def expected_rows() -> int:
    """The enrolments the dashboard's population has (active learners in a region)."""
    from courses.models import Enrolment

    return Enrolment.objects.filter(
        learner__is_active=True, learner__region__isnull=False
    ).count()


# The child: one export in a fresh process
# ------------------------------------------------------------------------------


def child(kind: str) -> int:
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from people.models import User

    client = Client(HTTP_HOST="localhost")  # in the test settings' ALLOWED_HOSTS
    client.force_login(User.objects.get(email=ADMIN_EMAIL))
    with translation.override("ru"):
        url = reverse(f"reports:enrolments_{kind}")

    def read(response, out) -> tuple[int, int]:
        """Read the response to its end: its size and number of lines (or write it
        to `out`)."""
        size = lines = 0
        for chunk in response.streaming_content:
            chunk = chunk.encode() if isinstance(chunk, str) else chunk
            size += len(chunk)
            if out is None:
                lines += chunk.count(b"\n")
            else:
                out.write(chunk)
        return size, lines

    warm = client.get(url, WARM_UP)
    assert warm.status_code == 200, warm.status_code
    with tempfile.TemporaryFile() as sink:
        read(warm, None if kind == "csv" else sink)
    baseline = peak_reset()
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        size, lines = read(response, out if kind == "xlsx" else None)
        response.close()
        seconds = time.perf_counter() - started
        peak = peak_mb()
        if kind == "csv":
            rows = lines - 1  # the header
        else:
            from openpyxl import load_workbook

            out.seek(0)
            book = load_workbook(out, read_only=True)
            rows = sum(1 for _row in book.active.iter_rows(values_only=True)) - 1
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "bytes": size,
                "baseline_mb": baseline,
                "peak_mb": peak,
            }
        )
    )
    return 0


# The parent: the data set, then each export in its own process
# ------------------------------------------------------------------------------


def django_on_existing_database(url: str) -> str | None:
    """Django on the database as it is (BENCH_REPORTS_REUSE)."""
    missing = postgres_missing(url)
    if missing:
        print(missing)
        return None
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    import django

    django.setup()
    return "used as it was (BENCH_REPORTS_REUSE)"


def main() -> int:
    if REUSE:
        setup = django_on_existing_database(DATABASE_URL)
    else:
        setup = django_on_bench_database(DATABASE_URL, label="reports-export-bench")
    if setup is None:
        return 0
    from django.core.management import call_command

    from reports.loaddata import generated_users

    generated = ""
    if not REUSE:
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            call_command(
                "generate_load_data",
                scale=SCALE,
                with_demo=True,
                force=True,
                stdout=quiet,
            )
        generated = f"; generated in {time.perf_counter() - started:.0f} s"
    national_admin()
    learners = generated_users().count()
    expected = expected_rows()
    results = {}
    for kind in ("csv", "xlsx"):
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind],
            env=os.environ,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(done.stdout, done.stderr)
            return 1
        results[kind] = json.loads(done.stdout.strip().splitlines()[-1])
    lines = [
        "## Reports export bench: every enrolment as a national admin (PostgreSQL)",
        "",
        f"Database {setup}{generated}: {learners:,} generated learners, "
        f"{expected:,} enrolments of active learners in a region (the rows expected).",
        "",
        "| export | rows | size, MB | time, s | RSS before, MB | RSS peak, MB | "
        "cost, MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    failed = False
    for kind, result in results.items():
        failed |= result["rows"] != expected
        lines.append(
            f"| {kind.upper()} | {result['rows']:,} | {result['bytes'] / 1e6:.1f} | "
            f"{result['seconds']:.1f} | {result['baseline_mb']:.0f} | "
            f"{result['peak_mb']:.0f} | "
            f"{result['peak_mb'] - result['baseline_mb']:.0f} |"
        )
    lines += [
        "",
        "Memory: a fresh process per export; its resident size before the whole "
        "export (after Django's set-up, the log-in and a warm-up export of no rows; "
        "the high-water mark reset there through /proc/self/clear_refs) and its "
        "resident high-water mark (VmHWM) after it.",
    ]
    if failed:
        lines += ["", f"FAILED: an export's row count is not {expected:,}."]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.exit(child(sys.argv[2]))
    sys.exit(main())
