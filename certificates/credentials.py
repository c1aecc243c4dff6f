"""Open Badges 3.0: each certificate as a W3C Verifiable Credential signed by the
platform's Ed25519 key, the issuer profile and public key that verify it, and the
revocation status list.

Formats, and where they come from:
- The credential is an OpenBadgeCredential (Open Badges 3.0 on the VC Data Model 2.0,
  https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential).
- It is secured as a VC-JWT, the "JSON Web Token Proof Format" of Open Badges 3.0
  (https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof): a compact JWS whose payload is
  the credential itself plus the claims iss, jti, nbf, sub and exp (no `vc` wrapper:
  that was the VC Data Model 1.1 form). The JOSE header holds only alg, kid and typ
  ("If present, MUST be set to JWT"; "Additional JOSE Headers are NOT allowed"); kid is
  a URI that dereferences to the public JWK: `<issuer id>#<RFC 7638 thumbprint>`, found
  in the issuer profile (`verificationMethod`) and in the JWKS.
- Revocation is a W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-
  status-list/): bit `certificate.pk`, set when revoked, in a list of at least 131,072
  bits, GZIP-compressed and multibase base64url encoded. The list is a VC 2.0 credential
  secured per VC-JOSE-COSE (typ "vc+jwt", media type application/vc+jwt), built on each
  request so a revocation shows at once.

The signing key is a PKCS#8 PEM file (LMS_CREDENTIAL_KEY_FILE, else
<PRIVATE_MEDIA_ROOT>/keys/credential-ed25519.pem), created on first use. It must be
backed up and must not change while credentials it signed are in use.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import hmac
import logging
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.jwa import EdDSAAlgorithm
from joserfc.jwk import OKPKey
from joserfc.jws import JWSRegistry

from core.links import public_base, public_url

from . import selectors
from .models import Certificate, CertificateTemplate
from .selectors import certificate_title

logger = logging.getLogger(__name__)

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json"
)
ALGORITHM = "EdDSA"
# Bitstring Status List v1.0 section 6.1: at least 16KB (131,072 entries) for herd
# privacy; the list grows by whole blocks of this size as certificates are issued.
STATUS_LIST_BLOCK_BITS = 131_072
CREDENTIAL_MEDIA_TYPE = "application/jwt"
STATUS_LIST_MEDIA_TYPE = "application/vc+jwt"


# Key
# ------------------------------------------------------------------------------


class _EdDSA(EdDSAAlgorithm):
    # RFC 9864 deprecates "EdDSA" in favour of the fully-specified "Ed25519", and
    # joserfc warns on every use. Open Badges 3.0 verifiers and JOSE libraries in the
    # field (PyJWT among them) know "EdDSA" only, so that is what we sign with.
    security_warning = None


class _Registry(JWSRegistry):
    """Only EdDSA: the one algorithm our credentials are signed with."""

    algorithms = {ALGORITHM: _EdDSA()}
    recommended = [ALGORITHM]


_REGISTRY = _Registry(algorithms=[ALGORITHM])
_keys: dict[str, OKPKey] = {}
_keys_lock = threading.Lock()


def signing_key_path() -> Path:
    """Where the platform's Ed25519 key lives."""
    configured = settings.LMS_CREDENTIAL_KEY_FILE
    if configured:
        return Path(configured)
    return Path(settings.PRIVATE_MEDIA_ROOT) / "keys" / "credential-ed25519.pem"


def signing_key() -> OKPKey:
    """The platform's Ed25519 signing key: read once per process, created on first
    use when its file is missing."""
    path = str(signing_key_path())
    key = _keys.get(path)
    if key is None:
        with _keys_lock:
            key = _keys.get(path)
            if key is None:
                key = signing_key_load(Path(path))
                _keys[path] = key
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
    try:
        key = OKPKey.import_key(pem)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"The credential signing key {path} is not an Ed25519 PEM key."
        ) from exc
    if not key.is_private or key.curve_name != "Ed25519":
        raise ImproperlyConfigured(
            f"The credential signing key {path} is not an Ed25519 private key."
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


def key_id(key: OKPKey | None = None) -> str:
    """The `kid` of the key: a URI that dereferences to it (the issuer profile lists
    it under `verificationMethod`; the JWKS carries the same kid)."""
    return f"{issuer_id()}#{key_thumbprint(key)}"


def public_jwk(key: OKPKey | None = None) -> dict[str, str]:
    """The public half of the key as a JWK, with kid, alg and use (never "d")."""
    key = key or signing_key()
    jwk = {
        name: value
        for name, value in key.as_dict(private=False).items()
        if name in ("kty", "crv", "x")
    }
    return {**jwk, "kid": key_id(key), "alg": ALGORITHM, "use": "sig"}


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


def jwks() -> dict[str, list[dict[str, str]]]:
    """The JSON Web Key Set published at /credentials/jwks.json: the current key and
    the retired ones."""
    return {"keys": [public_jwk(key) for key in published_keys()]}


def _key_secret(purpose: str) -> bytes:
    """A secret for `purpose` derived from the signing key: stable for as long as the
    key is, unlike SECRET_KEY, which operators rotate."""
    seed = signing_key().private_key.private_bytes_raw()
    return hashlib.sha256(b"birgemiz-credential\x00" + purpose.encode() + seed).digest()


# Issuer
# ------------------------------------------------------------------------------


def issuer_id() -> str:
    """The issuer's id: the URL of its profile, stable for as long as certificates
    live."""
    return public_url(reverse("credentials:issuer"))


def issuer_name() -> str:
    """The name of the national volunteer front office as the default certificate
    template gives it (in the default language), else a default."""
    template = CertificateTemplate.objects.filter(is_default=True).first()
    language = settings.LANGUAGE_CODE
    if template is not None:
        name = getattr(template, f"issuer_{language}", "") or template.issuer_en
        if name:
            return name
    with translation.override(language):
        return _("National Volunteer Front Office of Kazakhstan")


def _issuer(name: str) -> dict[str, Any]:
    return {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": name,
        "url": public_base(),
    }


def issuer_profile() -> dict[str, Any]:
    """The issuer's Open Badges 3.0 Profile, with its public key (as a verification
    method whose id is the credentials' kid; retired keys too) and a link to its
    JWKS."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        **_issuer(issuer_name()),
        "verificationMethod": [
            {
                "id": key_id(key),
                "type": "JsonWebKey",
                "controller": issuer_id(),
                "publicKeyJwk": public_jwk(key),
            }
            for key in published_keys()
        ],
        "jwks_uri": public_url(reverse("credentials:jwks")),
    }


# Credential
# ------------------------------------------------------------------------------


def _timestamp(moment: datetime.datetime) -> str:
    """A VC dateTimeStamp in UTC, to the second (as a JWT NumericDate is)."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _numeric_date(moment: datetime.datetime) -> int:
    return int(moment.timestamp())


def credential_id(certificate: Certificate) -> str:
    """The credential's id: the certificate's public verification address."""
    return public_url(
        reverse("credentials:verify_short", kwargs={"code": certificate.code})
    )


def achievement_id(certificate: Certificate) -> str:
    """The course's (or program's) achievement id: one per course, any language."""
    return public_url(f"/credentials/achievements/{certificate.target_key}")


def subject_id(certificate: Certificate) -> str:
    """A pseudonymous id of the holder (the same in all their credentials from this
    platform, and saying nothing about them to anyone else)."""
    digest = hmac.new(
        _key_secret("subject"), str(certificate.learner_id).encode(), hashlib.sha256
    ).digest()
    return uuid.UUID(bytes=digest[:16], version=4).urn


def _email_identity(certificate: Certificate) -> dict[str, Any]:
    """The holder's e-mail address as an Open Badges IdentityObject, salted and
    hashed ("sha256$" + hex(sha256(email + salt))): a verifier who knows the address
    can check it; the address itself is not in the credential."""
    salt = hmac.new(
        _key_secret("salt"), certificate.code.encode(), hashlib.sha256
    ).hexdigest()[:32]
    email = certificate.learner.email.strip().lower()
    digest = hashlib.sha256((email + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def _hours(certificate: Certificate) -> str:
    hours = certificate.hours
    if hours is None:
        return ""
    return f"{hours:f}".rstrip("0").rstrip(".")


def _achievement(certificate: Certificate, title: str) -> dict[str, Any]:
    program = certificate.kind == Certificate.Kind.PROGRAM
    hours = _hours(certificate)
    if program:
        description = _("Completion of the training program “%(title)s”.") % {
            "title": title
        }
        narrative = _(
            "Completed every course of the program on the Birgemiz Academy platform."
        )
    else:
        description = _("Completion of the training course “%(title)s”.") % {
            "title": title
        }
        narrative = _(
            "Completed every required lesson, quiz and assignment of the course on "
            "the Birgemiz Academy platform."
        )
    if hours:
        description += " " + _("Study hours: %(hours)s.") % {"hours": hours}
    return {
        "id": achievement_id(certificate),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": title,
        "description": description,
        "criteria": {"narrative": narrative},
    }


def credential_build(certificate: Certificate) -> dict[str, Any]:
    """The certificate as an OpenBadgeCredential (Open Badges 3.0, VC Data Model 2.0
    JSON), unsigned. Wording is in the default language whoever asks, so the
    credential is the same every time it is built."""
    with translation.override(settings.LANGUAGE_CODE):
        title = certificate_title(certificate, settings.LANGUAGE_CODE)
        credential: dict[str, Any] = {
            "@context": [VC_CONTEXT, OB_CONTEXT],
            "id": credential_id(certificate),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": _issuer(issuer_name()),
            "validFrom": _timestamp(certificate.issued_at),
            "name": title,
            "credentialSubject": {
                "id": subject_id(certificate),
                "type": ["AchievementSubject"],
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityType": "name",
                        "hashed": False,
                        "identityHash": certificate.holder_name,
                    },
                    _email_identity(certificate),
                ],
                "achievement": _achievement(certificate, title),
            },
            "credentialStatus": {
                "id": f"{status_list_id()}#{certificate.pk}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": str(certificate.pk),
                "statusListCredential": status_list_id(),
            },
            "credentialSchema": [
                {"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}
            ],
        }
    if certificate.expires_at is not None:
        credential["validUntil"] = _timestamp(certificate.expires_at)
    return credential


def _sign(claims: dict[str, Any], *, typ: str) -> str:
    key = signing_key()
    header = {"alg": ALGORITHM, "kid": key_id(key), "typ": typ}
    return jwt.encode(header, claims, key, registry=_REGISTRY)


def credential_jwt(certificate: Certificate) -> str:
    """The certificate as a signed Open Badges 3.0 VC-JWT: the credential is the JWT
    payload, with iss, jti, sub, nbf and (when it expires) exp beside it. None is
    signed for a revoked certificate (selectors.CertificateRevoked)."""
    selectors.certificate_files_check(certificate)
    credential = credential_build(certificate)
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": _numeric_date(certificate.issued_at),
    }
    if certificate.expires_at is not None:
        claims["exp"] = _numeric_date(certificate.expires_at)
    return _sign(claims, typ="JWT")


def credential_download_response(certificate: Certificate) -> HttpResponse:
    """The signed credential as a file to download ("Download Open Badge")."""
    response = HttpResponse(
        credential_jwt(certificate), content_type=CREDENTIAL_MEDIA_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.code}.jwt"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Status list
# ------------------------------------------------------------------------------


def status_list_id() -> str:
    """The URL of the revocation status list credential."""
    return public_url(reverse("credentials:status_list"))


def status_list_encode(indexes: list[int], *, size: int) -> str:
    """A bitstring of `size` bits with the bits at `indexes` set (index 0 is the
    left-most, most significant bit of the first byte), GZIP-compressed and encoded
    as multibase base64url without padding ("u" prefix)."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def status_list_credential() -> dict[str, Any]:
    """The revocation list as a BitstringStatusListCredential, as of now."""
    revoked, highest = selectors.certificate_revocation_indexes()
    blocks = highest // STATUS_LIST_BLOCK_BITS + 1
    list_id = status_list_id()
    return {
        "@context": [VC_CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _timestamp(timezone.now()),
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_list_encode(
                revoked, size=blocks * STATUS_LIST_BLOCK_BITS
            ),
        },
    }


def status_list_jwt(credential: dict[str, Any] | None = None) -> str:
    """The status list credential secured as a VC-JWT (VC-JOSE-COSE: typ vc+jwt)."""
    credential = credential or status_list_credential()
    valid_from = datetime.datetime.fromisoformat(credential["validFrom"])
    claims = {
        **credential,
        "iss": credential["issuer"],
        "jti": credential["id"],
        "nbf": _numeric_date(valid_from),
        "iat": _numeric_date(valid_from),
    }
    return _sign(claims, typ="vc+jwt")
