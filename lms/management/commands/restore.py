"""Restore a backup written by the backup command, then check it against its
manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.services import BackupError, backup_restore
from lms.services.backup_db import database_given

from ._backup_output import counts_line


class Command(BaseCommand):
    # A backup or a restore must not wait on the site's configuration being fit to
    # serve (e.g. LMS_PUBLIC_URL on a machine that is being rebuilt).
    requires_system_checks = []
    help = (
        "Restore a backup (database and files), then count the key tables and read "
        "every file again: exits non-zero when anything differs from the backup's "
        "manifest (README: Production, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz written by the backup command.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database (default: the configured one, "
            "DATABASE_URL). It must be empty unless --force.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore into a database that is not empty: what the backup holds "
            "is dropped and written again (other tables are left as they are).",
        )
        parser.add_argument(
            "--database-only",
            action="store_true",
            help="Leave MEDIA_ROOT and PRIVATE_MEDIA_ROOT alone (e.g. a restore "
            "drill into a scratch database).",
        )

    def handle(self, *args, **options):
        try:
            database = database_given(options["database_url"])
            restore = backup_restore(
                archive=Path(options["archive"]),
                database=database,
                force=options["force"],
                files=not options["database_only"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = restore.manifest
        app = manifest.get("app") or {}
        self.stdout.write(
            f"Restored the backup of {manifest.get('created_at')} "
            f"(version {app.get('version') or 'unknown'}, git commit "
            f"{app.get('git_commit') or 'unknown'}) into {restore.database.label}."
        )
        for note in restore.notes:
            self.stdout.write(self.style.WARNING(note))
        if restore.mismatches:
            raise CommandError(
                "The restore differs from the backup's manifest:\n  "
                + "\n  ".join(restore.mismatches)
            )
        checked = f"Checked against the manifest: {counts_line(restore.counts)}"
        if not options["database_only"]:
            count = sum(len(entries) for entries in manifest.get("files", {}).values())
            checked += f"; {count} file(s), each byte for byte as backed up"
        self.stdout.write(self.style.SUCCESS(checked + "."))
