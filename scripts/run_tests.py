"""`make test`: the suite on PostgreSQL (production's database), then on SQLite (the
embedded default). Browser and worker tests run in the PostgreSQL pass only.

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


def reachable(url: str, port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or port), timeout=2
        ):
            return True
    except OSError:
        return False


def run(label: str, env: dict[str, str], args: list[str]) -> int:
    print(f"\n=== {label} ===", flush=True)
    started = time.monotonic()
    code = subprocess.call([*PYTEST, *args], cwd=ROOT, env={**os.environ, **env})
    print(
        f"=== {label}: exit {code} in {time.monotonic() - started:.0f}s ===", flush=True
    )
    return code


def main(extra: list[str]) -> int:
    results: list[tuple[str, int]] = []
    if reachable(PG_URL, 5432):
        results.append(
            ("PostgreSQL", run("PostgreSQL", {"DATABASE_URL": PG_URL}, extra))
        )
    else:
        reason = f"PostgreSQL is not reachable at {PG_URL}"
        if REQUIRE:
            print(f"ERROR: {reason} (LMS_REQUIRE_SERVICES=1)")
            return 2
        print(f"SKIPPED the PostgreSQL pass: {reason}")
    sqlite = ROOT / "var" / "test.sqlite3"
    sqlite.parent.mkdir(exist_ok=True)
    marks = "not e2e and not worker" if results else ""
    args = ["-m", marks, *extra] if marks else extra
    results.append(
        (
            "SQLite",
            run(
                "SQLite (embedded default)",
                {"DATABASE_URL": f"sqlite:///{sqlite}"},
                args,
            ),
        )
    )
    print(
        "\n"
        + ", ".join(
            f"{name}: {'ok' if code == 0 else 'FAILED'}" for name, code in results
        )
    )
    return max(code for _name, code in results)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
