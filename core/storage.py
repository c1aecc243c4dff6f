"""Private file storage: files (submissions, certificates) are never under MEDIA_URL; a
view checks who asks and streams them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read on every use (so a test's override of the
    setting applies), and without URLs: nothing may link to them directly."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; a view serves them.")


def private_storage() -> PrivateStorage:
    # A callable, so migrations do not record a path.
    return PrivateStorage()
