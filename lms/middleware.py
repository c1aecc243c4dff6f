"""Middleware of the site shell."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

from core.page_urls import page_urls_own

from .views import healthz


class HealthCheckMiddleware:
    """Answer /healthz before host validation, so load balancers and container health
    checks that call the server by its internal address (not in ALLOWED_HOSTS) get an
    answer. It must come first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the editors' admin under a policy of its own.

    Pages of the site get settings.CONTENT_SECURITY_POLICY (the site's own assets, no
    inline script or style). The paths in LMS_ADMIN_PATH_PREFIXES get
    LMS_ADMIN_CONTENT_SECURITY_POLICY, since Wagtail's admin still writes inline
    scripts and styles. A view's own csp_* decorators still win."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.LMS_ADMIN_PATH_PREFIXES))
        ):
            parts.config = default_config(
                settings.LMS_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        return parts


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every response, and `Cache-Control: private, no-store` on
    every response to a signed-in user.

    Every page a signed-in person sees is about them (My learning, the profile,
    certificates, the admin pages, and the course pages with their progress), and
    learners share phones: neither the browser nor a proxy may keep a copy for the
    next person. Pages for visitors who are not signed in stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.LMS_PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.LMS_PERMISSIONS_POLICY
        # Only a request with a session can be a signed-in user's: others need no
        # session lookup.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and _signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.LMS_ADMIN_PATH_PREFIXES))


class AdminPageUrlsMiddleware:
    """In the editors' admin every page links to its own address, whatever the
    admin's language (core.page_urls.page_urls_own): an editor viewing a Russian page
    from the English admin goes to /ru/..., not to its English fallback address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _admin_path(request.path_info):
            return self.get_response(request)
        with page_urls_own():
            return self.get_response(request)


class PreferredLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with a signed-in person's saved language first.

    A URL that carries a language (/kk/...) always wins. Where none does (the root
    `/`, which redirects to a language, any unprefixed address such as
    /accounts/login/, which redirects to its prefixed one), the language is: the
    signed-in person's preferred_language, else the language cookie, else the
    browser's Accept-Language, else the default (the last three: Django's). The
    editors' admin keeps its own language."""

    def process_request(self, request):
        super().process_request(request)
        if (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            or translation.get_language_from_path(request.path_info)
            or _admin_path(request.path_info)
        ):
            return
        # The user AuthenticationMiddleware gives later (cached on the request).
        preferred = getattr(get_user(request), "preferred_language", "")
        if preferred in {code for code, _name in settings.LANGUAGES}:
            translation.activate(preferred)
            request.LANGUAGE_CODE = translation.get_language()
