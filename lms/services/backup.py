"""Backups of the platform and their restore (the `backup` and `restore` commands).

A backup is one .tar.gz, readable and writable by its owner only:

    database.dump | database.sqlite3   pg_dump --format=custom, or a copy of SQLite
    media/<name>                       the public media (default_storage, MEDIA_ROOT)
    private/<name>                     private files (core.storage: PRIVATE_MEDIA_ROOT):
                                       certificate PDFs, submissions, the signing key
    manifest.json                      written last: when, which code, the migration
                                       heads, key tables' row counts, every file's
                                       size and SHA-256

Files are read through the storage API, so media kept in object storage are archived
the same way. The database is dumped first and the files after it, so every file the
dump names is in the archive. A restore writes the database (into an empty one unless
forced) and the files, then counts the key tables and reads every file again and
reports whatever differs from the manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import posixpath
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from core.storage import private_storage

from .backup_db import (
    POSTGRESQL,
    SQLITE,
    VENDOR_NAMES,
    BackupError,
    Database,
    DatabaseState,
    code_migrations,
    database_configured,
    database_dump,
    database_load,
    database_state,
    database_table_count,
    tool_path,
)

__all__ = ["BackupError", "backup_restore", "backup_write"]

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_MEMBERS = {POSTGRESQL: "database.dump", SQLITE: "database.sqlite3"}
CHUNK = 1024 * 1024
# What a backup leaves out, in its manifest too (README, "Backups").
NOT_INCLUDED = [
    "settings and secrets (.env: DJANGO_SECRET_KEY, passwords)",
    "LMS_CREDENTIAL_KEY_FILE and retired key files kept outside PRIVATE_MEDIA_ROOT",
    "Redis: the cache and tasks queued in the broker",
    "static files (collectstatic rebuilds them from the code)",
]


def _storages() -> dict[str, Storage]:
    """The file stores archived, by the folder they take in the archive."""
    return {"media": default_storage, "private": private_storage()}


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict


@dataclass(frozen=True)
class Restore:
    manifest: dict
    database: Database
    counts: dict[str, int | None]
    mismatches: list[str]
    notes: list[str]


# Writing
# ------------------------------------------------------------------------------


def _app() -> dict[str, str | None]:
    version = None
    with contextlib.suppress(OSError, KeyError, tomllib.TOMLDecodeError):
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            version = tomllib.load(handle)["project"]["version"]
    commit = None
    git = shutil.which("git")
    if git is not None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            result = subprocess.run(  # noqa: S603 (a fixed command, no shell)
                [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
            if result.returncode == 0:
                commit = result.stdout.strip() or None
    return {"name": "birgemiz-academy", "version": version, "git_commit": commit}


def _info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o600
    return info


def _storage_names(storage: Storage, path: str = ""):
    """Every file's name in the storage, folder by folder in name order."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a store nothing was ever written to
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from _storage_names(
            storage, posixpath.join(path, directory) if path else directory
        )


def _add_stream(tar: tarfile.TarFile, arcname: str, handle, mtime: float) -> dict:
    """Copy an open file into the archive (by way of a spool, so a file that changes
    while it is read cannot break the archive) and describe it for the manifest."""
    digest, size = hashlib.sha256(), 0
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
            size += len(chunk)
        spool.seek(0)
        tar.addfile(_info(arcname, size, mtime), spool)
    return {"size": size, "sha256": digest.hexdigest()}


def _add_store(
    tar: tarfile.TarFile, folder: str, storage: Storage, mtime: float
) -> list[dict]:
    entries = []
    for name in _storage_names(storage):
        try:
            with storage.open(name, "rb") as handle:
                entry = _add_stream(tar, f"{folder}/{name}", handle, mtime)
        except FileNotFoundError:  # deleted since it was listed
            continue
        entries.append({"name": name, **entry})
    return entries


def _output_path(given: str | Path, now) -> Path:
    output = Path(given)
    if str(given).endswith(("/", os.sep)) and not output.is_dir():
        raise BackupError(f"No folder {output} to write the backup in.")
    if output.is_dir():
        output = output / f"birgemiz-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar.gz"
    if not output.parent.is_dir():
        raise BackupError(f"No folder {output.parent} to write the backup in.")
    return output


def backup_write(
    *, output: str | Path, database: Database | None = None, files: bool = True
) -> Backup:
    """Write the backup to `output` (a file, or a folder to name one in) and return
    it with its manifest; without the files when `files` is False. The archive
    appears complete or not at all."""
    database = database or database_configured()
    now = timezone.now()
    output = _output_path(output, now)
    if database.vendor == POSTGRESQL:
        tool_path("pg_dump")  # before any work
    try:
        handle, partial = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".part"
        )
    except OSError as exc:
        raise BackupError(f"Cannot write in {output.parent}: {exc}") from exc
    os.close(handle)  # mkstemp made it 0600; tarfile writes into it
    try:
        with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
            member = DUMP_MEMBERS[database.vendor]
            dump = Path(work) / member
            state = database_dump(database, dump)
            mtime = now.timestamp()
            with tarfile.open(partial, "w:gz") as tar:
                with dump.open("rb") as dumped:
                    dump_entry = _add_stream(tar, member, dumped, mtime)
                stored = {
                    folder: _add_store(tar, folder, storage, mtime)
                    for folder, storage in (_storages() if files else {}).items()
                }
                manifest = {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "app": _app(),
                    "database": {
                        "vendor": database.vendor,
                        "member": member,
                        **dump_entry,
                    },
                    "migrations": state.migrations,
                    "counts": state.counts,
                    "files": stored,
                    "not_included": NOT_INCLUDED,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                tar.addfile(_info(MANIFEST, len(data), mtime), io.BytesIO(data))
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return Backup(path=output, manifest=manifest)


# Reading and restoring
# ------------------------------------------------------------------------------

ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError, ValueError)


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"No such backup file: {path}")
    try:
        return tarfile.open(path, "r:gz")
    except ARCHIVE_ERRORS as exc:
        raise BackupError(
            f"{path} is not a backup archive (a .tar.gz written by the backup "
            f"command): {exc}"
        ) from exc


def _manifest(tar: tarfile.TarFile, path: Path) -> tuple[dict, dict]:
    """The manifest and the archive's members by name."""
    try:
        members = {member.name: member for member in tar.getmembers()}
    except ARCHIVE_ERRORS as exc:
        raise BackupError(f"{path} is damaged or cut short: {exc}") from exc
    if MANIFEST not in members:
        raise BackupError(f"{path} is not a backup archive: it has no {MANIFEST}.")
    try:
        manifest = json.load(tar.extractfile(members[MANIFEST]))
    except ARCHIVE_ERRORS as exc:
        raise BackupError(f"{path}: its {MANIFEST} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path}: a backup of an unknown format "
            f"({manifest.get('format') if isinstance(manifest, dict) else None!r}); "
            f"this version reads format {FORMAT}."
        )
    if manifest.get("database", {}).get("vendor") not in DUMP_MEMBERS:
        raise BackupError(f"{path}: its {MANIFEST} names no database it knows.")
    return manifest, members


def _digest(handle) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _dump_extract(tar, members: dict, manifest: dict, target: Path) -> None:
    entry = manifest["database"]
    member = members.get(DUMP_MEMBERS[entry["vendor"]])
    if member is None or not member.isfile():
        raise BackupError("The archive holds no database dump.")
    digest = hashlib.sha256()
    with tar.extractfile(member) as source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != entry.get("sha256"):
        raise BackupError(
            "The archive's database dump differs from its manifest (SHA-256): the "
            "archive is damaged. Nothing was restored."
        )


def _files_restore(tar, members: dict, manifest: dict) -> list[str]:
    mismatches = []
    for folder, storage in _storages().items():
        for entry in manifest.get("files", {}).get(folder, []):
            name, arcname = entry["name"], f"{folder}/{entry['name']}"
            member = members.get(arcname)
            if member is None or not member.isfile():
                mismatches.append(f"{arcname}: in the manifest, not in the archive")
                continue
            try:
                if storage.exists(name):
                    storage.delete(name)
                with tar.extractfile(member) as source:
                    saved = storage.save(
                        name, File(source, name=posixpath.basename(name))
                    )
            except SuspiciousFileOperation as exc:
                mismatches.append(f"{arcname}: not a name the storage takes ({exc})")
                continue
            if saved != name:
                mismatches.append(f"{arcname}: saved as {saved}")
                continue
            with storage.open(saved, "rb") as handle:
                if _digest(handle) != entry["sha256"]:
                    mismatches.append(f"{arcname}: its bytes differ from the backup's")
    return mismatches


def _compare(manifest: dict, state: DatabaseState) -> list[str]:
    mismatches = []
    for key, expected in manifest.get("counts", {}).items():
        restored = state.counts.get(key)
        if restored != expected:
            restored = "no table" if restored is None else restored
            mismatches.append(f"{key}: {expected} in the backup, {restored} restored")
    for app, names in manifest.get("migrations", {}).items():
        for name in names:
            if (app, name) not in state.applied:
                mismatches.append(
                    f"migration {app}.{name}: in the backup, not restored"
                )
    return mismatches


def _notes(manifest: dict, state: DatabaseState) -> list[str]:
    notes = []
    known, leaves = code_migrations()
    behind = sorted(f"{app}.{name}" for app, name in leaves - state.applied)
    if behind:
        notes.append(
            f"This code has {len(behind)} migration(s) the backup lacks "
            f"({', '.join(behind[:5])}{', ...' if len(behind) > 5 else ''}): run "
            "`python manage.py migrate`."
        )
    ahead = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )
    if ahead:
        commit = manifest.get("app", {}).get("git_commit") or "unknown"
        notes.append(
            f"The backup holds migrations this code does not know ({', '.join(ahead)}): "
            f"serve it with the code it was made by (git commit {commit})."
        )
    return notes


def backup_restore(
    *,
    archive: Path,
    database: Database | None = None,
    force: bool = False,
    files: bool = True,
) -> Restore:
    """Restore the backup at `archive` into `database` (the configured one when None)
    and, unless `files` is False, its files into the storages; then count and read
    everything again. Refuses a database that is not empty unless `force`. What
    differs from the manifest is returned in `mismatches`."""
    archive = Path(archive)
    database = database or database_configured()
    with _open(archive) as tar:
        manifest, members = _manifest(tar, archive)
        vendor = manifest["database"]["vendor"]
        if vendor != database.vendor:
            raise BackupError(
                f"{archive.name} holds a {VENDOR_NAMES[vendor]} database; "
                f"{database.label} is {VENDOR_NAMES[database.vendor]}. Restore it "
                f"into a {VENDOR_NAMES[vendor]} database."
            )
        if vendor == POSTGRESQL:
            tool_path("pg_restore")
        tables = database_table_count(database)
        if tables and not force:
            raise BackupError(
                f"{database.label} is not empty ({tables} tables). Restore into an empty "
                "database, or pass --force to "
                "replace what the backup holds."
            )
        with tempfile.TemporaryDirectory(prefix="birgemiz-restore-") as work:
            dump = Path(work) / DUMP_MEMBERS[vendor]
            _dump_extract(tar, members, manifest, dump)
            database_load(database, dump)
        mismatches = _files_restore(tar, members, manifest) if files else []
    state = database_state(database)
    mismatches += _compare(manifest, state)
    notes = _notes(manifest, state)
    if database.alias is not None:
        # The cache holds pages, stamps and sessions of the database as it was.
        try:
            cache.clear()
        except Exception as exc:  # noqa: BLE001 (whatever the cache backend raises)
            notes.append(f"Could not clear the cache ({exc}): clear it by hand.")
    return Restore(
        manifest=manifest,
        database=database,
        counts=state.counts,
        mismatches=mismatches,
        notes=notes,
    )
