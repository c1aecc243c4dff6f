"""`make test`: the suite on PostgreSQL (production's database) and on SQLite (the
embedded default). Browser and worker tests run in the PostgreSQL pass only, as do
the tests that do not depend on the database (marked "once") and, when the whole
suite runs, the authorization walk (marked "walk").

The two passes run at the same time (they share nothing: the SQLite pass uses an
in-memory database). For the whole suite the PostgreSQL pass is two processes with
test databases of their own: the browser, worker, PostgreSQL-only and
database-independent tests and those marked "beside" in one, the rest in the other. The main PostgreSQL process prints as it goes; the others' output follows when
all are done.

PostgreSQL comes from TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/birgemiz.
When it is not reachable the PostgreSQL pass is skipped with the reason, unless
LMS_REQUIRE_SERVICES=1 (CI), which makes it an error. Extra arguments go to pytest.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest"]
REQUIRE = os.environ.get("LMS_REQUIRE_SERVICES") == "1"
PG_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/birgemiz"
)


# Tests that run on PostgreSQL only (browser, real Celery worker, row locks), and the
# tests that do not depend on the database, which run once (tests/conftest.py marks
# them "once"), in the second PostgreSQL process with the tests marked "beside".
ONLY_POSTGRES = "e2e or worker or postgres or once"
SECOND = f"{ONLY_POSTGRES} or beside"


def _database_renamed(url: str, suffix: str) -> str:
    """The URL with `suffix` added to its database name (pytest-django then makes
    test_<name><suffix>, apart from the other process's test database)."""
    parsed = urlparse(url)
    return parsed._replace(path=parsed.path + suffix).geturl()


def reachable(url: str, port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or port), timeout=2
        ):
            return True
    except OSError:
        return False


def start(env: dict[str, str], args: list[str], log: Path | None = None):
    output = log.open("w") if log else None
    return subprocess.Popen(
        [*PYTEST, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )


def main(extra: list[str]) -> int:
    started = time.monotonic()
    (ROOT / "var").mkdir(exist_ok=True)
    sqlite_env = {"DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'test.sqlite3'}"}
    results: list[tuple[str, int]] = []
    if not reachable(PG_URL, 5432):
        reason = f"PostgreSQL is not reachable at {PG_URL}"
        if REQUIRE:
            print(f"ERROR: {reason} (LMS_REQUIRE_SERVICES=1)")
            return 2
        print(
            f"SKIPPED the PostgreSQL pass: {reason}\n=== SQLite (embedded default) ==="
        )
        code = start(sqlite_env, extra).wait()
        print(
            f"\nSQLite: {'ok' if code == 0 else 'FAILED'} in {time.monotonic() - started:.0f}s"
        )
        return code

    sqlite_log = ROOT / "var" / "test-sqlite.log"
    # Browser, worker and PostgreSQL-only tests run in the PostgreSQL pass only; so
    # does, for the whole suite, the authorization walk (marked "walk": thousands of
    # requests about URLs and roles, not about the database).
    sqlite_skips = ONLY_POSTGRES if extra else f"{ONLY_POSTGRES} or walk"
    sqlite = start(
        sqlite_env,
        ["-m", f"not ({sqlite_skips})", *extra],
        log=sqlite_log,
    )
    if extra:
        # A chosen part of the suite: one PostgreSQL process, as it was asked.
        print(
            "=== PostgreSQL (the SQLite pass runs alongside; its output follows) ===",
            flush=True,
        )
        results.append(("PostgreSQL", start({"DATABASE_URL": PG_URL}, extra).wait()))
        logs = []
    else:
        # The whole suite: the PostgreSQL pass in two processes on databases of their
        # own, the browser, worker and PostgreSQL-only tests (which wait on Chromium,
        # a worker and other connections much of the time), the database-independent
        # ones and those marked "beside" in one, the rest in the other, so that both
        # cores stay busy to the end instead of one finishing early.
        browser_log = ROOT / "var" / "test-postgres-browser.log"
        browser = start(
            {"DATABASE_URL": _database_renamed(PG_URL, "_browser")},
            ["-m", SECOND],
            log=browser_log,
        )
        print(
            "=== PostgreSQL (the SQLite pass and a second PostgreSQL process run "
            "alongside; their output follows) ===",
            flush=True,
        )
        results.append(
            (
                "PostgreSQL",
                start({"DATABASE_URL": PG_URL}, ["-m", f"not ({SECOND})"]).wait(),
            )
        )
        results.append(("PostgreSQL (second process)", browser.wait()))
        logs = [
            (
                "PostgreSQL, second process: browser, worker, PostgreSQL-only, "
                "database-independent and scheduling tests",
                browser_log,
            )
        ]
    # 5: pytest found nothing to run (a chosen part of the suite that runs on
    # PostgreSQL only), which is not a failure of the SQLite pass.
    results.append(("SQLite", 0 if (code := sqlite.wait()) == 5 else code))
    for title, log in logs:
        print(f"\n=== {title} ===")
        print(log.read_text(), end="")
    print("\n=== SQLite (embedded default) ===")
    print(sqlite_log.read_text(), end="")
    elapsed = time.monotonic() - started
    summary = ", ".join(
        f"{name}: {'ok' if code == 0 else 'FAILED'}" for name, code in results
    )
    print(f"\n{summary} ({elapsed:.0f}s)")
    return max(code for _name, code in results)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
