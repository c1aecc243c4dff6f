"""Presentation helpers for the site shell."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

register = template.Library()

# Each language named in itself, as language pickers do.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def _route_suffix(page: Page, request) -> str:
    """What the request's path adds to the page's own URL (a route of a routable page,
    such as a quiz attempt's attempt/12/), with the query string."""
    own = page.get_url(request) or ""
    path = request.path
    suffix = path[len(own) :] if own and path.startswith(own) else ""
    query = request.META.get("QUERY_STRING", "")
    return suffix + (f"?{query}" if query and suffix else "")


def _page_targets(page: Page, request) -> dict[str, str]:
    """For each language, the URL of this page's translation (keeping a route the
    request is on, e.g. a quiz attempt), or of the nearest ancestor that is translated
    (two queries)."""
    ancestors = list(page.get_ancestors(inclusive=True).filter(depth__gt=1))
    depth_of = {p.translation_key: p.depth for p in ancestors}
    best: dict[str, Page] = {}
    for candidate in (
        Page.objects.live()
        .filter(translation_key__in=list(depth_of))
        .select_related("locale")
    ):
        code = candidate.locale.language_code
        if code not in best or candidate.depth > best[code].depth:
            best[code] = candidate
    suffix = _route_suffix(page, request) if request else ""
    return {
        code: p.get_url(request)
        + (suffix if p.translation_key == page.translation_key else "")
        for code, p in best.items()
    }


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    path = request.get_full_path() if request else "/"
    targets = _page_targets(page, request) if isinstance(page, Page) and page.pk else {}
    options = []
    for code, _name in settings.LANGUAGES:
        options.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": targets.get(code) or translate_url(path, code),
                "current": code == current,
            }
        )
    return {
        "options": options,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def percent_clamp(value) -> int:
    """A 0-100 number (a progress bar's value), clamped."""
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return 0
