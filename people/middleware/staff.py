"""The protections of staff sessions (people.access tells who is staff): an idle
session ends, and staff without two-factor authentication are sent to set it up.

Neither adds a query to a learner's request: whether someone is staff comes from
their memoized permission set, which the page reads anyway; a visitor without a
session cookie costs nothing at all."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from ..access import request_is_staff
from ..mfa import mfa_enabled_for_session

# The time of a staff member's latest request (seconds since the epoch), rewritten at
# most every TOUCH_SECONDS so that an active session is not saved on every request.
LAST_SEEN_KEY = "lms_last_seen"
TOUCH_SECONDS = 60
# Requests a page sends by itself, which are no sign of a person at the keyboard:
# Wagtail's editor pings every few seconds while a page is open in it.
BACKGROUND_NAMESPACES = frozenset({"wagtailadmin_editing_sessions"})


def session_activity_mark(request) -> None:
    """Start the idle clock of a session (at login: the first page writes nothing)."""
    request.session[LAST_SEEN_KEY] = int(time.time())


class StaffSessionIdleMiddleware:
    """Ends a staff member's session after LMS_STAFF_SESSION_IDLE_MINUTES without a
    request: they are logged out and sent to the login page, which brings them back
    to the page they asked for. Learners' sessions are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle_seconds = settings.LMS_STAFF_SESSION_IDLE_MINUTES * 60
        if idle_seconds and request_is_staff(request):
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and time.time() - last_seen > idle_seconds:
                return self._expired(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A request to a page (not a page's own background request) moves the
        session's clock on."""
        if not settings.LMS_STAFF_SESSION_IDLE_MINUTES or not request_is_staff(request):
            return None
        match = request.resolver_match
        if match is not None and BACKGROUND_NAMESPACES.intersection(match.namespaces):
            return None
        now = time.time()
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is None or now - last_seen >= TOUCH_SECONDS:
            request.session[LAST_SEEN_KEY] = int(now)
        return None

    def _expired(self, request):
        logout(request)
        minutes = settings.LMS_STAFF_SESSION_IDLE_MINUTES
        messages.info(
            request,
            ngettext(
                "You were logged out after %(minutes)s minute without activity. "
                "Log in again to continue.",
                "You were logged out after %(minutes)s minutes without activity. "
                "Log in again to continue.",
                minutes,
            )
            % {"minutes": minutes},
        )
        # A form sent after the limit is lost; its page is where to come back to.
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        login_url = resolve_url(settings.LOGIN_URL)
        if not next_url:
            return HttpResponseRedirect(login_url)
        return redirect_to_login(next_url, login_url)


# Views a staff member without a second factor may still open: allauth's own (log in
# and out, the second factor's set-up, the password), the page that explains, the
# language switch, the privacy policy, and the admins' login and logout.
MFA_EXEMPT_VIEW_NAMES = frozenset(
    {
        "people:mfa_required",
        "people:privacy",
        # The consent gate (people.middleware.consent) comes first: its pages must
        # open, or a staff member asked for both would go round in circles.
        "people:consent",
        "people:consent_decline",
        "people:consent_declined",
        "set_language",
        "healthz",
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailcore_login",
        "django_admin_login",
        "admin:logout",
    }
)


def _mfa_exempt(request, view_func) -> bool:
    if getattr(view_func, "__module__", "").startswith("allauth."):
        return True
    match = request.resolver_match
    return match is not None and match.view_name in MFA_EXEMPT_VIEW_NAMES


class StaffMFAMiddleware:
    """Sends a staff member who has no second factor yet to the page that asks them
    to set one up (people:mfa_required), from any page but those of
    MFA_EXEMPT_VIEW_NAMES, until they have: the first page after their login, and
    every page after it. Off when LMS_MFA_REQUIRED is False."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.LMS_MFA_REQUIRED or not request_is_staff(request):
            return None
        if _mfa_exempt(request, view_func) or mfa_enabled_for_session(request):
            return None
        url = reverse("people:mfa_required")
        if request.method in ("GET", "HEAD"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(url)
