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

The modules: keys (the signing key), issuer (profile, JWKS, signature), badge (a
certificate's credential) and status_list (revocation).

The signing key is a PKCS#8 PEM file (LMS_CREDENTIAL_KEY_FILE, else
keys/credential-ed25519.pem in the private storage: under PRIVATE_MEDIA_ROOT, or in
the private bucket), created on first use. It must be backed up and must not change
while credentials it signed are in use.
"""

from .badge import (
    CREDENTIAL_MEDIA_TYPE,
    OB_SCHEMA,
    achievement_id,
    credential_build,
    credential_download_response,
    credential_id,
    credential_jwt,
    subject_id,
)
from .issuer import (
    ALGORITHM,
    OB_CONTEXT,
    VC_CONTEXT,
    issuer_id,
    issuer_name,
    issuer_profile,
    jwks,
    key_id,
    public_jwk,
)
from .keys import (
    key_thumbprint,
    published_keys,
    retired_keys,
    signing_key,
    signing_key_cache_clear,
    signing_key_load,
    signing_key_path,
)
from .status_list import (
    STATUS_LIST_BLOCK_BITS,
    STATUS_LIST_MEDIA_TYPE,
    status_list_credential,
    status_list_encode,
    status_list_id,
    status_list_jwt,
)

__all__ = [
    "ALGORITHM",
    "CREDENTIAL_MEDIA_TYPE",
    "OB_CONTEXT",
    "OB_SCHEMA",
    "STATUS_LIST_BLOCK_BITS",
    "STATUS_LIST_MEDIA_TYPE",
    "VC_CONTEXT",
    "achievement_id",
    "credential_build",
    "credential_download_response",
    "credential_id",
    "credential_jwt",
    "issuer_id",
    "issuer_name",
    "issuer_profile",
    "jwks",
    "key_id",
    "key_thumbprint",
    "public_jwk",
    "published_keys",
    "retired_keys",
    "signing_key",
    "signing_key_cache_clear",
    "signing_key_load",
    "signing_key_path",
    "status_list_credential",
    "status_list_encode",
    "status_list_id",
    "status_list_jwt",
    "subject_id",
]
