"""The databases a backup reads and a restore writes (lms.services.backup): PostgreSQL
through pg_dump and pg_restore, SQLite through its online backup API.

A database is named by a URL (`--database-url`) or is the configured one. Passwords
go to pg_dump and pg_restore in PGPASSWORD, never on their command line, and no
message names one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from sqlite3 import connect as sqlite_connect

import environ
from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader

POSTGRESQL, SQLITE = "postgresql", "sqlite"
VENDOR_NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}
ENGINES = {
    "django.db.backends.postgresql": POSTGRESQL,
    "django.contrib.gis.db.backends.postgis": POSTGRESQL,
    "django.db.backends.sqlite3": SQLITE,
}
# The tables whose rows a restore counts again and compares with the backup's manifest.
KEY_TABLES = {
    "users": "people.User",
    "enrolments": "courses.Enrolment",
    "item_progress": "courses.ItemProgress",
    "quiz_attempts": "assessments.QuizAttempt",
    "submissions": "assessments.Submission",
    "certificates": "certificates.Certificate",
    "registrations": "scheduling.Registration",
    "pages": "wagtailcore.Page",
}
# libpq's connection options that may come in a URL's query or OPTIONS, and the
# environment variables pg_dump and pg_restore read them from.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}
TOOL_MISSING = (
    "{tool} is not installed or not on PATH (Debian: apt-get install "
    "postgresql-client; its major version must be at least the server's)."
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Database:
    vendor: str
    name: str
    user: str = ""
    password: str = field(default="", repr=False)
    host: str = ""
    port: str = ""
    options: dict = field(default_factory=dict)
    # The configured database, read through Django's connection (the suite's SQLite
    # database lives in memory and has no file to open).
    alias: str | None = None

    @property
    def label(self) -> str:
        """How messages name it (never with its password)."""
        if self.vendor == SQLITE:
            return f"SQLite database {self.name}"
        where = f"{self.host or 'localhost'}:{self.port or 5432}"
        return f'PostgreSQL database "{self.name}" on {where}'


def _database(config: dict, *, alias: str | None = None) -> Database:
    vendor = ENGINES.get(config.get("ENGINE", ""))
    if vendor is None:
        raise BackupError(
            f"Unsupported database engine {config.get('ENGINE')!r}: backups know "
            "PostgreSQL and SQLite."
        )
    options = {
        key: str(value)
        for key, value in (config.get("OPTIONS") or {}).items()
        if key in LIBPQ_OPTIONS
    }
    return Database(
        vendor=vendor,
        name=str(config.get("NAME") or ""),
        user=config.get("USER") or "",
        password=config.get("PASSWORD") or "",
        host=config.get("HOST") or "",
        port=str(config.get("PORT") or ""),
        options=options,
        alias=alias,
    )


def database_configured(alias: str = "default") -> Database:
    """The database the settings point at (DATABASE_URL)."""
    return _database(connections[alias].settings_dict, alias=alias)


def database_given(url: str | None) -> Database | None:
    """The database a command's --database-url names, or None for the configured
    one (DATABASE_URL)."""
    return database_from_url(url) if url else None


def database_from_url(url: str) -> Database:
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # noqa: BLE001 (django-environ raises several kinds)
        raise BackupError(
            "Not a database URL (postgres://user@host:5432/name or sqlite:///path)."
        ) from exc
    database = _database(config)
    if not database.name:
        raise BackupError("The database URL names no database.")
    return database


# PostgreSQL
# ------------------------------------------------------------------------------


def tool_path(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(TOOL_MISSING.format(tool=tool))
    return path


def _pg_environment(database: Database) -> dict[str, str]:
    """pg_dump's and pg_restore's environment: the connection in PG* variables."""
    environment = dict(os.environ)
    for key, value in (
        ("PGHOST", database.host),
        ("PGPORT", database.port),
        ("PGUSER", database.user),
        ("PGDATABASE", database.name),
        ("PGPASSWORD", database.password),
    ):
        if value:
            environment[key] = value
    for key, value in database.options.items():
        environment[LIBPQ_OPTIONS[key]] = value
    return environment


def _pg_connect(database: Database, **kwargs):
    import psycopg
    from psycopg import connect as pg_connect

    params = {
        "dbname": database.name,
        "user": database.user,
        "password": database.password,
        "host": database.host,
        "port": database.port,
        **database.options,
    }
    try:
        return pg_connect(
            **{key: value for key, value in params.items() if value}, **kwargs
        )
    except psycopg.Error as exc:
        raise BackupError(f"Cannot connect to {database.label}: {exc}") from exc


def _sqlite_open(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite_connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    return sqlite_connect(path)


def _run(command: list[str], database: Database) -> None:
    result = subprocess.run(  # noqa: S603 (a fixed tool; no shell; no secret in argv)
        command,
        env=_pg_environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(
            f"{tool} failed (exit {result.returncode}): {result.stderr.strip()}"
        )


# What a database holds: key tables' row counts and the migration heads
# ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseState:
    counts: dict[str, int | None]
    # Per app, the applied migrations that are the last of their line (the heads).
    migrations: dict[str, list[str]]
    applied: frozenset[tuple[str, str]]


def _tables() -> dict[str, str]:
    return {
        key: apps.get_model(label)._meta.db_table for key, label in KEY_TABLES.items()
    }


def migration_heads(applied: set[tuple[str, str]]) -> dict[str, list[str]]:
    """Per app, the applied migrations none of whose same-app children is applied
    (the code's migration graph decides; rows it does not know are left out)."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    heads: dict[str, list[str]] = {}
    for key in sorted(applied):
        node = graph.node_map.get(key)
        if node is None:
            continue
        if not any(
            child.key[0] == key[0] and child.key in applied for child in node.children
        ):
            heads.setdefault(key[0], []).append(key[1])
    return heads


def code_migrations() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The code's migrations, and its leaves (what `migrate` brings a database to)."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return set(graph.nodes), set(graph.leaf_nodes())


def _state(cursor, *, missing_ok: bool) -> DatabaseState:
    """Counted on a DB-API cursor of either vendor (double quotes quote both's names).
    A table that is not there counts None when `missing_ok`, else it is an error."""
    counts: dict[str, int | None] = {}
    for key, table in _tables().items():
        try:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (model table)
            counts[key] = cursor.fetchone()[0]
        except Exception as exc:  # noqa: BLE001 (psycopg and sqlite3 differ)
            if not missing_ok:
                raise BackupError(
                    f"The database has no table {table} ({exc}); run migrate first."
                ) from exc
            counts[key] = None
    try:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = {(app, name) for app, name in cursor.fetchall()}
    except Exception as exc:  # noqa: BLE001
        if not missing_ok:
            raise BackupError(
                f"The database has no migrations table ({exc}); run migrate first."
            ) from exc
        applied = set()
    return DatabaseState(
        counts=counts, migrations=migration_heads(applied), applied=frozenset(applied)
    )


def database_state(database: Database) -> DatabaseState:
    """Counted again after a restore (a missing table counts None)."""
    if database.vendor == POSTGRESQL:
        with _pg_connect(database, autocommit=True) as connection:
            return _state(connection.cursor(), missing_ok=True)
    connection = _sqlite_open(Path(database.name))
    try:
        return _state(connection.cursor(), missing_ok=True)
    finally:
        connection.close()


def database_table_count(database: Database) -> int:
    """How many tables and views the database holds (0: empty or absent)."""
    if database.vendor == POSTGRESQL:
        with _pg_connect(database, autocommit=True) as connection:
            return connection.execute(
                "SELECT COUNT(*) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%' "
                "AND n.nspname NOT LIKE 'pg_temp_%'"
            ).fetchone()[0]
    path = Path(database.name)
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        connection = _sqlite_open(path, read_only=True)
        try:
            return connection.execute(
                "SELECT COUNT(*) FROM sqlite_master "
                "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database: {exc}") from exc


# Dump and load
# ------------------------------------------------------------------------------


def database_dump(database: Database, path: Path) -> DatabaseState:
    """Write the database to `path` and return what it holds, counted on the very
    data written: PostgreSQL's counts and pg_dump share one exported snapshot; a
    SQLite database is copied first and counted on the copy."""
    if database.vendor == POSTGRESQL:
        return _postgres_dump(database, path)
    return _sqlite_dump(database, path)


def _postgres_dump(database: Database, path: Path) -> DatabaseState:
    import psycopg

    pg_dump = tool_path("pg_dump")
    with _pg_connect(database) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        state = _state(connection.cursor(), missing_ok=False)
        # The snapshot lives as long as this transaction: pg_dump runs inside it.
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={path}",
            ],
            database,
        )
        connection.rollback()
    return state


def _sqlite_dump(database: Database, path: Path) -> DatabaseState:
    if database.alias is not None:
        wrapper = connections[database.alias]
        wrapper.ensure_connection()
        source, owned = wrapper.connection, False
    else:
        if not Path(database.name).is_file():
            raise BackupError(f"No SQLite database at {database.name}.")
        source = _sqlite_open(Path(database.name), read_only=True)
        owned = True
    target = _sqlite_open(path)
    try:
        source.backup(target)
        return _state(target.cursor(), missing_ok=False)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Cannot copy {database.label}: {exc}") from exc
    finally:
        target.close()
        if owned:
            source.close()


def database_load(database: Database, path: Path) -> None:
    """Write the dump at `path` into the database (whatever it held of the same
    objects is replaced)."""
    if database.vendor == POSTGRESQL:
        _run(
            [
                tool_path("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={database.name}",
                str(path),
            ],
            database,
        )
        return
    if database.name in ("", ":memory:") or database.name.startswith("file:"):
        raise BackupError("A restore needs a SQLite database file, not memory.")
    target_path = Path(database.name)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = _sqlite_open(path, read_only=True)
    target = _sqlite_open(target_path)
    try:
        # The backup API replaces the target's every page, through SQLite's own
        # locking: no stale -wal file is left to replay over it, as a copy would.
        source.backup(target)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Cannot write {database.label}: {exc}") from exc
    finally:
        target.close()
        source.close()
