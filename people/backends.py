"""The authentication backend: Django's ModelBackend, with each person's permission
set memoized (core.pagecache.content_cached) instead of read in two queries on every
page (the site's menu asks has_perm on each one). A change of groups or permissions
changes the content version (people.receivers), so it shows on the next request."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from core.pagecache import content_cached


class PermissionsMemoBackend(ModelBackend):
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
