"""Presentation helpers for the site shell."""

from __future__ import annotations

import dataclasses

from django import template
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.forms import BaseForm
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page

from core.i18n import active_language
from core.page_urls import page_ancestor_links, page_language, page_url_in
from core.pagecache import content_cached

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
    """For each language, the URL of this page in it (core.page_urls.page_url_in: its
    translation, else the page at that language's address), keeping a route the
    request is on, e.g. a quiz attempt (one query per language, none when memoized)."""
    host = request.get_host() if request else None
    urls = content_cached(
        ("switcher-urls", page.pk, host),
        lambda: {
            code: page_url_in(page, code, request) for code, _name in settings.LANGUAGES
        },
    )
    suffix = _route_suffix(page, request) if request else ""
    return {code: url + suffix for code, url in urls.items() if url}


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
                "url": targets.get(code)
                or content_cached(
                    ("translate-url", path, code),
                    lambda code=code: translate_url(path, code),
                ),
                "current": code == current,
            }
        )
    user = context.get("user")
    return {
        "options": options,
        "request": request,
        # Signed in: a form that saves the choice. Otherwise links (the URL's prefix
        # is the choice), so the page holds no CSRF token and can be cached
        # (lms.pagecache).
        "authenticated": bool(user and user.is_authenticated),
        "action": reverse("set_language"),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def page_content_language(context) -> str:
    """The language of the page's content when it is not the reader's (a page not
    yet translated, shown in the source language at the reader's language's address:
    core.page_urls), else ""."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or getattr(request, "is_preview", 0):
        return ""
    language = page_language(page, request)
    return language if language and language != active_language() else ""


@register.simple_tag(takes_context=True)
def breadcrumb_links(context, page: Page):
    """The page's ancestors below the root as links in the reader's language
    (core.page_urls.page_ancestor_links)."""
    return page_ancestor_links(page, active_language(), context.get("request"))


@dataclasses.dataclass(frozen=True)
class PageError:
    """One line of the error summary: a message and the id of the field it is about
    ("" for an error of the whole form)."""

    message: str
    target: str = ""
    label: str = ""


@dataclasses.dataclass
class PageErrors:
    """What went wrong on the page being rendered: the errors of its forms (for the
    error summary) and whether an error message is shown (after a redirect)."""

    items: list[PageError]
    message: bool

    def __bool__(self) -> bool:
        return bool(self.items or self.message)

    @property
    def focus_messages(self) -> bool:
        """The messages take the focus when they say what failed and no summary does."""
        return self.message and not self.items


def _form_errors(form: BaseForm) -> list[PageError]:
    items = [PageError(message=str(error)) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue
        field = form[name]
        if field.is_hidden:
            items.extend(PageError(message=str(error)) for error in errors)
            continue
        # A group of radio buttons or checkboxes has no id of its own: its first does.
        target = field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
        items.extend(
            PageError(message=str(error), target=target, label=str(field.label or ""))
            for error in errors
        )
    return items


@register.simple_tag(takes_context=True)
def page_errors(context) -> PageErrors:
    """The page's errors, for the "Error:" prefix of its title and the error summary:
    every bound form in the context with errors (each field's errors link to the
    field), plus the errors a view lists itself as `form_errors`, (field id, message)
    pairs, for a form that is not a Django form."""
    items: list[PageError] = []
    seen: set[int] = set()
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance() would evaluate the context's lazy
        # values (the CSRF token, which makes a page uncacheable; the catalogue's
        # URL, a query), and a form is never one of them.
        if (
            issubclass(type(value), BaseForm)
            and value.is_bound
            and id(value) not in seen
        ):
            seen.add(id(value))
            if value.errors:
                items.extend(_form_errors(value))
    for target, message in context.get("form_errors") or ():
        items.append(PageError(message=str(message), target=target))
    shown = context.get("messages") or ()
    message = any(m.level >= message_levels.ERROR for m in shown)
    return PageErrors(items=items, message=message)
