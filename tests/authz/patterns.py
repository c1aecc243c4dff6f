"""Every URL pattern of the site, read from Django's resolver (includes, the language
prefix of i18n_patterns, Wagtail's admin and serve patterns, Django's admin, allauth),
and every route of every Wagtail page model (RoutablePageMixin's sub-URLs behind
the one serve pattern).

A pattern is known by its key: its namespaced name ("people:profile"), or its route
when it has none or shares its name with another pattern (two patterns called
"wagtailsettings:edit"). Wagtail's admin and Django's admin are an area each, walked
with parameters filled in by `sample_path`; the rest of the site ("site") is walked
with real objects (tests/authz/rules.py).
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import itertools
import uuid

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import translation
from django.utils.regex_helper import normalize
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

ADMIN_PREFIX = "admin/"
DJANGO_ADMIN_PREFIX = "django-admin/"
# Values tried, in order, for a parameter of an admin pattern: the first that makes
# the path resolve to the same pattern is used (the objects need not exist: the
# roles refused are refused before any lookup).
SAMPLES = ("1", "x", "people", "ru", "x.x", "1-x", str(uuid.UUID(int=1)), "x/x")


@dataclasses.dataclass(frozen=True)
class Pattern:
    key: str
    name: str | None
    route: str
    regex: str
    view: str  # the view's dotted path

    @property
    def area(self) -> str:
        if self.route.startswith(ADMIN_PREFIX):
            return "admin"
        if self.route.startswith(DJANGO_ADMIN_PREFIX):
            return "django_admin"
        return "site"


def _join(route: str, part: str) -> str:
    return route + part.removeprefix("^")


def _walk(resolver, route="", regex="", namespace=None):
    for entry in resolver.url_patterns:
        part = str(entry.pattern)
        part_regex = entry.pattern.regex.pattern
        if isinstance(entry, URLResolver):
            inner = (
                ":".join(n for n in (namespace, entry.namespace) if n)
                if entry.namespace
                else namespace
            )
            yield from _walk(entry, _join(route, part), _join(regex, part_regex), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (
                f"{namespace}:{entry.name}" if namespace else entry.name
            )
            yield name, _join(route, part), _join(regex, part_regex), entry.lookup_str


@functools.cache
def url_patterns() -> tuple[Pattern, ...]:
    """Every pattern of the URLconf, as the default language prefixes it."""
    with translation.override("ru"):
        found = list(_walk(get_resolver()))
    names = collections.Counter(name for name, *_rest in found if name)
    return tuple(
        Pattern(
            key=name if name and names[name] == 1 else f"{name or ''}@{route}",
            name=name,
            route=route,
            regex=regex,
            view=view,
        )
        for name, route, regex, view in found
    )


def sample_path(pattern: Pattern) -> str:
    """A path that resolves to `pattern`, its parameters filled with SAMPLES."""
    with translation.override("ru"):
        for template, params in normalize("^" + pattern.regex):
            for values in itertools.product(SAMPLES, repeat=len(params)):
                path = "/" + template % dict(zip(params, values, strict=True))
                try:
                    if resolve(path).route == pattern.route:
                        return path
                except Resolver404:
                    continue
    raise AssertionError(f"No sample path resolves to {pattern.route}")


# Wagtail page routes
# ------------------------------------------------------------------------------


def page_models() -> list[type[Page]]:
    """The page models an editor can create (Wagtail's base Page and CourseItemPage,
    the base of the course items, are not)."""
    return [model for model in get_page_models() if model.is_creatable]


def page_routes(model: type[Page]) -> list[str]:
    """A page model's routes: "" for the page itself (its index route, whatever it is
    called), and the name of each of its other routes."""
    if not issubclass(model, RoutablePageMixin):
        return [""]
    routes = [
        "" if str(route.pattern) in ("", "^$") else route.name
        for route in model.get_subpage_urls()
    ]
    return list(dict.fromkeys(routes))


def page_route_key(model: type[Page], route: str) -> str:
    return f"page:{model._meta.label_lower}" + (f":{route}" if route else "")
