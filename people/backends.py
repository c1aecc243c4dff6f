"""The authentication backend: Django's ModelBackend, with the signed-in person and
their permission set memoized (core.pagecache.content_cached) instead of read in one
and two queries on every page (the site's menu asks has_perm on each one). Saving or
deleting a user, and a change of groups or permissions, changes the content version
(people.receivers), so it shows on the next request: a new password or a
deactivation ends the other sessions at once, as without the memo (the session's hash
is checked against the user read after the change)."""

from __future__ import annotations

import copy

from django.contrib.auth.backends import ModelBackend

from core.pagecache import content_cached


class PermissionsMemoBackend(ModelBackend):
    def get_user(self, user_id):
        user = content_cached(
            ("user", user_id),
            lambda: super(PermissionsMemoBackend, self).get_user(user_id),
        )
        # A copy: what a request sets on the user (its permission cache) stays with it.
        return copy.copy(user) if user is not None else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            parent = super()
            user_obj._perm_cache = content_cached(
                ("perms", user_obj.pk, user_obj.is_superuser),
                lambda: frozenset(parent.get_all_permissions(user_obj)),
            )
        return user_obj._perm_cache
