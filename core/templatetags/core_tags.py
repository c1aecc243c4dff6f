"""Presentation helpers for the components every app's templates include."""

from __future__ import annotations

from django import template
from django.utils import translation
from wagtail.templatetags.wagtail_cache import WagtailCacheNode

from core.pagecache import request_content_version

register = template.Library()

# A day: the content version retires a fragment long before, this frees the memory.
CONTENT_FRAGMENT_SECONDS = 24 * 60 * 60


@register.filter
def percent_clamp(value) -> int:
    """A 0-100 number (a progress bar's value), clamped."""
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return 0


class ContentCacheNode(WagtailCacheNode):
    """A fragment of published content, cached in the process's memory ("local"
    cache) under the content version, the language and the host: it changes on the
    next request after a publish anywhere. Not cached outside a request or in a
    page preview."""

    def render(self, context):
        version = request_content_version()
        request = context.get("request")
        if version is None or request is None:
            return self.nodelist.render(context)
        with context.update(
            {
                "content_cache_version": version,
                "content_cache_language": translation.get_language(),
                "content_cache_host": request.get_host(),
            }
        ):
            return super().render(context)


@register.tag("contentcache")
def contentcache(parser, token):
    """{% contentcache name var ... %}...{% endcontentcache %}: `name` and the
    variables name the fragment; the version, language and host are added."""
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 2:
        raise template.TemplateSyntaxError("'contentcache' needs a fragment name.")
    vary_on = [parser.compile_filter(t) for t in tokens[2:]] + [
        parser.compile_filter(name)
        for name in (
            "content_cache_version",
            "content_cache_language",
            "content_cache_host",
        )
    ]
    return ContentCacheNode(
        nodelist,
        parser.compile_filter(str(CONTENT_FRAGMENT_SECONDS)),
        tokens[1],
        vary_on,
        parser.compile_filter('"local"'),
    )
