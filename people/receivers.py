"""Receivers of people: what changes who may do what, and the protections of accounts."""

from __future__ import annotations

from core.pagecache import content_version_bump


def on_permissions_changed(sender, **kwargs) -> None:
    """Someone's groups or permissions, or a group's permissions, changed: the
    memoized permission sets (people.backends) are read again."""
    if kwargs.get("action", "post_").startswith("post_"):
        content_version_bump()


def on_user_changed(sender, **kwargs) -> None:
    """A user was saved (a profile, a password, a deactivation, a login's date) or
    deleted: the memoized signed-in user (people.backends) is read again."""
    content_version_bump()


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """A login starts the session's idle clock (people.middleware), so that the first
    page after it writes nothing."""
    if request is not None and hasattr(request, "session"):
        from .middleware import session_activity_mark

        session_activity_mark(request)


def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    """allauth: an authenticator app was switched on (recovery codes come with it)."""
    from allauth.mfa.models import Authenticator

    from .services import user_mfa_change_record

    if authenticator.type == Authenticator.Type.TOTP:
        user_mfa_change_record(user=user, activated=True)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    """allauth: an authenticator app was switched off. The session forgets that its
    person has a second factor (a staff member is asked to set one up again)."""
    from allauth.mfa.models import Authenticator

    from .mfa import mfa_session_forget
    from .services import user_mfa_change_record

    if request is not None and hasattr(request, "session"):
        mfa_session_forget(request)
    if authenticator.type == Authenticator.Type.TOTP:
        user_mfa_change_record(user=user, activated=False)
