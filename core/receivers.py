"""Receivers of the kernel: what changes the content version (core.pagecache)."""

from __future__ import annotations

from wagtail.models import Page

from .pagecache import content_version_bump


def on_content_changed(sender, **kwargs) -> None:
    """A page was published, unpublished or moved; a view restriction, site, locale,
    translation source (wagtail-localize's snapshot) or Translation was saved or
    deleted."""
    content_version_bump()


def on_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        content_version_bump()


def on_page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A live page saved without publishing (a slug or title changed from code, a
    move that rewrote url_path): anything a visitor sees may have changed."""
    if isinstance(instance, Page) and instance.live and not kwargs.get("raw"):
        content_version_bump()
