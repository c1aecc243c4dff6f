"""Backup and restore (the `backup` and `restore` commands, lms.services.backup).

A round trip on each database the platform runs on: learners, their enrolments, a quiz
attempt and a certificate with its PDF are backed up, restored into a fresh database
and media folders, and found again there, row for row and byte for byte. PostgreSQL's
runs in the PostgreSQL pass (it needs pg_dump and pg_restore), SQLite's in the SQLite
pass. The checks of bad input and of the manifest use small archives built here.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import shutil
import sqlite3
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from assessments.models import QuizAttempt
from assessments.services import quizzes as quiz_services
from certificates.models import Certificate
from core.storage import private_storage
from courses.services import enrolment_create, item_complete
from lms.services import backup_db
from lms.services.backup_db import KEY_TABLES, database_from_url, database_load
from tests.assessments.helpers import answer_everything
from tests.factories import QuestionCategoryFactory, QuizFactory, single_question
from tests.services import database_vendor, missing

IMAGE = "original_images/steppe.jpg"
IMAGE_BYTES = bytes(range(256)) * 64


def _table(key: str) -> str:
    return apps.get_model(KEY_TABLES[key])._meta.db_table


def _queries() -> dict[str, str]:
    """What a restore must bring back, row for row."""
    columns = {
        "users": "id, email, full_name",
        "enrolments": "id, learner_id, course_key, status",
        "quiz_attempts": "id, learner_id, quiz_key, number, status, score, percent, passed",
        "certificates": "id, code, learner_id, holder_name, pdf",
    }
    return {
        key: f'SELECT {names} FROM "{_table(key)}" ORDER BY id'
        for key, names in columns.items()
    }


def _rows(cursor) -> dict[str, list[tuple]]:
    rows = {}
    for key, query in _queries().items():
        cursor.execute(query)
        rows[key] = [tuple(row) for row in cursor.fetchall()]
    return rows


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def learning_records(holder, other_learner, certified_course_and_lessons, locales):
    """Committed (the tests are transactional, as the site's data is): two learners
    enrolled in the certified course; the holder passed its quiz and holds its
    certificate, whose PDF is a private file; an image in the public media."""
    course, lessons, _rule = certified_course_and_lessons
    category = QuestionCategoryFactory(name="Права волонтёра", locale=locales["ru"])
    quiz = QuizFactory(
        parent=course, questions=[single_question(category)], slug="final-quiz"
    )
    course.refresh_from_db()
    enrolment = enrolment_create(learner=holder, course=course)
    enrolment_create(learner=other_learner, course=course)
    for lesson in lessons:
        item_complete(enrolment=enrolment, item=lesson)
    attempt = quiz_services.quiz_attempt_start(learner=holder, quiz=quiz)
    answer_everything(attempt)
    quiz_services.quiz_attempt_submit(
        attempt=attempt, closed_by=QuizAttempt.ClosedBy.LEARNER
    )
    certificate = Certificate.objects.get(learner=holder)
    if not certificate.pdf:  # rendered once issued, unless Pango is missing here
        name = f"certificates/{certificate.code}.pdf"
        private_storage().save(name, ContentFile(b"%PDF-1.7\n% placeholder\n"))
        Certificate.objects.filter(pk=certificate.pk).update(pdf=name)
    default_storage.save(IMAGE, ContentFile(IMAGE_BYTES))
    certificate.refresh_from_db()
    return certificate


def _backed_up(tmp_path, certificate) -> tuple[Path, dict, dict]:
    """Back up; return the archive, the rows and the files it must bring back."""
    with connection.cursor() as cursor:
        rows = _rows(cursor)
    assert len(rows["users"]) >= 2
    assert [row[-1] for row in rows["quiz_attempts"]] == [True]
    assert [row[1] for row in rows["certificates"]] == [certificate.code]
    with private_storage().open(certificate.pdf.name, "rb") as pdf:
        files = {
            ("private", certificate.pdf.name): pdf.read(),
            ("media", IMAGE): IMAGE_BYTES,
        }
    archive = tmp_path / "backup.tar.gz"
    output = _run("backup", "--output", str(archive))
    assert f"Backup written to {archive}" in output
    assert archive.stat().st_mode & 0o777 == 0o600  # learners' data: owner only
    return archive, rows, files


def _restored_files(settings, tmp_path) -> None:
    """Restore the files into empty folders, as on a new machine."""
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-private"


def _files_found(files: dict) -> dict:
    stores = {"media": default_storage, "private": private_storage()}
    found = {}
    for store, name in files:
        with stores[store].open(name, "rb") as handle:
            found[store, name] = handle.read()
    return found


# PostgreSQL: pg_dump, a fresh database, pg_restore
# ------------------------------------------------------------------------------


@pytest.fixture
def postgres_tools():
    if database_vendor() != "postgresql":
        missing("the PostgreSQL round trip needs the suite on PostgreSQL")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        missing(
            "pg_dump and pg_restore are not installed (apt-get install postgresql-client)"
        )


def _server(dbname: str) -> dict:
    params = connection.settings_dict
    found = {
        "host": params["HOST"],
        "port": params["PORT"],
        "user": params["USER"],
        "password": params["PASSWORD"],
        "dbname": dbname,
    }
    return {key: value for key, value in found.items() if value}


@pytest.fixture
def fresh_postgres_database(postgres_tools):
    """An empty database on the suite's server (<name>_restore_<random>), dropped
    after the test; returns its name and URL."""
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    name = f"{params['NAME'].removeprefix('test_')}_restore_{secrets.token_hex(4)}"
    with psycopg.connect(**_server("postgres"), autocommit=True) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"], safe="")
    url = (
        f"postgres://{credentials}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/{name}"
    )
    yield name, url
    with psycopg.connect(**_server("postgres"), autocommit=True) as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def _password_absent(text: str) -> bool:
    password = connection.settings_dict["PASSWORD"]
    return not password or password not in text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restored_into_a_fresh_database_has_the_same_learners_attempts_and_certificates(
    postgres_tools, fresh_postgres_database, learning_records, tmp_path, settings
):
    import psycopg

    name, url = fresh_postgres_database
    archive, rows, files = _backed_up(tmp_path, learning_records)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["database"]["vendor"] == "postgresql"
        assert tar.getmember("database.dump").size == manifest["database"]["size"]
    assert manifest["counts"]["users"] == len(rows["users"])
    assert manifest["counts"]["quiz_attempts"] == 1
    assert manifest["counts"]["certificates"] == 1
    assert "certificates" in manifest["migrations"]
    _restored_files(settings, tmp_path)

    output = _run("restore", str(archive), "--database-url", url)

    assert "Checked against the manifest" in output
    assert _password_absent(output)
    with psycopg.connect(**_server(name)) as restored:
        assert _rows(restored.cursor()) == rows
    assert _files_found(files) == files

    # Once it holds data, a second restore is refused; --force replaces it.
    with pytest.raises(CommandError, match="is not empty"):
        _run("restore", str(archive), "--database-url", url)
    _run("restore", str(archive), "--database-url", url, "--force")
    with psycopg.connect(**_server(name)) as restored:
        assert _rows(restored.cursor()) == rows


# SQLite: the online backup API, copied into a new file
# ------------------------------------------------------------------------------


# Decided at collection, so that the PostgreSQL pass does not flush its database for it.
@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the SQLite round trip runs in the SQLite pass",
)
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restored_into_a_new_file_has_the_same_learners_attempts_and_certificates(
    learning_records, tmp_path, settings
):
    archive, rows, files = _backed_up(tmp_path, learning_records)
    target = tmp_path / "restored" / "db.sqlite3"
    _restored_files(settings, tmp_path)

    output = _run("restore", str(archive), "--database-url", f"sqlite:///{target}")

    assert "Checked against the manifest" in output
    restored = sqlite3.connect(
        target, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    )
    try:
        assert _rows(restored.cursor()) == rows
    finally:
        restored.close()
    assert _files_found(files) == files


# Small archives built by hand: bad input and the checks against the manifest
# ------------------------------------------------------------------------------


def _small_database(path: Path, *, users: int) -> None:
    """A SQLite file with the key tables (one column each), `users` users and one
    applied migration."""
    database = sqlite3.connect(path)
    for key in KEY_TABLES:
        database.execute(f'CREATE TABLE "{_table(key)}" (id INTEGER PRIMARY KEY)')
    database.executemany(
        f'INSERT INTO "{_table("users")}" (id) VALUES (?)',
        [(number,) for number in range(1, users + 1)],
    )
    database.execute(
        "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app, name, applied)"
    )
    database.execute(
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('certificates', '0001_initial', '2026-01-01')"
    )
    database.commit()
    database.close()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _small_archive(
    tmp_path: Path,
    *,
    vendor: str = "sqlite",
    users: int = 2,
    files: dict[str, bytes] | None = None,
    changes: dict | None = None,
) -> Path:
    """An archive as the backup command writes it, of a small database and `files`
    (media), whose manifest can be told something else than the truth."""
    source = tmp_path / "source.sqlite3"
    source.unlink(missing_ok=True)
    _small_database(source, users=users)
    dump = source.read_bytes()
    files = {IMAGE: IMAGE_BYTES} if files is None else files
    manifest = {
        "format": 1,
        "created_at": "2026-03-01T02:30:00+05:00",
        "app": {"name": "birgemiz-academy", "version": "0.1.0", "git_commit": None},
        "database": {
            "vendor": vendor,
            "member": "database.dump" if vendor == "postgresql" else "database.sqlite3",
            "size": len(dump),
            "sha256": hashlib.sha256(dump).hexdigest(),
        },
        "migrations": {"certificates": ["0001_initial"]},
        "counts": {key: users if key == "users" else 0 for key in KEY_TABLES},
        "files": {
            "media": [
                {
                    "name": name,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
                for name, data in files.items()
            ],
            "private": [],
        },
    }
    for key, value in (changes or {}).items():
        manifest[key] = manifest[key] | value
    path = tmp_path / "small.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        _add(tar, manifest["database"]["member"], dump)
        for name, data in files.items():
            _add(tar, f"media/{name}", data)
        _add(tar, "manifest.json", json.dumps(manifest).encode())
    return path


def test_backup_into_a_folder_names_the_archive_by_its_time_and_holds_the_files(
    tmp_path,
):
    source = tmp_path / "site.sqlite3"
    _small_database(source, users=3)
    default_storage.save(IMAGE, ContentFile(IMAGE_BYTES))
    folder = tmp_path / "backups"
    folder.mkdir()

    _run("backup", "--output", str(folder), "--database-url", f"sqlite:///{source}")

    [archive] = folder.iterdir()
    assert archive.name.startswith("birgemiz-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile(f"media/{IMAGE}").read() == IMAGE_BYTES
    assert manifest["counts"]["users"] == 3
    assert manifest["migrations"] == {"certificates": ["0001_initial"]}
    assert manifest["files"]["media"] == [
        {
            "name": IMAGE,
            "size": len(IMAGE_BYTES),
            "sha256": hashlib.sha256(IMAGE_BYTES).hexdigest(),
        }
    ]


def test_backup_into_a_folder_that_does_not_exist_says_so(tmp_path):
    with pytest.raises(CommandError, match="No folder"):
        _run("backup", "--output", f"{tmp_path / 'missing'}/")
    assert list(tmp_path.iterdir()) == []


def test_backup_with_database_only_leaves_the_files_out(tmp_path):
    source = tmp_path / "site.sqlite3"
    _small_database(source, users=1)
    default_storage.save(IMAGE, ContentFile(IMAGE_BYTES))
    archive = tmp_path / "db-only.tar.gz"

    _run(
        "backup",
        "--output",
        str(archive),
        "--database-url",
        f"sqlite:///{source}",
        "--database-only",
    )

    with tarfile.open(archive) as tar:
        assert tar.getnames() == ["database.sqlite3", "manifest.json"]


def test_restore_of_a_missing_file_says_there_is_no_such_file(tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        _run("restore", str(tmp_path / "nothing.tar.gz"))


def test_restore_of_a_file_that_is_not_an_archive_says_so(tmp_path):
    text = tmp_path / "notes.tar.gz"
    text.write_text("not an archive")
    with pytest.raises(CommandError, match="is not a backup archive"):
        _run("restore", str(text))


def test_restore_of_an_archive_without_a_manifest_says_so(tmp_path):
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        _add(tar, "notes.txt", b"something else")
    with pytest.raises(CommandError, match=r"it has no manifest\.json"):
        _run("restore", str(path))


def test_backup_without_pg_dump_says_how_to_install_it_and_names_no_password(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump is not installed") as error:
        _run(
            "backup",
            "--output",
            str(tmp_path),
            "--database-url",
            "postgres://birgemiz:s3cret@127.0.0.1:5432/birgemiz",
        )
    assert "postgresql-client" in str(error.value)
    assert "s3cret" not in str(error.value)
    assert list(tmp_path.iterdir()) == []  # no half-written archive


def test_restore_without_pg_restore_says_so(tmp_path, monkeypatch):
    archive = _small_archive(tmp_path, vendor="postgresql")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_restore is not installed"):
        _run(
            "restore",
            str(archive),
            "--database-url",
            "postgres://birgemiz:s3cret@127.0.0.1:5432/birgemiz",
        )


def test_restore_into_a_database_of_another_kind_is_refused(tmp_path):
    archive = _small_archive(tmp_path, vendor="postgresql")
    target = tmp_path / "db.sqlite3"
    with pytest.raises(CommandError, match="holds a PostgreSQL database"):
        _run("restore", str(archive), "--database-url", f"sqlite:///{target}")
    assert not target.exists()


def test_restore_into_an_unsupported_database_is_refused(tmp_path):
    archive = _small_archive(tmp_path)
    with pytest.raises(CommandError, match="Unsupported database engine"):
        _run("restore", str(archive), "--database-url", "mysql://u:p@db/birgemiz")


def test_restore_into_a_database_that_is_not_empty_is_refused_unless_forced(
    tmp_path,
):
    archive = _small_archive(tmp_path, users=2)
    target = tmp_path / "site.sqlite3"
    _small_database(target, users=5)
    url = f"sqlite:///{target}"

    with pytest.raises(CommandError, match="is not empty"):
        _run("restore", str(archive), "--database-url", url)
    output = _run("restore", str(archive), "--database-url", url, "--force")

    assert "Checked against the manifest: users 2" in output
    database = sqlite3.connect(target)
    assert database.execute(f'SELECT COUNT(*) FROM "{_table("users")}"').fetchone() == (
        2,
    )
    database.close()
    assert default_storage.open(IMAGE, "rb").read() == IMAGE_BYTES


def test_restore_reports_what_differs_from_the_manifest_and_exits_non_zero(tmp_path):
    archive = _small_archive(
        tmp_path,
        users=2,
        changes={
            "counts": {"users": 3},
            "migrations": {"certificates": ["0001_initial", "0002_certificate_nudge"]},
            "files": {"media": [{"name": IMAGE, "size": 1, "sha256": "0" * 64}]},
        },
    )
    with pytest.raises(CommandError) as error:
        _run(
            "restore",
            str(archive),
            "--database-url",
            f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        )
    message = str(error.value)
    assert "users: 3 in the backup, 2 restored" in message
    assert "migration certificates.0002_certificate_nudge" in message
    assert f"media/{IMAGE}: its bytes differ" in message


def test_restore_writes_no_file_outside_the_media_folders(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = _small_archive(tmp_path, files={"../escaped.txt": b"outside"})
    with pytest.raises(CommandError, match="not a name the storage takes"):
        _run(
            "restore",
            str(archive),
            "--database-url",
            f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        )
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_of_a_damaged_dump_restores_nothing(tmp_path):
    archive = _small_archive(
        tmp_path, changes={"database": {"sha256": hashlib.sha256(b"other").hexdigest()}}
    )
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(CommandError, match="damaged"):
        _run("restore", str(archive), "--database-url", f"sqlite:///{target}")
    assert not target.exists()


def test_pg_restore_gets_the_password_in_its_environment_not_its_command_line(
    tmp_path, monkeypatch
):
    calls = []

    def run(command, **kwargs):
        calls.append((command, kwargs["env"]))
        return type("Done", (), {"returncode": 0, "stderr": ""})()

    monkeypatch.setattr(backup_db.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    monkeypatch.setattr(backup_db.subprocess, "run", run)
    database = database_from_url(
        "postgres://birgemiz:s3cret@db.example:5433/academy?sslmode=require"
    )

    database_load(database, tmp_path / "database.dump")

    [(command, environment)] = calls
    assert command[0] == "/usr/bin/pg_restore"
    assert {"--no-owner", "--clean", "--if-exists", "--dbname=academy"} <= set(command)
    assert "s3cret" not in " ".join(command)
    assert environment["PGPASSWORD"] == "s3cret"
    assert (environment["PGHOST"], environment["PGPORT"], environment["PGUSER"]) == (
        "db.example",
        "5433",
        "birgemiz",
    )
    assert environment["PGSSLMODE"] == "require"
