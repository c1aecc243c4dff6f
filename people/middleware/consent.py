"""The consent gate: a signed-in person who has not consented to the current version
of the personal-data policy (settings.LMS_CONSENT_POLICY_VERSION) is asked to, on
whatever page they open, before anything else (people.views_consent).

It reads the copy of the version on the user row, which the request has loaded
anyway: a person whose consent is current costs no query. Only when the copy is
behind is the consent record looked for (one query; a record given elsewhere brings
the copy up to date)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ..selectors import consent_is_current

# Pages a person who has not consented may still open: the question itself, the
# policy it is about, their data (download, erasure: rights that need no consent),
# signing out and choosing the page's language.
EXEMPT_VIEWS = frozenset(
    {
        "people:consent",
        "people:consent_decline",
        "people:consent_declined",
        "people:privacy",
        "people:data_export",
        "people:erasure_request",
        "people:erasure_cancel",
        "account_logout",
        "set_language",
        "wagtailadmin_logout",
        "admin:logout",
        "healthz",
        "django.views.static.serve",
    }
)


def _wants_json(request) -> bool:
    return request.headers.get(
        "x-requested-with"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


class ConsentRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Without a session cookie nobody is signed in: no session lookup.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or consent_is_current(user=user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        from ..services import consent_cache_refresh

        if consent_cache_refresh(user=user):
            return None
        url = reverse("people:consent")
        if _wants_json(request):
            # Scripts (the quiz's autosave, the offline attendance) keep their data
            # and say why; the page they are on leads to the question on reload.
            return JsonResponse(
                {
                    "error": _(
                        "Please consent to the new version of the personal data "
                        "policy first."
                    ),
                    "url": url,
                },
                status=403,
            )
        if request.method in ("GET", "HEAD"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(url)
