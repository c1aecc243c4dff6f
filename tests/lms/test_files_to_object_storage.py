"""manage.py files_to_object_storage: a deployment's files on the file system copied
into the buckets it now uses, under the same names, once."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.object_store import MEDIA_BUCKET, PRIVATE_BUCKET


def write(root, name: str, content: bytes) -> None:
    path = Path(root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_local_files_are_copied_into_the_buckets_once(object_store, settings):
    write(settings.MEDIA_ROOT, "original_images/logo.png", b"png")
    write(settings.PRIVATE_MEDIA_ROOT, "keys/credential-ed25519.pem", b"key")
    write(settings.PRIVATE_MEDIA_ROOT, "submissions/3/ab12.pdf", b"%PDF")
    out = io.StringIO()

    call_command("files_to_object_storage", stdout=out)
    call_command("files_to_object_storage", stdout=out)

    assert object_store.media_keys() == ["media/original_images/logo.png"]
    assert object_store.private_keys() == [
        "private/keys/credential-ed25519.pem",
        "private/submissions/3/ab12.pdf",
    ]
    assert object_store.read(MEDIA_BUCKET, "media/original_images/logo.png") == b"png"
    key = "private/keys/credential-ed25519.pem"
    assert object_store.read(PRIVATE_BUCKET, key) == b"key"
    first, second = out.getvalue().strip().split("\n")[::2]
    assert first.startswith("media: 1 file(s) copied")
    assert second.startswith("media: 0 file(s) copied")
    assert out.getvalue().strip().endswith("2 already there")


def test_without_a_bucket_nothing_is_copied():
    with pytest.raises(CommandError, match="LMS_S3_BUCKET"):
        call_command("files_to_object_storage")
