"""A page's address in a language, when the page has no translation in it.

A page of the source language (ru, DEFAULT_LANGUAGE) that has no live translation in
the reader's language is shown at that language's address, with the interface in
that language and the content in the source language (core.routing serves it): the
address of its nearest translated ancestor in that language, plus the rest of the
source page's path below that ancestor's source. E.g. a Russian course under a
translated Kazakh program: /kk/catalog/<kk program slug>/<ru course slug>/. Nobody
following a Kazakh page is ever sent to /ru/ (which would switch the whole site) or
to a 404.

`page_url_in` gives a page's address in any language: its own when it is in that
language, its translation's when that is live, else the one above. Page classes take
`LocalizedUrlMixin`, so `page.url`, `{% pageurl %}` and `{% routablepageurl %}` of a
source-language page give its address in the active language, and templates and
selectors need no change. The editors' admin keeps every page's own address
(`page_urls_own`, set for the admin's paths by lms.middleware).

Published content only, memoized under the content version (core.pagecache): one
query per parent page the first time (its children and its ancestors translated, for
every sibling at once), none after.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import uuid

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page

from .i18n import DEFAULT_LANGUAGE, active_language
from .pagecache import content_cached

_own_urls: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "lms_page_urls_own", default=False
)


@contextlib.contextmanager
def page_urls_own():
    """Within it, every page's URL is its own, whatever the active language (the
    editors' admin, whose language is not the reader's)."""
    token = _own_urls.set(True)
    try:
        yield
    finally:
        _own_urls.reset(token)


def _content_languages() -> set[str]:
    return {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}


def _root_paths(page: Page, request) -> list:
    # Wagtail's own (kept on the request by core.routing, else on the page, else read
    # from the cache): the site roots in every language.
    return list(page._get_site_root_paths(request))


def _own_root(page: Page, request):
    return next(
        (
            srp
            for srp in _root_paths(page, request)
            if page.url_path.startswith(srp.root_path)
        ),
        None,
    )


def page_language(page: Page, request=None) -> str | None:
    """The language of a page's content, from the site root it lives under (no
    query); None for a page under no site."""
    root = _own_root(page, request)
    return root.language_code if root else None


def _serve_path(relative: str, language: str) -> str | None:
    """The address of a path below a site root, under `language`'s prefix."""
    with translation.override(language):
        try:
            return reverse("wagtail_serve", args=(relative,))
        except NoReverseMatch:
            return None


def _own_path(page: Page, request) -> str | None:
    """The page's own address (Wagtail's), whatever the active language."""
    parts = Page.get_url_parts(page, request)
    return parts[2] if parts else None


@dataclasses.dataclass(frozen=True)
class _Translated:
    """Around a page of the source tree: the deepest of its ancestors with a live
    translation in a language, as (depth, url_path), and the live translations of its
    parent's children, url_path by translation_key."""

    ancestor: tuple[int, str] | None
    children: dict[uuid.UUID, str]


def _translated_around(parent_path: str, depth: int, language: str) -> _Translated:
    """One query: the live pages in `language` that translate the ancestors (from
    the site's home down) of a page at `depth` under `parent_path`, or its siblings."""
    steplen = Page.steplen
    ancestors = [
        parent_path[:n] for n in range(2 * steplen, len(parent_path) + 1, steplen)
    ]
    keys = Page.objects.filter(
        Q(path__in=ancestors) | Q(path__startswith=parent_path, depth=depth)
    ).values("translation_key")
    ancestor = None
    children = {}
    for key, found_depth, url_path in Page.objects.filter(
        live=True, locale__language_code=language, translation_key__in=keys
    ).values_list("translation_key", "depth", "url_path"):
        if found_depth >= depth:
            children[key] = url_path
        elif ancestor is None or found_depth > ancestor[0]:
            ancestor = (found_depth, url_path)
    return _Translated(ancestor=ancestor, children=children)


def _path_in(
    source: Page,
    language: str,
    request,
    *,
    translated: str | None,
    ancestor: tuple[int, str] | None,
) -> str | None:
    """The address in `language` of a page of the source tree, given the url_path
    of its live translation in `language` (if any) and the (depth, url_path) of its
    deepest ancestor translated into `language` (if any)."""
    roots = _root_paths(source, request)
    own = _own_root(source, request)
    if own is None:
        return None
    target = next(
        (
            srp
            for srp in roots
            if srp.site_id == own.site_id and srp.language_code == language
        ),
        None,
    )
    if translated is not None:
        if target is None or not translated.startswith(target.root_path):
            return None
        return _serve_path(translated[len(target.root_path) :], language)
    if (
        ancestor is None
        or target is None
        or not ancestor[1].startswith(target.root_path)
    ):
        # Nothing translated above it (not even the home page): the language's
        # address routes through the source tree from the site's root.
        return _serve_path(source.url_path[len(own.root_path) :], language)
    depth, url_path = ancestor
    # url_path is "/home/catalog/program/course/": the slug of the page at depth d is
    # its (d - 2)th component. The rest is what lies below the ancestor's depth.
    components = source.url_path.strip("/").split("/")
    rest = "".join(f"{component}/" for component in components[depth - 1 :])
    return _serve_path(url_path[len(target.root_path) :] + rest, language)


def _source_path_in(source: Page, language: str, request) -> str | None:
    parent_path = source.path[: -source.steplen]
    around = content_cached(
        ("translated-around", parent_path, language),
        lambda: _translated_around(parent_path, source.depth, language),
    )
    return _path_in(
        source,
        language,
        request,
        translated=around.children.get(source.translation_key),
        ancestor=around.ancestor,
    )


def _source_of(page: Page) -> Page | None:
    """The live version of a page in the source language."""

    def load():
        return (
            Page.objects.live()
            .filter(
                translation_key=page.translation_key,
                locale__language_code=DEFAULT_LANGUAGE,
            )
            .only("path", "url_path", "depth", "translation_key", "live")
            .first()
        )

    return content_cached(("source-page", page.pk), load)


def page_url_in(page: Page, language: str, request=None) -> str | None:
    """The page's address (path with the language prefix) in `language`: its own if
    it is in that language, its live translation's, else the address at which
    core.routing serves its source-language version in `language` (see the module's
    docstring). None when it has none (not under a site; a translation whose source
    is not live)."""
    own_language = page_language(page, request)
    if own_language is None:
        return None
    if own_language == language:
        return _own_path(page, request)
    source = page if own_language == DEFAULT_LANGUAGE else _source_of(page)
    if source is None:
        return None
    if language == DEFAULT_LANGUAGE:
        return _own_path(source, request)
    return content_cached(
        ("page-url-in", source.pk, language),
        lambda: _source_path_in(source, language, request),
    )


class LocalizedUrlMixin:
    """For Wagtail page classes: the URL of a page of the source language is its
    address in the active language (page_url_in), so that a link from a Kazakh page
    to a page not yet translated keeps the reader in Kazakh."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None or _own_urls.get():
            return parts
        language = active_language()
        if language == DEFAULT_LANGUAGE or language not in _content_languages():
            return parts
        if page_language(self, request) != DEFAULT_LANGUAGE:
            return parts
        path = page_url_in(self, language, request)
        return parts if path is None else (parts[0], parts[1], path)


@dataclasses.dataclass(frozen=True)
class PageLink:
    """A link to a page in a reader's language: its title, address, and the title's
    language when it is not the reader's ("" otherwise)."""

    title: str
    url: str
    language: str = ""


def page_ancestor_links(page: Page, language: str, request=None) -> list[PageLink]:
    """The page's ancestors from the site's home down (breadcrumbs), for a reader of
    `language`: each one's live translation where there is one, else the page itself
    (its title marked with its language), at its address in `language`. One query."""
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1)
    own_language = page_language(page, request)
    if own_language == language or own_language != DEFAULT_LANGUAGE:
        return [PageLink(a.title, a.get_url(request) or "") for a in ancestors]
    translation_of = Page.objects.live().filter(
        translation_key=OuterRef("translation_key"), locale__language_code=language
    )
    ancestors = ancestors.annotate(
        translated_title=Subquery(translation_of.values("title")[:1]),
        translated_url_path=Subquery(translation_of.values("url_path")[:1]),
    )
    links = []
    deepest = None
    for ancestor in ancestors:
        if ancestor.translated_url_path is not None:
            deepest = (ancestor.depth, ancestor.translated_url_path)
            url = _path_in(
                ancestor,
                language,
                request,
                translated=ancestor.translated_url_path,
                ancestor=None,
            )
            links.append(PageLink(ancestor.translated_title, url or ""))
            continue
        url = _path_in(ancestor, language, request, translated=None, ancestor=deepest)
        links.append(PageLink(ancestor.title, url or "", own_language))
    return links
