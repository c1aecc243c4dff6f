"""Routing a page request without a query per level of the page tree.

Wagtail finds a page by walking the tree from the site's root, two queries per level
(a lesson is five levels down), then checks view restrictions (two more). Here the
outcome of that walk is remembered per site, language and path, in the process's
memory under the content version (core.pagecache): the next request for the same
path gets the page from memory, with no query. Only outcomes that hold for everyone
are remembered: the page and every page above it are live, so nobody's permissions
entered into the walk (an editor's walk through an unpublished page is never kept).
Anything else (a 404, a page under an unpublished one) takes Wagtail's own walk every
time. The page object itself is kept too and each request gets a shallow copy.

A page of the source language (ru) with no live translation in the requested one is
found at that language's address (core.page_urls): when Wagtail's walk in the
requested language finds nothing, the walk goes on in the source tree from the
deepest live page it reached (_source_route); that route is remembered the same way.

`serve` replaces Wagtail's serve view in lms/urls.py; it runs Wagtail's hooks as
wagtail.views.serve does.
"""

from __future__ import annotations

import copy
import dataclasses

from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve_chain

from .i18n import DEFAULT_LANGUAGE, active_language
from .page_urls import page_language
from .pagecache import content_cached, request_content_version


@dataclasses.dataclass(frozen=True)
class _Route:
    page_id: int
    consumed: int  # path components that lead to the page; the rest is its sub-route
    restricted: bool  # a view restriction on the page or above it


def site_for_request(request) -> Site | None:
    """Site.find_for_request from memory (Wagtail's own reads the sites from the
    database on every request): every later call of Wagtail's gets it too."""
    return _site(request)


def _site(request) -> Site | None:
    host, port = request._get_raw_host(), request.get_port()
    site = content_cached(("site", host, port), lambda: Site._find_for_request(request))
    request._wagtail_site = site
    # What Page.get_url reads from the cache (Redis) once per request otherwise.
    request._wagtail_cached_site_root_paths = content_cached(
        ("site-root-paths",), Site.get_site_root_paths
    )
    return site


def _page(page_id: int) -> Page:
    """The specific page, from memory; a shallow copy, so that what a request sets on
    it stays with that request."""

    def load():
        base = Page.objects.select_related("content_type").get(pk=page_id)
        return (
            base.specific_class.objects.select_related("locale").get(pk=page_id)
            if base.specific_class
            else base
        )

    return copy.copy(content_cached(("page", page_id), load))


def page_cached(page_id: int) -> Page:
    """A live page by id, from the memo of published content when in a request."""
    return _page(page_id)


def _source_route(root: Page, request, components: list[str]):
    """The route of a page of the source language (ru) that has no live translation
    in the requested language, at that language's address (core.page_urls): the
    requested language's tree as far as its live pages go, then the source tree below
    the source version of the last of them. (RouteResult, path components that lead
    to the page), or None when there is nothing to fall back to. Two queries, then
    Wagtail's walk below."""
    if not components or page_language(root, request) in (None, DEFAULT_LANGUAGE):
        return None
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in components[:n])
        for n in range(len(components) + 1)
    ]
    source = Page.objects.live().filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=DEFAULT_LANGUAGE,
    )
    found = {
        url_path: (live, source_path)
        for url_path, live, source_path in Page.objects.filter(url_path__in=prefixes)
        .annotate(source_path=Subquery(source.values("path")[:1]))
        .values_list("url_path", "live", "source_path")
    }
    consumed, source_path = -1, None
    for n, prefix in enumerate(prefixes):
        live, path = found.get(prefix, (False, None))
        if not live:
            break
        consumed, source_path = n, path
    if source_path is None or consumed == len(components):
        # Nothing of the requested tree, or the page is there and said 404.
        return None
    child = Page.objects.filter(
        path__startswith=source_path,
        depth=len(source_path) // Page.steplen + 1,
        slug=components[consumed],
    ).first()
    if child is None:
        return None
    result = child.specific.route(request, components[consumed + 1 :])
    return result, consumed + 1 + result[0].depth - child.depth


def _walk(site: Site, request, components: list[str]) -> tuple[RouteResult, int]:
    """Wagtail's walk from the site's root in the active language, else the walk to
    a source-language page at its address in that language (_source_route); the
    route and the number of path components that lead to the page. Http404 when
    neither finds it."""
    root = site.root_page.localized.specific
    try:
        result = root.route(request, components)
    except Http404:
        fallback = _source_route(root, request, components)
        if fallback is None:
            raise
        return fallback
    return result, result[0].depth - root.depth


def _learn(site: Site, request, components: list[str]) -> _Route | None:
    """The walk's outcome, when it holds for everyone."""
    result, consumed = _walk(site, request, components)
    page = result[0]
    chain = list(page.get_ancestors().filter(depth__gt=1).only("live", "path"))
    if not page.live or not all(p.live for p in chain):
        return None
    return _Route(
        page_id=page.pk,
        consumed=consumed,
        restricted=page.get_view_restrictions().exists(),
    )


def route_for_request(request, path: str) -> RouteResult | None:
    """Page.route_for_request, remembered (see the module's docstring)."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = _site(request)
    result = None
    if site is not None:
        components = [component for component in path.split("/") if component]
        key = ("route", site.pk, active_language(), path)
        try:
            route = (
                content_cached(key, lambda: _learn(site, request, components))
                if request_content_version() is not None
                else None
            )
            if route is None:
                result = _walk(site, request, components)[0]
            else:
                page = _page(route.page_id)
                if not route.restricted:
                    page.get_view_restrictions = PageViewRestriction.objects.none
                result = page.route(request, components[route.consumed :])
        except Http404:
            result = None
    request._wagtail_route_for_request = result
    return result


def serve(request, path):
    """wagtail.views.serve with the remembered route."""
    route_result = route_for_request(request, path)
    if route_result is None:
        raise Http404
    page, args, kwargs = route_result
    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = fn(on_serve_chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)
