"""Files in an S3-compatible object store (LMS_S3_BUCKET; lms/settings/storage.py):
private files in the private bucket without URLs, public media under media/ with
plain URLs, nothing on this machine's disk. (moto's in-process S3: tests.object_store.)"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core import importing
from core.storage import file_replace, is_local, private_storage
from tests.object_store import MEDIA_BUCKET, PRIVATE_BUCKET, files_under


class Someone:
    def __init__(self, pk):
        self.pk = pk


def test_private_files_go_to_the_private_bucket_and_have_no_url(object_store, settings):
    storage = private_storage()

    name = storage.save("submissions/7/report.pdf", ContentFile(b"%PDF-1.7 report"))

    assert not is_local(storage)
    assert object_store.private_keys() == ["private/submissions/7/report.pdf"]
    with storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 report"
    with pytest.raises(ValueError):
        storage.url(name)
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert files_under(settings.MEDIA_ROOT) == []


def test_opening_a_missing_private_file_raises_file_not_found(object_store):
    with pytest.raises(FileNotFoundError):
        private_storage().open("submissions/7/lost.pdf", "rb")


def test_public_media_is_under_media_with_plain_urls_and_never_overwritten(
    object_store, settings
):
    first = default_storage.save("images/photo.png", ContentFile(b"one"))
    second = default_storage.save("images/photo.png", ContentFile(b"two"))

    assert first == "images/photo.png"
    assert second != first
    assert object_store.media_keys() == sorted([f"media/{first}", f"media/{second}"])
    assert object_store.read(MEDIA_BUCKET, f"media/{first}") == b"one"
    url = default_storage.url(first)
    assert url.endswith("/media/images/photo.png")
    assert MEDIA_BUCKET in url
    assert "X-Amz-" not in url and "Signature" not in url
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_replaced_file_keeps_its_name_and_has_the_new_content(object_store):
    storage = private_storage()

    assert file_replace(storage, "certificates/2026/X.pdf", b"old") == (
        "certificates/2026/X.pdf"
    )
    assert file_replace(storage, "certificates/2026/X.pdf", b"new") == (
        "certificates/2026/X.pdf"
    )

    assert object_store.private_keys() == ["private/certificates/2026/X.pdf"]
    key = "private/certificates/2026/X.pdf"
    assert object_store.read(PRIVATE_BUCKET, key) == b"new"


def test_a_replaced_file_on_the_file_system_keeps_its_name(settings):
    storage = private_storage()

    file_replace(storage, "certificates/2026/X.pdf", b"old")
    file_replace(storage, "certificates/2026/X.pdf", b"new")

    assert is_local(storage)
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == ["certificates/2026/X.pdf"]
    with storage.open("certificates/2026/X.pdf", "rb") as handle:
        assert handle.read() == b"new"


def test_import_previews_are_stashed_read_and_purged_in_the_private_bucket(
    object_store, monkeypatch
):
    user = Someone(1)
    assert importing.stash_purge(kind="test") == 0  # nothing stashed yet

    payload = importing.stash_save(raw=b"a;b\n", kind="test", user=user, data={})
    raw, _data = importing.stash_load(payload, kind="test", user=user)
    (key,) = object_store.private_keys("imports/test/")

    assert raw == b"a;b\n"
    assert importing.stash_purge(kind="test") == 0  # still fresh
    later = timezone.now() + datetime.timedelta(seconds=importing.PREVIEW_MAX_AGE + 60)
    monkeypatch.setattr(importing.timezone, "now", lambda: later)
    assert importing.stash_purge(kind="test") == 1
    assert object_store.private_keys() == []
    assert key.startswith("private/imports/test/")
