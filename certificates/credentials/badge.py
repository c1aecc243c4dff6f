"""The certificate as an Open Badge: an OpenBadgeCredential (Open Badges 3.0 on the
VC Data Model 2.0), secured as a VC-JWT signed by the issuer, and the file a holder
downloads."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.links import public_url

from .. import selectors
from ..models import Certificate
from ..selectors import certificate_title
from .issuer import (
    OB_CONTEXT,
    VC_CONTEXT,
    issuer_name,
    issuer_object,
    issuer_sign,
    jwt_numeric_date,
    vc_datetime,
)
from .keys import key_secret
from .status_list import status_list_id

OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json"
)
CREDENTIAL_MEDIA_TYPE = "application/jwt"


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
        key_secret("subject"), str(certificate.learner_id).encode(), hashlib.sha256
    ).digest()
    return uuid.UUID(bytes=digest[:16], version=4).urn


def _email_identity(certificate: Certificate) -> dict[str, Any]:
    """The holder's e-mail address as an Open Badges IdentityObject, salted and
    hashed ("sha256$" + hex(sha256(email + salt))): a verifier who knows the address
    can check it; the address itself is not in the credential."""
    salt = hmac.new(
        key_secret("salt"), certificate.code.encode(), hashlib.sha256
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
            "issuer": issuer_object(issuer_name()),
            "validFrom": vc_datetime(certificate.issued_at),
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
        credential["validUntil"] = vc_datetime(certificate.expires_at)
    return credential


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
        "nbf": jwt_numeric_date(certificate.issued_at),
    }
    if certificate.expires_at is not None:
        claims["exp"] = jwt_numeric_date(certificate.expires_at)
    return issuer_sign(claims, typ="JWT")


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
