"""The note on a page whose translation may be out of date: `{% translation_note %}`
(base.html), from the memo of core.translations.staleness: no query on a warm page."""

from __future__ import annotations

from django import template
from wagtail.models import Page

from core.page_urls import page_url_in
from core.pagecache import content_cached
from core.routing import page_cached
from core.translations import pages_out_of_date

register = template.Library()


def _source(source_id: int, request) -> dict | None:
    """The source page's address (in its own language, whatever the reader's) and
    language, if it is live."""
    source = page_cached(source_id)
    if not source.live:
        return None
    language = source.locale.language_code
    return {"url": page_url_in(source, language, request), "language": language}


@register.inclusion_tag("components/translation_note.html", takes_context=True)
def translation_note(context):
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return {"source": None}
    source_id = pages_out_of_date().targets.get(page.pk)
    if source_id is None:
        return {"source": None}
    request = context.get("request")
    host = request.get_host() if request else None
    return {
        "source": content_cached(
            ("translation-note", source_id, host),
            lambda: _source(source_id, request),
        )
    }
