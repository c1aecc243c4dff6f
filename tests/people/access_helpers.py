"""Helpers of the tests of accounts and access: logging in through allauth's pages,
codes of an authenticator app (allauth's TOTP functions, on the real clock), a second
factor set up directly, and the re-authentication records of a session."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.utils.http import urlencode

from .helpers import PASSWORD

LOGIN_URL = "/ru/accounts/login/"
MFA_AUTHENTICATE_URL = "/ru/accounts/2fa/authenticate/"
MFA_REQUIRED_URL = "/ru/profile/two-factor/"
ACTIVATE_URL = "/ru/accounts/2fa/totp/activate/"
REAUTHENTICATE_URL = "/ru/accounts/reauthenticate/"


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret`."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def mfa_set_up(user) -> tuple[str, list[str]]:
    """Give `user` an authenticator app and recovery codes, as allauth's set-up
    does; returns the app's secret and the recovery codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user)
    return secret, codes.generate_codes()


def password_step(client, user, *, next_url: str = ""):
    """Post the login form (the first step) as `user`, optionally with ?next=."""
    url = f"{LOGIN_URL}?{urlencode({'next': next_url})}" if next_url else LOGIN_URL
    return client.post(url, {"login": user.email, "password": PASSWORD})


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def redirect_target(response) -> tuple[str, str | None]:
    """Where a redirect leads: its path and its ?next= (None without one), however
    the URL is quoted."""
    assert response.status_code == 302, response.status_code
    url = urlsplit(response["Location"])
    return url.path, parse_qs(url.query).get("next", [None])[0]


def reauthentication_asked(response, url: str) -> bool:
    """Whether `response` sends to allauth's re-authentication, back to `url`."""
    return response.status_code == 302 and redirect_target(response) == (
        REAUTHENTICATE_URL,
        url,
    )


def reauthenticate(client, next_url: str):
    """Give the password on allauth's re-authentication page, which then carries out
    the request that waited (or goes to `next_url`)."""
    return client.post(with_next(REAUTHENTICATE_URL, next_url), {"password": PASSWORD})


def authentications_age(client, seconds: float) -> None:
    """Move every authentication of the client's session `seconds` into the past."""
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - seconds} for record in records
    ]
    session.save()
