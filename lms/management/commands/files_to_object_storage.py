"""Copy the files of a deployment that kept them on the file system into the object
storage it now uses (LMS_S3_BUCKET): public media from MEDIA_ROOT, private files
(submissions, certificate PDFs, the credential signing key) from PRIVATE_MEDIA_ROOT."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from core.storage import is_local, local_files_copy, private_storage


class Command(BaseCommand):
    help = (
        "Copy the files under DJANGO_MEDIA_ROOT and LMS_PRIVATE_MEDIA_ROOT into the "
        "object storage LMS_S3_BUCKET configures, keeping their names. Files already "
        "there are left alone: safe to run again."
    )

    def handle(self, *args, **options):
        storages = [
            ("media", settings.MEDIA_ROOT, default_storage),
            ("private", settings.PRIVATE_MEDIA_ROOT, private_storage()),
        ]
        if any(is_local(storage) for _kind, _root, storage in storages):
            raise CommandError(
                "Files are kept on the file system: set LMS_S3_BUCKET (README, "
                "Configuration) before copying them into object storage."
            )
        for kind, root, storage in storages:
            copied, skipped = local_files_copy(root, storage)
            self.stdout.write(
                f"{kind}: {copied} file(s) copied from {root}, {skipped} already there"
            )
