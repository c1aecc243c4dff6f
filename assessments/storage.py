"""Private file storage: submitted files are never under MEDIA_URL; a view checks who
asks and streams them (assessments.views.submission_file)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    # A callable, so tests' override of PRIVATE_MEDIA_ROOT applies and migrations do not
    # record a path.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
