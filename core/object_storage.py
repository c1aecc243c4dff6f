"""The private storage in an S3-compatible bucket (STORAGES["private"] when
LMS_S3_BUCKET is set; lms/settings/storage.py). Imported only then: the embedded
default never loads boto3."""

from __future__ import annotations

from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateObjectStorage(S3Storage):
    """Private files in a bucket: no URL (views stream them after checking who
    asks), no public access. Objects are uploaded without an ACL, so they are
    readable by the bucket's owner only unless a bucket policy says otherwise (AWS
    buckets with ACLs disabled, the default since 2023, refuse uploads that name any
    other ACL than the owner's)."""

    # Names are random (submissions, previews) or meant to be replaced (a
    # certificate's PDF rendered again: core.storage.file_replace).
    file_overwrite = True
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL; a view serves them.")

    def save_new(self, name: str, content: bytes) -> bool:
        """Store `content` as `name` unless an object of that name exists (a
        conditional upload, If-None-Match: *, so two processes racing to create it
        cannot both succeed). True when this call created it."""
        key = self._normalize_name(clean_name(name))
        params = self._get_write_parameters(key)
        try:
            self.bucket.Object(key).put(Body=content, IfNoneMatch="*", **params)
        except ClientError as err:
            status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            # 412: it exists; 409: another upload of it is in progress.
            if status in (409, 412):
                return False
            raise
        return True
