"""Translations that are out of date: their source changed after they were made.

wagtail-localize keeps three moments per translation, and a fourth is the source's:

- P, the source changed: a page's `last_published_at` (drafts are not the source
  yet: learners read the published page), a snippet's `updated_at`;
- S, the source's text was taken for translation: `TranslationSource.last_updated_at`
  (when an editor submits the source, or syncs its translations; a translation that
  core.translations.linking brought under wagtail-localize takes P at that time);
- T, the translation was last built from that text: a page's `last_published_at`
  (while a page is under wagtail-localize, it is published from the translation
  editor or a sync, which build it from the snapshot), a snippet's latest
  `TranslationLog` (wagtail-localize writes one each time it saves the translation).

A translation is out of date when P > S (the source changed since its text was
taken: the strings editors translate are older than what Russian readers see) or
S > T (the text was taken again, by a sync, and the translation was not published
from it since). Both go when an editor syncs the translation and publishes it. A
translation never published (T unknown) is not listed: it is not read yet. Snippets
without an `updated_at` cannot tell P and are never listed. A sync of an unchanged
source flags its translations until they are published again (wagtail-localize dates
every sync): it asks for a look, never hides a change.

Everything is read in a number of queries that does not grow with the number of
translations (one per page type and two per snippet type for the report);
`pages_out_of_date` is memoized under the content version (core.pagecache), which a
publish and a change of a snapshot or Translation move (core.receivers).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from wagtail.models import Page, get_translatable_models
from wagtail_localize.models import Translation, TranslationLog

from ..pagecache import content_cached

__all__ = [
    "OutOfDatePages",
    "OutOfDateTranslation",
    "page_translations_out_of_date",
    "pages_out_of_date",
    "snippet_translations_out_of_date",
    "translations_out_of_date",
]


def _stale(qs: QuerySet) -> QuerySet:
    return qs.filter(
        translated_at__isnull=False, source_changed_at__isnull=False
    ).filter(
        Q(source_changed_at__gt=F("source__last_updated_at"))
        | Q(source__last_updated_at__gt=F("translated_at"))
    )


def page_translations_out_of_date(*, language: str | None = None) -> QuerySet:
    """Enabled Translations of pages that are out of date (see the module's
    docstring), annotated with source_page_id, target_page_id, source_changed_at (P)
    and translated_at (T); S is source__last_updated_at. In `language` if given."""
    source = Page.objects.filter(
        translation_key=OuterRef("source__object_id"),
        locale_id=OuterRef("source__locale_id"),
    )
    target = Page.objects.filter(
        translation_key=OuterRef("source__object_id"),
        locale_id=OuterRef("target_locale_id"),
    )
    qs = Translation.objects.filter(
        enabled=True,
        source__object__content_type=ContentType.objects.get_for_model(Page),
    )
    if language:
        qs = qs.filter(target_locale__language_code=language)
    return _stale(
        qs.annotate(
            source_page_id=Subquery(source.values("pk")[:1]),
            source_changed_at=Subquery(source.values("last_published_at")[:1]),
            target_page_id=Subquery(target.values("pk")[:1]),
            translated_at=Subquery(target.values("last_published_at")[:1]),
        )
    )


def snippet_translations_out_of_date(*, model, language: str | None = None) -> QuerySet:
    """Enabled Translations of `model` (a translatable snippet with `updated_at`)
    that are out of date, annotated as page_translations_out_of_date is (with
    source_object_id and target_object_id)."""
    source = model._default_manager.filter(
        translation_key=OuterRef("source__object_id"),
        locale_id=OuterRef("source__locale_id"),
    )
    target = model._default_manager.filter(
        translation_key=OuterRef("source__object_id"),
        locale_id=OuterRef("target_locale_id"),
    )
    logged = TranslationLog.objects.filter(
        source_id=OuterRef("source_id"), locale_id=OuterRef("target_locale_id")
    ).order_by("-created_at")
    qs = Translation.objects.filter(
        enabled=True,
        source__object__content_type=ContentType.objects.get_for_model(model),
    )
    if language:
        qs = qs.filter(target_locale__language_code=language)
    return _stale(
        qs.annotate(
            source_object_id=Subquery(source.values("pk")[:1]),
            source_changed_at=Subquery(source.values("updated_at")[:1]),
            target_object_id=Subquery(target.values("pk")[:1]),
            translated_at=Subquery(logged.values("created_at")[:1]),
        )
    )


@dataclasses.dataclass(frozen=True)
class OutOfDateTranslation:
    """One translation that is out of date, for the admin's report."""

    translation_id: int
    source_snapshot_id: int
    source: object  # the page (specific) or snippet in the source language
    target: object  # its translation
    language: str  # the translation's language code
    source_changed_at: datetime.datetime
    taken_at: datetime.datetime
    translated_at: datetime.datetime


def _snippet_models() -> list:
    return [
        model
        for model in get_translatable_models()
        if not issubclass(model, Page)
        and any(field.name == "updated_at" for field in model._meta.get_fields())
    ]


def translations_out_of_date(
    *, language: str | None = None
) -> list[OutOfDateTranslation]:
    """Every out-of-date translation of a page or snippet (in `language` if given),
    pages first in tree order, then snippets by type: one query for the pages' and
    one per page type to load them, two per snippet type."""
    rows = []
    found = list(
        page_translations_out_of_date(language=language).values(
            "pk",
            "source_id",
            "target_locale__language_code",
            "source__last_updated_at",
            "source_page_id",
            "source_changed_at",
            "target_page_id",
            "translated_at",
        )
    )
    pages = Page.objects.filter(
        pk__in=[r["source_page_id"] for r in found]
        + [r["target_page_id"] for r in found]
    ).specific()
    by_pk = {page.pk: page for page in pages}
    found.sort(key=lambda r: by_pk[r["target_page_id"]].path)
    rows += [
        _row(r, by_pk[r["source_page_id"]], by_pk[r["target_page_id"]]) for r in found
    ]
    for model in _snippet_models():
        found = list(
            snippet_translations_out_of_date(model=model, language=language).values(
                "pk",
                "source_id",
                "target_locale__language_code",
                "source__last_updated_at",
                "source_object_id",
                "source_changed_at",
                "target_object_id",
                "translated_at",
            )
        )
        objects = model._default_manager.in_bulk(
            [r["source_object_id"] for r in found]
            + [r["target_object_id"] for r in found]
        )
        rows += [
            _row(r, objects[r["source_object_id"]], objects[r["target_object_id"]])
            for r in found
        ]
    return rows


def _row(found: dict, source, target) -> OutOfDateTranslation:
    return OutOfDateTranslation(
        translation_id=found["pk"],
        source_snapshot_id=found["source_id"],
        source=source,
        target=target,
        language=found["target_locale__language_code"],
        source_changed_at=found["source_changed_at"],
        taken_at=found["source__last_updated_at"],
        translated_at=found["translated_at"],
    )


@dataclasses.dataclass(frozen=True)
class OutOfDatePages:
    """The pages whose translation is out of date: `targets` maps each out-of-date
    translation's page id to its source page's id, `sources` each source page's id to
    the languages it is out of date in."""

    targets: dict[int, int]
    sources: dict[int, tuple[str, ...]]


def _pages_out_of_date() -> OutOfDatePages:
    targets, sources = {}, {}
    for target_id, source_id, language in page_translations_out_of_date().values_list(
        "target_page_id", "source_page_id", "target_locale__language_code"
    ):
        targets[target_id] = source_id
        sources[source_id] = tuple(sorted({*sources.get(source_id, ()), language}))
    return OutOfDatePages(targets=targets, sources=sources)


def pages_out_of_date() -> OutOfDatePages:
    """OutOfDatePages, memoized under the content version in a request (one query
    per version and process, none after)."""
    return content_cached(("pages-out-of-date",), _pages_out_of_date)
