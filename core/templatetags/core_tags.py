"""Presentation helpers for the components every app's templates include."""

from __future__ import annotations

from django import template
from django.utils import translation

from core.pagecache import content_cached, request_content_version

register = template.Library()


@register.filter
def percent_clamp(value) -> int:
    """A 0-100 number (a progress bar's value), clamped."""
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return 0


class ContentCacheNode(template.Node):
    """A fragment of published content, memoized in the process's memory
    (core.pagecache.content_cached) under the content version, with the language and
    the host: it changes on the next request after a publish anywhere. A plain memo
    rather than a cache backend: no pickling, lock or key hashing on each of the
    page's fragments. Not kept outside a request or in a page preview."""

    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if (
            request is None
            or getattr(request, "is_preview", False)
            or request_content_version() is None
        ):
            return self.nodelist.render(context)
        key = (
            "fragment",
            self.name,
            translation.get_language(),
            request.get_host(),
            *(str(var.resolve(context)) for var in self.vary_on),
        )
        return content_cached(key, lambda: self.nodelist.render(context))


@register.tag("contentcache")
def contentcache(parser, token):
    """{% contentcache name var ... %}...{% endcontentcache %}: `name` and the
    variables name the fragment; the version, language and host are added."""
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 2:
        raise template.TemplateSyntaxError("'contentcache' needs a fragment name.")
    return ContentCacheNode(
        nodelist, tokens[1], [parser.compile_filter(t) for t in tokens[2:]]
    )
