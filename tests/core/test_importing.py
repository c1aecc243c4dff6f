"""core.importing: the uploaded file kept for its uploader between preview and
confirmation, read back only with their signed payload, removed once too old."""

import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.importing import (
    MSG_EMPTY_FILE,
    MSG_NOT_UTF8,
    MSG_PREVIEW_EXPIRED,
    MSG_PREVIEW_INVALID,
    MSG_TOO_LARGE,
    PREVIEW_MAX_AGE,
    stash_delete,
    stash_load,
    stash_purge,
    stash_save,
    upload_read,
    upload_text,
)
from core.storage import private_storage


class Someone:
    def __init__(self, pk):
        self.pk = pk


def test_a_stashed_file_is_read_back_by_its_uploader_only():
    payload = stash_save(raw=b"a;b\n", kind="test", user=Someone(1), data={"x": 1})
    raw, data = stash_load(payload, kind="test", user=Someone(1))
    assert raw == b"a;b\n" and data["x"] == 1
    for user, kind in ((Someone(2), "test"), (Someone(1), "other")):
        with pytest.raises(ValidationError) as caught:
            stash_load(payload, kind=kind, user=user)
        assert caught.value.messages == [str(MSG_PREVIEW_INVALID)]


def test_a_deleted_or_purged_file_can_no_longer_be_confirmed():
    user = Someone(1)
    payload = stash_save(raw=b"1", kind="test", user=user, data={})
    _raw, data = stash_load(payload, kind="test", user=user)
    stash_delete(kind="test", data=data)
    with pytest.raises(ValidationError) as caught:
        stash_load(payload, kind="test", user=user)
    assert caught.value.messages == [str(MSG_PREVIEW_EXPIRED)]

    old = stash_save(raw=b"2", kind="test", user=user, data={})
    _raw, data = stash_load(old, kind="test", user=user)
    path = private_storage().path(f"imports/test/{data['key']}")
    long_ago = (
        datetime.datetime.now() - datetime.timedelta(seconds=PREVIEW_MAX_AGE + 60)  # noqa: DTZ005
    ).timestamp()
    os.utime(path, (long_ago, long_ago))
    assert stash_purge(kind="test") == 1
    assert not os.path.exists(path)


def test_uploads_too_large_empty_or_not_utf8_are_refused():
    with pytest.raises(ValidationError) as caught:
        upload_read(SimpleUploadedFile("a.csv", b"12345"), max_bytes=4)
    assert caught.value.messages[0].startswith(str(MSG_TOO_LARGE).split(":")[0])
    with pytest.raises(ValidationError) as caught:
        upload_read(SimpleUploadedFile("a.csv", b""), max_bytes=4)
    assert caught.value.messages == [str(MSG_EMPTY_FILE)]
    with pytest.raises(ValidationError) as caught:
        upload_text("Почта".encode("cp1251"))
    assert caught.value.messages == [str(MSG_NOT_UTF8)]
    assert upload_text("\ufeffa\r\nb\rc".encode()) == "a\nb\nc"
