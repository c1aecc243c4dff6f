"""Where uploaded and generated files live, in one place: base.py passes in what it
read from the environment (this module reads nothing itself).

Without a bucket, the local file system: public media (Wagtail's images and
documents) under MEDIA_ROOT, private files (assignment submissions, certificate PDFs,
import previews, the credential signing key) under PRIVATE_MEDIA_ROOT. That is the
embedded default, and right for one machine.

With LMS_S3_BUCKET, an S3-compatible object store (AWS S3, MinIO, ...) through
django-storages, so that any number of web and worker processes on any machines
share the same files: public media under the key prefix "media/" of LMS_S3_BUCKET,
private files under "private/" of LMS_S3_PRIVATE_BUCKET (the same bucket when
unset). Credentials come the standard AWS way (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, or an instance role), read by boto3 itself.
https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
"""

from __future__ import annotations

from urllib.parse import urlsplit

# The key prefixes of the two kinds of files (AWS_LOCATION of each storage). Fixed,
# so that one bucket can hold both, with a policy that lets anyone read media/images/
# and media/original_images/ only.
MEDIA_PREFIX = "media"
PRIVATE_PREFIX = "private"

MEDIA = "core.storage.MediaStorage"
FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
PRIVATE_FILE_SYSTEM = "core.storage.PrivateFileStorage"
S3 = "storages.backends.s3.S3Storage"
PRIVATE_S3 = "core.object_storage.PrivateObjectStorage"


def _s3_common(*, endpoint_url: str, region: str) -> dict:
    options: dict = {}
    if endpoint_url:
        # MinIO and most S3-compatible servers address buckets by path.
        options.update(endpoint_url=endpoint_url, addressing_style="path")
    if region:
        options["region_name"] = region
    return options


def storages(
    *,
    bucket: str,
    private_bucket: str,
    endpoint_url: str,
    region: str,
    public_url: str,
    staticfiles_backend: str,
) -> dict:
    """STORAGES: "default" (core.storage.MediaStorage: Wagtail's documents to the
    private storage, the rest to the public), "public" (public media), "private"
    (core.storage.private_storage) and "staticfiles" (`staticfiles_backend`)."""
    if not bucket:
        return {
            "default": {"BACKEND": MEDIA},
            "public": {"BACKEND": FILE_SYSTEM},
            "private": {"BACKEND": PRIVATE_FILE_SYSTEM},
            "staticfiles": {"BACKEND": staticfiles_backend},
        }
    common = _s3_common(endpoint_url=endpoint_url, region=region)
    media = {
        **common,
        "bucket_name": bucket,
        "location": MEDIA_PREFIX,
        # Plain addresses: pages link images for as long as they are cached, and the
        # bucket's policy lets anyone read them (README, "Files").
        "querystring_auth": False,
        # Two uploads of "photo.jpg" are two files (S3Storage overwrites by default).
        "file_overwrite": False,
    }
    if public_url:
        parts = urlsplit(public_url.rstrip("/"))
        media.update(
            custom_domain=parts.netloc + parts.path, url_protocol=f"{parts.scheme}:"
        )
    private = {
        **common,
        "bucket_name": private_bucket or bucket,
        "location": PRIVATE_PREFIX,
    }
    return {
        "default": {"BACKEND": MEDIA},
        "public": {"BACKEND": S3, "OPTIONS": media},
        "private": {"BACKEND": PRIVATE_S3, "OPTIONS": private},
        "staticfiles": {"BACKEND": staticfiles_backend},
    }


def media_origins(*, bucket: str, endpoint_url: str, region: str, public_url: str):
    """The origins pages load media from besides their own (the Content-Security-
    Policy's img-src and media-src): none on the file system, else the address of
    the public bucket."""
    if not bucket:
        return []
    for address in (public_url, endpoint_url):
        if address:
            parts = urlsplit(address)
            return [f"{parts.scheme}://{parts.netloc}"]
    # AWS itself: the bucket's virtual-hosted address, global and regional.
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region:
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins
