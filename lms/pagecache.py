"""The full-page cache for visitors who are not signed in.

Home, catalogue, programs, course pages and the certificate verification form are the
same for every visitor who is not signed in, in a given language; a class arriving at
once, or a link shared in a regional chat, asks for them hundreds of times a minute.
AnonymousPageCacheMiddleware keeps the rendered response of such a page in the shared
cache and answers the next anonymous request for the same address from it, before
the session, CSRF, authentication and Wagtail's routing run.

What is served from the cache: a GET or HEAD request without a session cookie,
without a messages cookie, without an Authorization header and without a query
string, for a path under a language prefix (/kk/, /ru/, /en/) that is not one of the
private areas (accounts, profile, My learning, the admins' pages, one's own
certificates). Everything else (the admin, /healthz, documents, static and media
files, search results, anyone signed in) goes past untouched.

What is stored: a 200 response to such a GET that set no cookie, is not marked
Cache-Control private, no-cache or no-store (never_cache), varies on nothing but the
cookie (which these requests are chosen not to carry), and whose rendering neither
asked for the CSRF token (a form that posts: the token is personal) nor held a
message (meant for the one visitor it was written for).

The key: a fingerprint of the release (templates, translations, the static files'
manifest, so a deploy never serves pages that link to stylesheets it no longer has),
the absolute URL (scheme, host, path; the language is in the path) and whether the
browser accepts gzip (the one test GZipMiddleware makes). The entry
holds the response with the content version (core.pagecache, bumped on every
publish, unpublish, move, edit or view-restriction change of a page) read before the
page was rendered, and is served only while that is still the current version; both
are read in one round trip to the cache. A page edit therefore shows on the very
next request.
What a page shows without being a page (a prerequisite's title is a page too, but,
say, an image's file) may lag by at most settings.LMS_PAGE_CACHE_SECONDS (0 switches
the cache off).

Responses are stored as Django's own cache middleware stores them (the pickled
response), as the middleware inside this one left them: compressed by GZipMiddleware
when the browser accepts gzip (so a hit compresses nothing), with the headers the
view and that middleware gave it (Content-Encoding, Content-Length, Vary,
Content-Language, X-Frame-Options, the Content-Security-Policy, Permissions-Policy).
The middleware outside it (the security headers) runs afresh for hits and misses
alike, so a hit and a fresh answer carry the same headers. A stored page holds no
secret (no CSRF token, see above), so the random bytes Django adds to each gzip
header against BREACH need not change from one answer to the next. `X-Page-Cache:
hit` or `miss` marks the requests the cache answered or could have answered.

Why not Django's per-site cache middleware (UpdateCacheMiddleware and
FetchFromCacheMiddleware): it keys a page on every header the response varies on,
and every page here varies on Cookie (the session is read to know who is asking), so
it would keep one copy per visitor's cookies, signed-in people's personal pages
included (only `private` keeps them out, and relying on every personal view to say
so is what this cache must not do), and it would look up and answer after the
session middleware, paying for the session on every hit. It also rewrites
Cache-Control and Expires, which would let browsers keep pages that an editor's
publish must change at once. Here the choice of request is made first (no session
cookie: nobody is signed in, so no personal page can be asked for), and Cookie is
left out of the key because such requests carry no cookie a page depends on.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re, get_max_age

from core.pagecache import VERSION_KEY, content_version

HEADER = "X-Page-Cache"
KEY_PREFIX = "lms:page"
# Under a language prefix, the areas that are about the person asking (all of them
# need a sign-in, which this cache never sees; listed so it does not even look).
PRIVATE_AREAS = ("accounts/", "profile/", "my/", "manage/", "certificates/")
# What a stored response may vary on: the cookie (a request served here carries no
# cookie a page depends on), the browser's languages (the language is in the path)
# and its encodings (gzip or not is in the key).
ALLOWED_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})
UNCACHEABLE = frozenset({"private", "no-cache", "no-store"})


@functools.cache
def _language_path() -> re.Pattern:
    codes = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"^/(?:{codes})/")


def _path_cacheable(path: str) -> bool:
    match = _language_path().match(path)
    return match is not None and not path[match.end() :].startswith(PRIVATE_AREAS)


def request_cacheable(request) -> bool:
    """Whether the response to `request` may come from, or go to, the page cache."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and _path_cacheable(request.path_info)
    )


def response_cacheable(request, response) -> bool:
    """Whether the response is the same for every visitor who is not signed in."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & UNCACHEABLE or get_max_age(response) == 0:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    if vary - ALLOWED_VARY - {""}:
        return False
    stored = messages.get_messages(request)
    if getattr(stored, "added_new", False) or len(stored):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


@functools.cache
def release_fingerprint() -> str:
    """What this release renders with: its templates, its compiled translations and
    its static files' manifest (the fingerprinted names pages link to). Computed once
    per process; every web process of one release computes the same."""
    digest = hashlib.blake2b(digest_size=8)
    roots = [settings.BASE_DIR / "templates", *map(str, settings.LOCALE_PATHS)]
    for root in roots:
        for path in sorted(p for p in _files(root) if p.suffix in (".html", ".mo")):
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
            digest.update(path.read_bytes())
    manifest = getattr(staticfiles_storage, "hashed_files", None)
    if manifest:
        digest.update(json.dumps(manifest, sort_keys=True).encode())
    return digest.hexdigest()


def _files(root):
    root = Path(root)
    return (p for p in root.rglob("*") if p.is_file()) if root.is_dir() else ()


def page_cache_key(request) -> str:
    """The key of the request's page: the release, the absolute URL and the
    encoding."""
    url = hashlib.blake2b(
        request.build_absolute_uri().encode(), digest_size=16
    ).hexdigest()
    gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    encoding = "gzip" if gzip else "identity"
    return f"{KEY_PREFIX}:{release_fingerprint()}:{url}:{encoding}"


def page_cache_get(key: str) -> tuple[int, object]:
    """The current content version, and the response stored under `key` if it was
    rendered at that version (else None): one round trip to the cache."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return content_version(), None
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return version, stored[1]
    return version, None


class AnonymousPageCacheMiddleware:
    """Answer anonymous requests for public pages from the shared cache (see the
    module's docstring for the rules). It comes after the security middleware and
    before the compression and session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.LMS_PAGE_CACHE_SECONDS
        if not timeout or not request_cacheable(request):
            return self.get_response(request)
        key = page_cache_key(request)
        version, response = page_cache_get(key)
        if response is not None:
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if response_cacheable(request, response):
            # The version read before rendering: a change committed meanwhile has
            # bumped it, and this copy is never served.
            cache.set(key, (version, response), timeout)
        response[HEADER] = "miss"
        return response
