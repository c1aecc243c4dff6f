"""System checks of the platform's own settings (`manage.py check`, run by migrate)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register("lms")
def proxy_headers_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A proxy header named while no proxy is trusted is ignored: say so."""
    if settings.LMS_TRUSTED_PROXY_COUNT:
        return []
    named = [
        name
        for name in ("LMS_CLIENT_IP_HEADER", "LMS_REQUEST_START_HEADER")
        if getattr(settings, name, "")
    ]
    if not named:
        return []
    return [
        checks.Warning(
            f"{' and '.join(named)} {'is' if len(named) == 1 else 'are'} set, but "
            "LMS_TRUSTED_PROXY_COUNT is 0, so no proxy header is read: every client "
            "behind the proxy shares its address in rate limits.",
            hint="Set LMS_TRUSTED_PROXY_COUNT to the number of reverse proxies in "
            "front of the web workers (1 for one nginx).",
            id="lms.W001",
        )
    ]
