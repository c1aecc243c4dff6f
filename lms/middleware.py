"""Middleware of the site shell."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.utils.cache import patch_cache_control

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
