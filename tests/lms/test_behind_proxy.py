"""Behind the documented reverse proxy (LMS_TRUSTED_PROXY_COUNT=1) every request comes
from the proxy's address: the limits must still count each client on its own, the
platform's (certificate look-ups) and allauth's (failed logins) alike."""

import pytest
from django.utils import translation

from lms.settings.base import ACCOUNT_RATE_LIMITS

pytestmark = pytest.mark.django_db

PROXY = {"REMOTE_ADDR": "10.0.0.2"}
FIRST = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
SECOND = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
UNKNOWN = "7KQ2M9XD4HBTR6WCZ3NP"  # a well-formed certificate number held by nobody
TOO_MANY = "Too many failed login attempts"


def _verify(client, client_headers) -> int:
    return client.get(f"/en/verify/{UNKNOWN}/json/", **PROXY, **client_headers)


def _login_fails(client, client_headers, email: str) -> str:
    with translation.override("en"):
        response = client.post(
            "/en/accounts/login/",
            {"login": email, "password": "not-the-password"},
            **PROXY,
            **client_headers,
        )
    assert response.status_code == 200  # the form again, with its error
    return response.content.decode()


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_behind_the_proxy_each_client_has_its_own_verification_allowance(
    client, settings, behind_proxy
):
    settings.LMS_TRUSTED_PROXY_COUNT = 1 if behind_proxy else 0
    settings.LMS_VERIFY_RATE = "2/60"
    for _ in range(2):
        assert _verify(client, FIRST).status_code == 404
    assert _verify(client, FIRST).status_code == 429

    second = _verify(client, SECOND)

    # With the switch off both visitors are the proxy, and share one allowance.
    assert second.status_code == (404 if behind_proxy else 429)


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_behind_the_proxy_each_client_has_its_own_failed_login_allowance(
    client, settings, home_page, behind_proxy
):
    settings.LMS_TRUSTED_PROXY_COUNT = 1 if behind_proxy else 0
    settings.ACCOUNT_RATE_LIMITS = ACCOUNT_RATE_LIMITS  # the test settings switch off
    # allauth's limit is 10 failed logins a minute per address (and 5 per account):
    # ten accounts guessed from the first address use up that address's allowance.
    for number in range(10):
        assert TOO_MANY not in _login_fails(client, FIRST, f"guess{number}@example.kz")
    assert TOO_MANY in _login_fails(client, FIRST, "guess10@example.kz")

    second = _login_fails(client, SECOND, "someone@example.kz")

    # With the switch off, ten wrong passwords from anyone lock everyone out.
    assert (TOO_MANY in second) is not behind_proxy
