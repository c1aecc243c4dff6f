"""Object storage for tests: public media and private files in S3 buckets of moto's
in-process S3 (moto's mock_aws), through the settings production builds from
LMS_S3_BUCKET (lms/settings/storage.py). For the test of several processes against
one S3-compatible server, see tests/lms/test_scale_out.py (moto's server mode).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from lms.settings.storage import MEDIA_PREFIX, PRIVATE_PREFIX, storages
from tests.services import missing

MEDIA_BUCKET = "test-media"
PRIVATE_BUCKET = "test-private"
REGION = "us-east-1"


@dataclass
class ObjectStore:
    client: object  # boto3's S3 client

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix=prefix
        )
        return sorted(
            item["Key"] for page in pages for item in page.get("Contents", [])
        )

    def private_keys(self, under: str = "") -> list[str]:
        return self.keys(PRIVATE_BUCKET, f"{PRIVATE_PREFIX}/{under}")

    def media_keys(self, under: str = "") -> list[str]:
        return self.keys(MEDIA_BUCKET, f"{MEDIA_PREFIX}/{under}")

    def read(self, bucket: str, key: str) -> bytes:
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()


def files_under(root) -> list[str]:
    """Every file under a folder (none when it does not exist)."""
    root = Path(root)
    return sorted(
        str(Path(folder, name).relative_to(root))
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


@pytest.fixture
def object_store(settings, monkeypatch):
    """STORAGES as production sets them with LMS_S3_BUCKET and LMS_S3_PRIVATE_BUCKET,
    the buckets in moto's in-process S3; the credential key cache emptied around."""
    try:
        import boto3
        from moto import mock_aws
    except ImportError:
        missing("moto is not installed (requirements/dev.txt)")
    from certificates.credentials import signing_key_cache_clear

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
            client.create_bucket(Bucket=bucket)
        settings.STORAGES = storages(
            bucket=MEDIA_BUCKET,
            private_bucket=PRIVATE_BUCKET,
            endpoint_url="",
            region=REGION,
            public_url="",
            staticfiles_backend=settings.STORAGES["staticfiles"]["BACKEND"],
        )
        signing_key_cache_clear()
        try:
            yield ObjectStore(client)
        finally:
            signing_key_cache_clear()
