"""Private file storage: files (submissions, certificates, import previews, Wagtail's
documents) are never under MEDIA_URL; a view checks who asks and streams them.

Which storage that is, is the STORAGES entry "private" (lms/settings/storage.py): the
file system under PRIVATE_MEDIA_ROOT (the embedded default), or a private S3-compatible
bucket (core.object_storage) shared by every process. Code reads and writes private
files through the storage API only (open, save, exists, delete, listdir), never
through paths, so the same code runs on both.
"""

from __future__ import annotations

import os
import posixpath
import tempfile

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import (
    FileSystemStorage,
    InvalidStorageError,
    Storage,
    storages,
)
from django.utils.functional import LazyObject, empty

PRIVATE_STORAGE_ALIAS = "private"
PUBLIC_STORAGE_ALIAS = "public"


class PrivateFileStorage(FileSystemStorage):
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


class _PrivateStorage(LazyObject):
    """STORAGES["private"], looked up on first use and again after STORAGES changes
    (a test's override), like Django's default_storage."""

    def _setup(self):
        try:
            self._wrapped = storages[PRIVATE_STORAGE_ALIAS]
        except InvalidStorageError:  # settings of an older shape: the file system
            self._wrapped = PrivateFileStorage()


_private = _PrivateStorage()


class _PublicStorage(LazyObject):
    """STORAGES["public"] (public media: images and their renditions), looked up like
    the private storage."""

    def _setup(self):
        try:
            self._wrapped = storages[PUBLIC_STORAGE_ALIAS]
        except InvalidStorageError:  # settings of an older shape: the file system
            self._wrapped = FileSystemStorage()


_public = _PublicStorage()


def on_setting_changed(*, setting, **kwargs) -> None:
    """A test changed STORAGES: look the private storage up again (CoreConfig)."""
    if setting == "STORAGES":
        _private._wrapped = empty
        _public._wrapped = empty


def private_storage():
    """The private storage. A callable, so that migrations record no path nor
    backend (FileField(storage=private_storage))."""
    return _private


def is_local(storage) -> bool:
    """Whether the storage keeps files on this machine's file system."""
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


def file_replace(storage, name: str, content: bytes) -> str:
    """Write `content` as the file `name`, replacing any file of that name, so that a
    reader never sees half a file; returns the name stored. On the file system the
    file is written under a temporary name and moved into place; an object store's
    upload replaces an object whole."""
    if not is_local(storage):
        if storage.exists(name) and not getattr(storage, "file_overwrite", False):
            storage.delete(name)
        return storage.save(name, ContentFile(content))
    path = storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temporary, path)
    return name


def local_files_copy(root, storage) -> tuple[int, int]:
    """Copy every file under the folder `root` into `storage` under its path relative
    to `root` (moving a deployment's files into object storage), leaving alone the
    names the storage already has, so that it can run again after an interruption.
    Returns (copied, already there)."""
    copied = skipped = 0
    for folder, _dirs, names in os.walk(root):
        for file_name in sorted(names):
            path = os.path.join(folder, file_name)
            name = os.path.relpath(path, root).replace(os.sep, "/")
            if storage.exists(name):
                skipped += 1
                continue
            with open(path, "rb") as handle:
                storage.save(name, File(handle, name=name))
            copied += 1
    return copied, skipped


class MediaStorage(Storage):
    """The default storage: public media (images and their renditions) under
    MEDIA_ROOT, where a web server may serve them as they are; but Wagtail's documents
    (names under PRIVATE_DIRS) under PRIVATE_MEDIA_ROOT, without a URL, so only
    Wagtail's serve view hands them out, after the checks of the document's collection
    (its privacy: signed-in users, groups, password). WAGTAILDOCS_SERVE_METHOD is
    "serve_view"; `url` raising NotImplementedError makes that view stream the file
    rather than redirect to it. Each name goes to one of the two storages (the public
    and the private entries of STORAGES: the file system, or the buckets of
    lms/settings/storage.py), which keep names relative to their own root."""

    PRIVATE_DIRS = ("documents",)

    def __init__(self):
        self.public = _public  # STORAGES["public"]: MEDIA_ROOT, or the public bucket
        self.private = _private  # STORAGES["private"]

    def is_private(self, name: str) -> bool:
        first = posixpath.normpath(str(name).replace("\\", "/")).split("/", 1)[0]
        return first in self.PRIVATE_DIRS

    def _for(self, name):
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
