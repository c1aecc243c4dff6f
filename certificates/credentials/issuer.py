"""The issuer: its id and Open Badges 3.0 profile, its public keys (the JWKS) and its
signature (a compact JWS with alg EdDSA, the kid that dereferences to the key, and
typ), plus the vocabulary the badge and the status list share with it."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.jwa import EdDSAAlgorithm
from joserfc.jwk import OKPKey
from joserfc.jws import JWSRegistry

from core.links import public_base, public_url

from ..models import CertificateTemplate
from .keys import key_thumbprint, published_keys, signing_key

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ALGORITHM = "EdDSA"


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


def jwks() -> dict[str, list[dict[str, str]]]:
    """The JSON Web Key Set published at /credentials/jwks.json: the current key and
    the retired ones."""
    return {"keys": [public_jwk(key) for key in published_keys()]}


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


def issuer_object(name: str) -> dict[str, Any]:
    """The issuer as a credential names it: id, type, name and address."""
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
        **issuer_object(issuer_name()),
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


def vc_datetime(moment: datetime.datetime) -> str:
    """A VC dateTimeStamp in UTC, to the second (as a JWT NumericDate is)."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def jwt_numeric_date(moment: datetime.datetime) -> int:
    """A JWT NumericDate: seconds since the epoch."""
    return int(moment.timestamp())


def issuer_sign(claims: dict[str, Any], *, typ: str) -> str:
    """`claims` as a compact JWS signed with the signing key (header: alg, kid, typ)."""
    key = signing_key()
    header = {"alg": ALGORITHM, "kid": key_id(key), "typ": typ}
    return jwt.encode(header, claims, key, registry=_REGISTRY)
