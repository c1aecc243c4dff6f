"""Open Badges 3.0: a certificate as a signed credential that anyone can verify with
the published key alone (checked here with PyJWT, a JOSE library independent of the
one that signs), and the revocation status list."""

import base64
import gzip
import hashlib
import json
import stat
import threading

import jwt
import pytest
from django.conf import settings
from joserfc.jwk import OKPKey

from certificates import credentials, services
from certificates.credentials import keys
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JWKS_URL = "/credentials/jwks.json"
ISSUER_URL = "/credentials/issuer"
STATUS_URL = "/credentials/status/revocation"


@pytest.fixture(autouse=True)
def key_file(tmp_path, settings):
    """Each test signs with its own key, in a file of its own."""
    path = tmp_path / "keys" / "credential.pem"
    settings.LMS_CREDENTIAL_KEY_FILE = str(path)
    credentials.signing_key_cache_clear()
    yield path
    credentials.signing_key_cache_clear()


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _published_key(client, token: str) -> jwt.PyJWK:
    """The key that verifies `token`, taken from the published JWKS only."""
    kid = jwt.get_unverified_header(token)["kid"]
    keys = client.get(JWKS_URL).json()["keys"]
    (jwk,) = [key for key in keys if key["kid"] == kid]
    return jwt.PyJWK(jwk)


def _verify(client, token: str) -> dict:
    return jwt.decode(
        token,
        key=_published_key(client, token),
        algorithms=["EdDSA"],
        issuer=credentials.issuer_id(),
    )


def _contains_key(data, name: str) -> bool:
    if isinstance(data, dict):
        return name in data or any(_contains_key(v, name) for v in data.values())
    if isinstance(data, list):
        return any(_contains_key(v, name) for v in data)
    return False


def _status_bit(encoded_list: str, index: int) -> tuple[int, int]:
    """(bit at `index`, length in bits) of a multibase base64url GZIP bitstring,
    decoded here without the platform's code. Index 0 is the left-most bit."""
    assert encoded_list.startswith("u")
    bits = gzip.decompress(_b64url_decode(encoded_list[1:]))
    return (bits[index // 8] >> (7 - index % 8)) & 1, len(bits) * 8


# Key
# ------------------------------------------------------------------------------


def test_the_key_file_is_created_once_with_mode_0600_and_reused(key_file):
    assert not key_file.exists()
    first = credentials.signing_key()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    pem, modified = key_file.read_bytes(), key_file.stat().st_mtime_ns
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS#8

    credentials.signing_key_cache_clear()
    again = credentials.signing_key()
    assert again.thumbprint() == first.thumbprint()
    assert key_file.read_bytes() == pem
    assert key_file.stat().st_mtime_ns == modified
    assert [p.name for p in key_file.parent.iterdir()] == [key_file.name]


def test_the_key_is_read_once_per_process(key_file):
    key = credentials.signing_key()
    key_file.unlink()
    assert credentials.signing_key() is key


def test_the_key_file_defaults_to_private_media(settings, tmp_path):
    settings.LMS_CREDENTIAL_KEY_FILE = ""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    credentials.signing_key()
    assert (tmp_path / "private" / "keys" / "credential-ed25519.pem").exists()


def test_processes_racing_to_create_the_key_all_use_one_key(key_file):
    barrier = threading.Barrier(8)
    thumbprints = []

    def first_use():
        barrier.wait()
        thumbprints.append(credentials.signing_key_load(key_file).thumbprint())

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(thumbprints) == 8
    assert set(thumbprints) == {OKPKey.import_key(key_file.read_bytes()).thumbprint()}
    assert [p.name for p in key_file.parent.iterdir()] == [key_file.name]


def test_a_process_that_loses_the_race_uses_the_winners_key(key_file, monkeypatch):
    winner = OKPKey.generate_key("Ed25519")
    generate = OKPKey.generate_key

    def generate_while_another_process_publishes(*args, **kwargs):
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_bytes(winner.as_pem(private=True))
        return generate(*args, **kwargs)

    monkeypatch.setattr(
        OKPKey, "generate_key", generate_while_another_process_publishes
    )
    key = credentials.signing_key_load(key_file)
    assert key.thumbprint() == winner.thumbprint()
    assert [p.name for p in key_file.parent.iterdir()] == [key_file.name]


def test_without_hard_links_the_key_file_is_created_exclusively(key_file, monkeypatch):
    def no_links(*args):
        raise PermissionError("no hard links on this file system")

    monkeypatch.setattr(keys.os, "link", no_links)
    key = credentials.signing_key_load(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert OKPKey.import_key(key_file.read_bytes()).thumbprint() == key.thumbprint()


# Published key and issuer
# ------------------------------------------------------------------------------


def test_the_jwks_publishes_the_public_key_without_private_material(client):
    response = client.get(JWKS_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "max-age=3600" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    (jwk,) = response.json()["keys"]
    assert "d" not in jwk
    assert {k: jwk[k] for k in ("kty", "crv", "alg", "use")} == {
        "kty": "OKP",
        "crv": "Ed25519",
        "alg": "EdDSA",
        "use": "sig",
    }
    # kid ends with the RFC 7638 thumbprint, computed here from the JWK itself.
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]},
        separators=(",", ":"),
        sort_keys=True,
    )
    thumbprint = _b64url_encode(hashlib.sha256(canonical.encode()).digest())
    assert jwk["kid"] == f"{credentials.issuer_id()}#{thumbprint}"


def test_the_issuer_profile_names_the_front_office_and_includes_its_public_key(
    client, certificate_template
):
    response = client.get(ISSUER_URL)
    assert response.status_code == 200
    profile = response.json()
    assert profile["id"] == settings.LMS_PUBLIC_URL + ISSUER_URL
    assert profile["id"] == credentials.issuer_id()
    assert profile["type"] == ["Profile"]
    assert profile["name"] == certificate_template.issuer_ru
    assert profile["url"] == settings.LMS_PUBLIC_URL
    assert profile["jwks_uri"] == settings.LMS_PUBLIC_URL + JWKS_URL
    (method,) = profile["verificationMethod"]
    assert method["publicKeyJwk"] == client.get(JWKS_URL).json()["keys"][0]
    assert method["id"] == method["publicKeyJwk"]["kid"]
    assert not _contains_key(profile, "d")


def test_the_issuer_profile_has_a_name_without_a_default_template(client):
    profile = client.get(ISSUER_URL).json()
    assert profile["name"]


@pytest.mark.parametrize("url", [ISSUER_URL, JWKS_URL, STATUS_URL])
def test_the_public_credential_addresses_answer_get_only(client, url):
    assert client.post(url).status_code == 405


# Credential
# ------------------------------------------------------------------------------


def test_a_downloaded_credential_verifies_with_only_the_published_key(
    client, certificate, holder
):
    response = credentials.credential_download_response(certificate)
    assert response["Content-Type"] == "application/jwt"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.code}.jwt"'
    )
    token = response.content.decode()
    assert jwt.get_unverified_header(token) == {
        "alg": "EdDSA",
        "kid": client.get(JWKS_URL).json()["keys"][0]["kid"],
        "typ": "JWT",
    }

    claims = _verify(client, token)

    issuer = credentials.issuer_id()
    assert claims["iss"] == claims["issuer"]["id"] == issuer
    assert claims["issuer"]["name"] == "Национальный волонтёрский фронт-офис"
    assert claims["jti"] == claims["id"]
    assert claims["id"] == f"{settings.LMS_PUBLIC_URL}/v/{certificate.code}"
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    subject = claims["credentialSubject"]
    assert claims["sub"] == subject["id"]
    names = [i for i in subject["identifier"] if i["identityType"] == "name"]
    assert names == [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": "Айгерім Сұлтанқызы Өтегенова",
        }
    ]
    achievement = subject["achievement"]
    assert achievement["name"] == claims["name"] == "Паллиативная помощь"
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert achievement["criteria"]["narrative"]
    assert achievement["id"].endswith(
        f"/credentials/achievements/{certificate.target_key}"
    )

    assert claims["nbf"] == int(certificate.issued_at.timestamp())
    assert claims["exp"] == int(certificate.expires_at.timestamp())
    assert claims["validFrom"] == certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert claims["validUntil"] == certificate.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert claims["credentialStatus"] == {
        "id": f"{settings.LMS_PUBLIC_URL}{STATUS_URL}#{certificate.pk}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.pk),
        "statusListCredential": settings.LMS_PUBLIC_URL + STATUS_URL,
    }


def test_the_credential_carries_the_email_only_salted_and_hashed(
    client, certificate, holder
):
    token = credentials.credential_jwt(certificate)
    payload = _b64url_decode(token.split(".")[1]).decode()
    assert holder.email not in payload
    claims = _verify(client, token)
    (email,) = [
        i
        for i in claims["credentialSubject"]["identifier"]
        if i["identityType"] == "emailAddress"
    ]
    assert email["hashed"] is True
    digest = hashlib.sha256((holder.email.lower() + email["salt"]).encode())
    assert email["identityHash"] == "sha256$" + digest.hexdigest()


def test_the_credential_is_the_same_each_time_it_is_downloaded(certificate):
    assert credentials.credential_jwt(certificate) == credentials.credential_jwt(
        certificate
    )


def test_a_credential_that_never_expires_has_no_expiry(client, certificate):
    certificate.expires_at = None
    claims = _verify(client, credentials.credential_jwt(certificate))
    assert "exp" not in claims
    assert "validUntil" not in claims


def test_a_tampered_credential_fails_verification(client, certificate):
    token = credentials.credential_jwt(certificate)
    header, payload, signature = token.split(".")
    claims = json.loads(_b64url_decode(payload))
    claims["credentialSubject"]["achievement"]["name"] = "Экстренные ситуации"
    forged_payload = _b64url_encode(
        json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    )
    forged = f"{header}.{forged_payload}.{signature}"
    with pytest.raises(jwt.InvalidSignatureError):
        _verify(client, forged)


def test_a_credential_signed_by_another_key_fails_verification(
    client, certificate, settings, tmp_path
):
    published = _published_key(client, credentials.credential_jwt(certificate))
    settings.LMS_CREDENTIAL_KEY_FILE = str(tmp_path / "other" / "key.pem")
    other = credentials.credential_jwt(certificate)
    assert (
        credentials.key_thumbprint() != published.key_id.rsplit("#", 1)[1]
    )  # really another key
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(other, key=published, algorithms=["EdDSA"])


# Status list
# ------------------------------------------------------------------------------


def test_the_status_list_sets_the_bit_of_a_revoked_certificate_at_once(
    client, certificate, regional_admin
):
    before = client.get(STATUS_URL)
    assert before.status_code == 200
    assert before["Content-Type"] == "application/vc+jwt"
    assert "no-cache" in before["Cache-Control"]
    assert "max-age=0" in before["Cache-Control"]
    token = before.content.decode()
    assert jwt.get_unverified_header(token)["typ"] == "vc+jwt"
    status_list = _verify(client, token)
    assert status_list["type"] == [
        "VerifiableCredential",
        "BitstringStatusListCredential",
    ]
    assert status_list["id"] == settings.LMS_PUBLIC_URL + STATUS_URL
    subject = status_list["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    bit, length = _status_bit(subject["encodedList"], certificate.pk)
    assert bit == 0
    assert length >= 131_072

    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Подложные документы"
    )

    after = _verify(client, client.get(STATUS_URL).content.decode())
    bit, _length = _status_bit(
        after["credentialSubject"]["encodedList"], certificate.pk
    )
    assert bit == 1
    assert (
        _status_bit(after["credentialSubject"]["encodedList"], certificate.pk + 1)[0]
        == 0
    )


def test_the_status_list_as_json_for_people_to_read(
    client, certificate, regional_admin
):
    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Ошибка выдачи"
    )
    response = client.get(STATUS_URL, {"format": "json"})
    assert response["Content-Type"].startswith("application/json")
    listed = response.json()
    assert listed["issuer"] == credentials.issuer_id()
    assert _status_bit(listed["credentialSubject"]["encodedList"], certificate.pk)[0]


def test_the_status_list_costs_the_same_queries_whatever_is_revoked(
    client,
    certificate,
    certificate_rule,
    regional_admin,
    django_assert_num_queries,
):
    with django_assert_num_queries(2):
        client.get(STATUS_URL)
    others = []
    for _n in range(3):
        other, _created = services.certificate_issue(
            learner=UserFactory(region=certificate.learner.region),
            rule=certificate_rule,
            completed_at=certificate.completed_at,
        )
        others.append(other)
    for revoked in [certificate, *others]:
        services.certificate_revoke(certificate=revoked, by=regional_admin, reason="x")
    with django_assert_num_queries(2):
        response = client.get(STATUS_URL, {"format": "json"})
    encoded = response.json()["credentialSubject"]["encodedList"]
    assert all(_status_bit(encoded, c.pk)[0] for c in [certificate, *others])


def test_the_status_list_grows_past_the_highest_certificate_number():
    encoded = credentials.status_list_encode([0, 131_073], size=2 * 131_072)
    assert _status_bit(encoded, 0) == (1, 262_144)
    assert _status_bit(encoded, 131_073)[0] == 1
    assert _status_bit(encoded, 1)[0] == 0


def test_after_a_key_rotation_old_credentials_still_verify_with_the_published_keys(
    client, certificate, key_file, tmp_path, settings
):
    old_token = credentials.credential_jwt(certificate)
    retired = tmp_path / "keys" / "retired.pem"
    key_file.rename(retired)  # the operator keeps the old file aside...
    settings.LMS_CREDENTIAL_RETIRED_KEY_FILES = [str(retired)]
    credentials.signing_key_cache_clear()  # ...and the platform makes a new key

    new_token = credentials.credential_jwt(certificate)

    published = client.get(JWKS_URL).json()["keys"]
    assert len(published) == 2
    assert jwt.get_unverified_header(new_token)["kid"] == published[0]["kid"]
    assert jwt.get_unverified_header(old_token)["kid"] == published[1]["kid"]
    for token in (old_token, new_token):
        assert _verify(client, token)["id"].endswith(certificate.code)
    profile = client.get(ISSUER_URL).json()
    assert [m["id"] for m in profile["verificationMethod"]] == [
        key["kid"] for key in published
    ]
    assert not _contains_key(published, "d")
