"""System checks of the platform's own settings (`manage.py check`, run by migrate)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from core.links import public_url_problems


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


@checks.register("lms")
def public_url_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production (DEBUG off) LMS_PUBLIC_URL must be the real https address:
    certificates, QR codes and credentials issued on a loopback default can never be
    verified by anyone else, and e-mailed links lead nowhere."""
    if settings.DEBUG:
        return []
    problems = public_url_problems()
    if not problems:
        return []
    return [
        checks.Error(
            f"LMS_PUBLIC_URL is {settings.LMS_PUBLIC_URL!r}: {', and '.join(problems)}. "
            "Certificates, QR codes, Open Badges and e-mailed links are built on it.",
            hint="Set LMS_PUBLIC_URL to the platform's public https address, e.g. "
            "https://academy.example.kz, before anything is issued.",
            id="lms.E001",
        )
    ]


@checks.register("lms", deploy=True)
def shared_cache_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With several web workers, the content version (core.pagecache) must live in a
    cache they share: with a per-process cache a worker would keep serving what it
    memoized before another worker's publish."""
    backend = settings.CACHES["default"]["BACKEND"]
    if "locmem" not in backend and "dummy" not in backend:
        return []
    return [
        checks.Warning(
            "The default cache is local to each process: several web workers would "
            "not see each other's publishing (pages, routes and menus are memoized "
            "under a content version kept in the cache).",
            hint="Set REDIS_URL (production runs gunicorn with several workers).",
            id="lms.W002",
        )
    ]
