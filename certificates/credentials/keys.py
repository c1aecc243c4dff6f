"""The platform's Ed25519 signing key: where it lives, read once per process, created
on first use by exactly one of the processes racing to create it; the retired keys
still published; secrets derived from it.

The signing key is a PKCS#8 PEM file: LMS_CREDENTIAL_KEY_FILE, else
keys/credential-ed25519.pem in the private storage (core.storage), that is
<PRIVATE_MEDIA_ROOT>/keys/credential-ed25519.pem on the file system, or the object of
that name in the private bucket, where every web and worker process on every machine
finds the same key. It is created on first use. It must be backed up and must not
change while credentials it signed are in use.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import OKPKey

from core.storage import is_local, private_storage

logger = logging.getLogger(__name__)

_keys: dict[str, OKPKey] = {}
_keys_lock = threading.Lock()


# The key's name in the private storage, when LMS_CREDENTIAL_KEY_FILE is not set.
KEY_NAME = "keys/credential-ed25519.pem"


def signing_key_path() -> Path | None:
    """The file of the platform's Ed25519 key; None when it is the object KEY_NAME
    in the private bucket (an object store has no paths)."""
    configured = settings.LMS_CREDENTIAL_KEY_FILE
    if configured:
        return Path(configured)
    storage = private_storage()
    if is_local(storage):
        return Path(storage.path(KEY_NAME))
    return None


def signing_key() -> OKPKey:
    """The platform's Ed25519 signing key: read once per process, created on first
    use when it is missing."""
    path = signing_key_path()
    storage = private_storage()
    if path is None:
        where = f"private-storage:{getattr(storage, 'bucket_name', '')}/{KEY_NAME}"
    else:
        where = str(path)
    key = _keys.get(where)
    if key is None:
        with _keys_lock:
            key = _keys.get(where)
            if key is None:
                if path is None:
                    key = stored_key_load(storage, KEY_NAME)
                else:
                    key = signing_key_load(path)
                _keys[where] = key
    return key


def signing_key_cache_clear() -> None:
    """Forget the keys read so far (tests; a key file replaced by an operator)."""
    with _keys_lock:
        _keys.clear()


def signing_key_load(path: Path) -> OKPKey:
    """Read the key at `path`, creating it when missing. Processes racing to create
    it end up with one key: the first to publish the file wins and the others read
    the winner's file."""
    try:
        pem = path.read_bytes()
    except FileNotFoundError:
        pem = _key_file_create(path)
    return _key_from_pem(pem, str(path))


def stored_key_load(storage, name: str, *, attempts: int = 50) -> OKPKey:
    """Read the key stored as `name` in an object store, creating it when missing.
    Processes racing to create it end up with one key: the upload is conditional
    (core.object_storage.PrivateObjectStorage.save_new), the first one wins and the
    others read the winner's."""
    pem = _stored_read(storage, name)
    if pem is None:
        pem = OKPKey.generate_key("Ed25519").as_pem(private=True)
        if _stored_create(storage, name, pem):
            logger.warning(
                "created the credential signing key %s in the private storage: "
                "back it up",
                name,
            )
        else:
            for _attempt in range(attempts):
                pem = _stored_read(storage, name)
                if pem is not None:
                    break
                time.sleep(0.05)  # the winner's upload is still in progress
            else:
                raise ImproperlyConfigured(
                    f"The credential signing key {name} cannot be read from the "
                    "private storage."
                )
    return _key_from_pem(pem, f"{name} (private storage)")


def _stored_read(storage, name: str) -> bytes | None:
    try:
        with storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _stored_create(storage, name: str, pem: bytes) -> bool:
    save_new = getattr(storage, "save_new", None)
    if save_new is not None:
        return save_new(name, pem)
    # A storage without conditional uploads: the last of racing writers wins.
    from django.core.files.base import ContentFile

    if storage.exists(name):
        return False
    storage.save(name, ContentFile(pem))
    return True


def _key_from_pem(pem: bytes, where: str) -> OKPKey:
    try:
        key = OKPKey.import_key(pem)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"The credential signing key {where} is not an Ed25519 PEM key."
        ) from exc
    if not key.is_private or key.curve_name != "Ed25519":
        raise ImproperlyConfigured(
            f"The credential signing key {where} is not an Ed25519 private key."
        )
    return key


def _key_file_create(path: Path) -> bytes:
    """Create a new key file at `path` (mode 0600) unless another process did first;
    return the PEM that is in the file afterwards.

    The key is written to a temporary file (mkstemp: O_EXCL, mode 0600) and linked
    into place: link() fails when the name exists, so exactly one key is published,
    and never half written. Where the file system has no hard links, the file is
    created with O_CREAT | O_EXCL directly and a racing reader waits for its content.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = OKPKey.generate_key("Ed25519").as_pem(private=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return _key_file_read_complete(path)
        except OSError:  # no hard links here
            return _key_file_create_exclusive(path, pem)
    finally:
        os.unlink(temporary)
    logger.warning("created the credential signing key %s: back it up", path)
    return pem


def _key_file_create_exclusive(path: Path, pem: bytes) -> bytes:
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _key_file_read_complete(path)
    with os.fdopen(handle, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())
    logger.warning("created the credential signing key %s: back it up", path)
    return pem


def _key_file_read_complete(path: Path, *, attempts: int = 50) -> bytes:
    """The winner's key file, once it is completely written."""
    for _attempt in range(attempts):
        pem = path.read_bytes()
        if pem.rstrip().endswith(b"-----END PRIVATE KEY-----"):
            return pem
        time.sleep(0.05)
    return path.read_bytes()  # let the PEM parser say what is wrong with it


def key_thumbprint(key: OKPKey | None = None) -> str:
    """The key's RFC 7638 JWK thumbprint (SHA-256, base64url)."""
    return (key or signing_key()).thumbprint()


def retired_keys() -> list[OKPKey]:
    """Keys that signed credentials before the current one (key rotation): their
    public halves stay published, so credentials already handed out still verify.
    Read from the files in LMS_CREDENTIAL_RETIRED_KEY_FILES (PEM, private or public);
    never created."""
    keys = []
    for name in settings.LMS_CREDENTIAL_RETIRED_KEY_FILES:
        path = Path(name)
        try:
            key = OKPKey.import_key(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"The retired credential key {path} cannot be read as an Ed25519 key."
            ) from exc
        keys.append(key)
    return keys


def published_keys() -> list[OKPKey]:
    """The current key first, then the retired ones (each once)."""
    keys, seen = [], set()
    for key in [signing_key(), *retired_keys()]:
        if key.thumbprint() not in seen:
            seen.add(key.thumbprint())
            keys.append(key)
    return keys


def key_secret(purpose: str) -> bytes:
    """A secret for `purpose` derived from the signing key: stable for as long as the
    key is, unlike SECRET_KEY, which operators rotate."""
    seed = signing_key().private_key.private_bytes_raw()
    return hashlib.sha256(b"birgemiz-credential\x00" + purpose.encode() + seed).digest()
