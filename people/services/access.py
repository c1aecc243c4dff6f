"""Audit entries of changes to who may do what and how an account is protected: a
change of someone's groups or superuser status in Wagtail's user admin, and a second
factor switched on or off."""

from __future__ import annotations

from core.audit import audit_log

from ..models import User
from ..selectors import user_group_names

ROLES_CHANGE_ACTION = "people.roles_change"
MFA_ACTIVATE_ACTION = "people.mfa_activate"
MFA_DEACTIVATE_ACTION = "people.mfa_deactivate"


def user_roles_change_record(
    *,
    user: User,
    previous_groups: set[str],
    previous_superuser: bool,
    by: User | None,
) -> bool:
    """Record in the audit log that an admin changed `user`'s groups (the role
    groups among them) or superuser status, from `previous_groups` and
    `previous_superuser` to what they are now (nothing when neither changed). Returns
    whether they changed."""
    groups = user_group_names(user)
    if groups == previous_groups and user.is_superuser == previous_superuser:
        return False
    audit_log(
        user,
        ROLES_CHANGE_ACTION,
        user=by,
        region_id=user.region_id,
        data={
            "added": sorted(groups - previous_groups),
            "removed": sorted(previous_groups - groups),
            "superuser": user.is_superuser,
            "was_superuser": previous_superuser,
        },
    )
    return True


def user_mfa_change_record(*, user: User, activated: bool) -> None:
    """Record that `user` switched their authenticator app on or off (by themselves:
    allauth's pages ask for their password, or a code, first)."""
    audit_log(
        user,
        MFA_ACTIVATE_ACTION if activated else MFA_DEACTIVATE_ACTION,
        user=user,
        region_id=user.region_id,
    )
