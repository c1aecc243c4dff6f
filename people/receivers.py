"""Receivers of people: what changes who may do what."""

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
