"""Helpers shared by the benchmarks in bench/: percentiles, reaching PostgreSQL and
Redis, a throwaway PostgreSQL database copied from a migrated template database, and
the site every bench builds (home > catalog > program).

Django is imported only inside the functions that need it, so a bench can decide its
settings (environment variables) before `django.setup()`.
"""

from __future__ import annotations

import hashlib
import math
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def pg_params(url: str) -> dict:
    """psycopg.connect() keyword arguments of a postgres:// URL."""
    parts = urllib.parse.urlsplit(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": urllib.parse.unquote(parts.username or "postgres"),
        "password": urllib.parse.unquote(parts.password or ""),
        "dbname": parts.path.lstrip("/"),
    }


def reachable(url: str, default_port: int = 6379) -> bool:
    """Whether something accepts TCP connections at the URL's host and port."""
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def redis_answers(url: str) -> str:
    """ "" when Redis at `url` answers PING, else why not."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
        return ""
    except redis.RedisError as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    finally:
        client.close()


def migrations_fingerprint(label: str) -> str:
    """What the migrated schema depends on: our migrations and the locked
    dependencies (third-party migrations). `label` names the bench."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update((ROOT / "requirements" / "base.txt").read_bytes())
    return f"{label} {digest.hexdigest()[:16]}"


def pg_admin(url: str):
    """An autocommit connection to the server's `postgres` database (for CREATE and
    DROP DATABASE). Raises psycopg.OperationalError when PostgreSQL does not answer."""
    import psycopg

    params = pg_params(url)
    params.pop("dbname")
    return psycopg.connect(
        dbname="postgres", connect_timeout=3, autocommit=True, **params
    )


def database_from_template(
    url: str,
    *,
    label: str,
    env: dict[str, str],
    alongside: Sequence[Sequence[str]] = (),
) -> str:
    """Drop the database of `url` and create it again from `<name>_template`.

    Migrating takes about a minute on 2 cores, so the migrated schema is kept in the
    template database, rebuilt with `manage.py migrate` (run with `env`) whenever a
    migration or the locked dependencies change (its comment holds the fingerprint),
    or with BENCH_FRESH=1. Commands in `alongside` (e.g. collectstatic) run at the same
    time as the migration. Returns how the database was made, for the report; raises
    RuntimeError when a command fails."""
    from psycopg import sql

    started_at = time.perf_counter()
    name = pg_params(url)["dbname"]
    template = f"{name}_template"
    fingerprint = migrations_fingerprint(label)
    admin = pg_admin(url)
    try:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [template],
        ).fetchone()
        migrate = (
            bool(os.environ.get("BENCH_FRESH")) or row is None or row[0] != fingerprint
        )

        def recreate(database: str, like: str | None = None) -> None:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(database)
                )
            )
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database))
            if like:
                create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(like))
            admin.execute(create)

        jobs = [
            subprocess.Popen(list(command), env=env, cwd=ROOT) for command in alongside
        ]
        if migrate:
            recreate(template)
            template_url = urllib.parse.urlsplit(url)._replace(path=f"/{template}")
            jobs.append(
                subprocess.Popen(
                    [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"]
                    + ["-v0"],
                    env={**env, "DATABASE_URL": urllib.parse.urlunsplit(template_url)},
                    cwd=ROOT,
                )
            )
        codes = [job.wait() for job in jobs]  # wait for each, even after a failure
        if any(codes):
            raise RuntimeError("migrate (or a command run alongside) failed")
        if migrate:
            admin.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(template), sql.Literal(fingerprint)
                )
            )
        recreate(name, like=template)
    finally:
        admin.close()
    how = "migrated" if migrate else "copied from the migrated template"
    return f"{how} in {time.perf_counter() - started_at:.0f} s"


def site_build(*, hostname: str, port: int):
    """Home > catalog > program (published), the default site at hostname:port;
    returns the program. Needs Django set up."""
    from wagtail.models import Locale, Page, Site

    from courses.models import CatalogPage
    from lms.models import HomePage
    from tests.factories import ProgramFactory

    ru = Locale.objects.get(language_code="ru")
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="Академия", slug="home", locale=ru))
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(
        hostname=hostname, port=port, root_page=home, is_default_site=True
    )
    catalog = home.add_child(instance=CatalogPage(title="Каталог", slug="catalog"))
    catalog.save_revision().publish()
    return ProgramFactory(parent=catalog)


def services_missing(*, database_url: str, redis_url: str) -> str:
    """ "" when PostgreSQL at `database_url` and Redis at `redis_url` answer; else
    the "skipped: ..." lines a bench prints before it exits 0."""
    import psycopg

    try:
        pg_admin(database_url).close()
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return f"skipped: PostgreSQL does not answer at {database_url}\n({first})"
    why = redis_answers(redis_url)
    if why:
        return f"skipped: Redis does not answer at {redis_url} ({why})"
    return ""


def interrupt_on_sigterm() -> None:
    """A `kill` (SIGTERM) stops a bench the way Ctrl+C does, so that its `finally`
    blocks stop the servers and workers it started."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def bench_database_url(variable: str, database: str) -> str:
    """A bench's PostgreSQL database: the URL in `variable`, else database `database`
    on the server of BENCH_DATABASE_URL (default: local, user postgres)."""
    base = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/birgemiz_bench"
    )
    return os.environ.get(variable) or urllib.parse.urlunsplit(
        urllib.parse.urlsplit(base)._replace(path=f"/{database}")
    )


def postgres_missing(url: str) -> str:
    """Why the bench cannot run on `url` ("skipped: ..."), or "" when PostgreSQL answers."""
    import psycopg

    try:
        pg_admin(url).close()
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return f"skipped: PostgreSQL does not answer at {url}\n({first})"
    return ""


def django_on_bench_database(url: str, *, label: str) -> str | None:
    """Set Django up on a fresh copy of the migrated bench database at `url` (test
    settings, eager Celery). Returns how the database was made, for the report, or None
    (after printing why) when PostgreSQL does not answer."""
    missing = postgres_missing(url)
    if missing:
        print(missing)
        return None
    interrupt_on_sigterm()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": url,
        "LMS_CELERY_EAGER": "1",
        "PYTHONUNBUFFERED": "1",
    }
    setup = database_from_template(url, label=label, env=env)
    os.environ.update(env)
    import django

    django.setup()
    return setup
