"""Private file storage: files (submissions, certificates, Wagtail's documents) are never
under MEDIA_URL; a view checks who asks and streams them."""

import os
import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


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


class MediaStorage(Storage):
    """The default storage: public media (images and their renditions) under
    MEDIA_ROOT, where a web server may serve them as they are; but Wagtail's documents
    (names under PRIVATE_DIRS) under PRIVATE_MEDIA_ROOT, without a URL, so only
    Wagtail's serve view hands them out, after the checks of the document's collection
    (its privacy: signed-in users, groups, password). WAGTAILDOCS_SERVE_METHOD is
    "serve_view"; `url` raising NotImplementedError makes that view stream the file
    rather than redirect to it. Each name goes to one of two file system storages, which
    keep names relative to their own folder."""

    PRIVATE_DIRS = ("documents",)

    def __init__(self):
        self.public = FileSystemStorage()  # MEDIA_ROOT and MEDIA_URL, as they change
        self.private = PrivateStorage()

    def is_private(self, name: str) -> bool:
        first = posixpath.normpath(str(name).replace("\\", "/")).split("/", 1)[0]
        return first in self.PRIVATE_DIRS

    def _for(self, name) -> FileSystemStorage:
        return self.private if self.is_private(name) else self.public

    def _open(self, name, mode="rb"):
        return self._for(name)._open(name, mode)

    def _save(self, name, content):
        return self._for(name)._save(name, content)

    def path(self, name):
        return self._for(name).path(name)

    def delete(self, name):
        return self._for(name).delete(name)

    def exists(self, name):
        return self._for(name).exists(name)

    def listdir(self, path):
        return self._for(path).listdir(path)

    def size(self, name):
        return self._for(name).size(name)

    def url(self, name):
        if self.is_private(name):
            raise NotImplementedError(
                "Documents have no media URL: a view serves them."
            )
        return self.public.url(name)

    def get_accessed_time(self, name):
        return self._for(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._for(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._for(name).get_modified_time(name)
