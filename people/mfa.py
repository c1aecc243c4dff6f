"""Whether the signed-in person has set up two-factor authentication, remembered in
their session once it is so (people.middleware asks on every staff page)."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled

MFA_SESSION_KEY = "lms_mfa_user"


def mfa_enabled_for_session(request) -> bool:
    """Whether request.user has a second factor: read once, then remembered in the
    session (people.receivers forgets it when they remove it)."""
    user = request.user
    if request.session.get(MFA_SESSION_KEY) == user.pk:
        return True
    if is_mfa_enabled(user):
        request.session[MFA_SESSION_KEY] = user.pk
        return True
    return False


def mfa_session_forget(request) -> None:
    request.session.pop(MFA_SESSION_KEY, None)
