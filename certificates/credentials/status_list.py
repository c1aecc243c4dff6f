"""The revocation status list: a W3C Bitstring Status List v1.0 credential, built on
each request so a revocation shows at once, secured as a VC-JWT (typ vc+jwt)."""

from __future__ import annotations

import base64
import datetime
import gzip
from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.links import public_url

from .. import selectors
from .issuer import (
    VC_CONTEXT,
    issuer_id,
    issuer_sign,
    jwt_numeric_date,
    vc_datetime,
)

# Bitstring Status List v1.0 section 6.1: at least 16KB (131,072 entries) for herd
# privacy; the list grows by whole blocks of this size as certificates are issued.
STATUS_LIST_BLOCK_BITS = 131_072
STATUS_LIST_MEDIA_TYPE = "application/vc+jwt"


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
        "validFrom": vc_datetime(timezone.now()),
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
        "nbf": jwt_numeric_date(valid_from),
        "iat": jwt_numeric_date(valid_from),
    }
    return issuer_sign(claims, typ="vc+jwt")
