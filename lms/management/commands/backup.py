"""Write one archive with the database, the media and private files, and a manifest."""

from django.core.management.base import BaseCommand, CommandError

from lms.services import BackupError, backup_write
from lms.services.backup_db import VENDOR_NAMES, database_given

from ._backup_output import counts_line, size_text


class Command(BaseCommand):
    # A backup or a restore must not wait on the site's configuration being fit to
    # serve (e.g. LMS_PUBLIC_URL on a machine that is being rebuilt).
    requires_system_checks = []
    help = (
        "Write one .tar.gz with the database (pg_dump, or SQLite's online backup), "
        "the media and private files and a manifest (README: Production, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            help="The archive to write, or a folder to write "
            "birgemiz-<date>-<time>.tar.gz in.",
        )
        parser.add_argument(
            "--database-url",
            help="Back up this database instead of the configured one (DATABASE_URL).",
        )
        parser.add_argument(
            "--database-only",
            action="store_true",
            help="Leave the files out (e.g. media in object storage with versioning "
            "of its own).",
        )

    def handle(self, *args, **options):
        try:
            database = database_given(options["database_url"])
            backup = backup_write(
                output=options["output"],
                database=database,
                files=not options["database_only"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.manifest
        files = manifest["files"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {backup.path} "
                f"({size_text(backup.path.stat().st_size)})."
            )
        )
        self.stdout.write(
            f"Database: {VENDOR_NAMES[manifest['database']['vendor']]}, "
            f"{counts_line(manifest['counts'])}."
        )
        self.stdout.write(
            "Files: "
            + (
                ", ".join(
                    f"{len(entries)} {folder}" for folder, entries in files.items()
                )
                or "left out (--database-only)"
            )
            + "."
        )
