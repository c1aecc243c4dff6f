"""Who counts as staff for the protections of accounts, and the re-authentication of
sensitive actions.

Staff are the holders of the staff roles (mentors, regional and national admins,
editors: STAFF_ROLES) and whoever may enter an admin (Wagtail's or Django's). They
must use two-factor authentication (LMS_MFA_REQUIRED) and their sessions end after
LMS_STAFF_SESSION_IDLE_MINUTES without a request (people.middleware); learners are
free to add a second factor and keep Django's session length.

Telling staff from learners reads nothing new: a person is staff when they hold a
permission that only staff roles grant, and the permission set of the signed-in person
is memoized (people.backends) and read on every page anyway (the site's menu)."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.utils.decorators import method_decorator

from .roles import ROLE_PERMISSIONS, Role

STAFF_ROLES = frozenset(
    {Role.MENTOR, Role.REGIONAL_ADMIN, Role.NATIONAL_ADMIN, Role.EDITOR}
)
# The permissions that make a person staff: those of the staff roles that no other
# role grants (should a learner's role ever get one of them, it does not count), and
# entering Wagtail's admin, however it was given.
STAFF_PERMISSIONS = frozenset(
    set().union(*(ROLE_PERMISSIONS[role] for role in STAFF_ROLES))
    - set().union(
        *(perms for role, perms in ROLE_PERMISSIONS.items() if role not in STAFF_ROLES)
    )
    | {"wagtailadmin.access_admin"}
)
_REQUEST_MEMO = "_lms_is_staff"


def user_is_staff(user) -> bool:
    """Whether `user` is staff: an active person in a staff role, with the Wagtail
    admin, or with Django's admin (is_staff, is_superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return not STAFF_PERMISSIONS.isdisjoint(user.get_all_permissions())


def request_is_staff(request) -> bool:
    """user_is_staff for the request's signed-in person (False for a visitor),
    worked out once per request. A request without a session cookie is a visitor's:
    nothing is read for it."""
    try:
        return getattr(request, _REQUEST_MEMO)
    except AttributeError:
        pass
    staff = settings.SESSION_COOKIE_NAME in request.COOKIES and user_is_staff(
        request.user
    )
    setattr(request, _REQUEST_MEMO, staff)
    return staff


# Sensitive actions
# ------------------------------------------------------------------------------


def _reauthentication_enabled(request) -> bool:
    return settings.LMS_REAUTHENTICATION_REQUIRED


def sensitive_action(view_func):
    """A view whose POST is a sensitive action (revoking a certificate, appointing to
    a role, an import, deleting people or data): unless the person re-authenticated
    (password, or a code of their second factor) in the last
    ACCOUNT_REAUTHENTICATION_TIMEOUT seconds, allauth asks them to, and then carries
    out the very POST they sent (allauth's reauthentication flow: the request waits in
    the session). A GET shows the page as before. The action's service writes the
    audit entry."""
    return reauthentication_required(
        view_func, allow_get=True, enabled=_reauthentication_enabled
    )


# For class-based views: their POST, after their own checks (login, permission).
sensitive_post = method_decorator(sensitive_action, name="post")
