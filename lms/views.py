"""Site-shell views."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language

from people.services import user_language_set

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 only when the database and the cache both answer; 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "not healthy"
        logger.warning("healthz: database: %s", exc)
        checks["database"] = "error"
    try:
        cache.set("healthz", "1", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error"
    except Exception as exc:
        logger.warning("healthz: cache: %s", exc)
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks},
        status=200 if healthy else 503,
    )


def language_set(request):
    """The language switcher's form: Django's set_language (the language cookie, and
    the redirect to `next` only when it is one of ours, else to the referring page of
    ours, else to the root), and for a signed-in person the choice saved as their
    preferred language (people.services.user_language_set)."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in {code for code, _name in settings.LANGUAGES}
    ):
        user_language_set(user=request.user, language=language)
    return response
