"""Accounts and access: the page that asks staff to set up two-factor authentication
(people.middleware sends them there), and the login pages of Wagtail's admin, of
Django's admin and of Wagtail's private pages, which all send people to allauth's
login, so that its rate limits and the second factor apply to every login."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.mfa.internal.flows.add import validate_can_add_authenticator
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .access import request_is_staff
from .mfa import mfa_enabled_for_session

# Where a staff member was going when they were sent to set up their second factor.
MFA_NEXT_KEY = "lms_mfa_next"


def _safe_next(request) -> str:
    url = request.GET.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@login_required
def mfa_required(request):
    """Why and how to set up the second factor. Once it is set up (allauth's pages
    lead back here), on to where the person was going."""
    next_url = _safe_next(request)
    if mfa_enabled_for_session(request):
        next_url = next_url or request.session.pop(MFA_NEXT_KEY, "")
        return redirect(
            next_url or get_adapter(request).get_login_redirect_url(request)
        )
    if not (settings.LMS_MFA_REQUIRED and request_is_staff(request)):
        # Optional for learners: allauth's page offers it.
        return redirect("mfa_index")
    if next_url:
        request.session[MFA_NEXT_KEY] = next_url
    try:
        validate_can_add_authenticator(request.user)
        email_unverified = False
    except ValidationError:
        email_unverified = True
    return render(
        request,
        "people/mfa_required.html",
        {"email_unverified": email_unverified},
    )


def _login_elsewhere(request, *, default_next: str, may_enter):
    """A login page of another part of the site: a visitor goes to allauth's login
    with ?next= (where they were going, if it is on this site); a signed-in person
    goes on when `may_enter(user)`, and is refused otherwise (403: sending them to a
    login page would bring them straight back)."""
    next_url = _safe_next(request) or default_next
    if request.user.is_authenticated:
        if may_enter(request.user):
            return redirect(next_url)
        raise PermissionDenied
    return redirect_to_login(next_url, resolve_url(settings.LOGIN_URL))


def wagtail_admin_login(request):
    return _login_elsewhere(
        request,
        default_next=reverse("wagtailadmin_home"),
        may_enter=lambda user: user.has_perm("wagtailadmin.access_admin"),
    )


def django_admin_login(request):
    return _login_elsewhere(
        request,
        default_next=reverse("admin:index"),
        may_enter=lambda user: user.is_active and user.is_staff,
    )


def private_page_login(request):
    """Wagtail's login for pages restricted to signed-in people."""
    return _login_elsewhere(request, default_next="/", may_enter=lambda user: True)
