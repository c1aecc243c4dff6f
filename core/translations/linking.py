"""Bringing an existing translation under wagtail-localize.

A translation made by copying its source (Page.copy_for_translation, or a snippet's)
and writing its texts directly is unknown to wagtail-localize: editing the source
flags nothing, and its translation editor would show every string untranslated
(publishing from it would write the source's text over the translation).
`translation_link` tells wagtail-localize what the translation already says:

- the source's snapshot (TranslationSource.get_or_create_from_instance); one made
  here is dated when the source last changed (a page's last publish, a snippet's last
  save), since that is the content it holds: the translation is then out of date
  (core.translations.staleness) exactly when the source changed after it was made;
- a StringTranslation per string of the snapshot, taken from the translation's
  current text where the two pair up (core.translations.pairing), and a
  SegmentOverride where a paired overridable value differs (a video's URL);
- an enabled Translation (source, target locale), and a TranslationLog entry, as
  wagtail-localize writes when it builds a translation.

Before that, old-format list blocks of both are rewritten in the block format
(core.translations.streams), without which their items would not be translatable.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from wagtail.models import Page, TranslatableMixin, get_translatable_models
from wagtail_localize.models import (
    SegmentOverride,
    String,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationLog,
    TranslationSource,
)
from wagtail_localize.strings import StringValue, validate_translation_links

from .pairing import segments_pair
from .streams import stream_lists_normalize

__all__ = [
    "TranslationLink",
    "translation_link",
    "translations_link_all",
]


@dataclasses.dataclass(frozen=True)
class TranslationLink:
    """What translation_link did: `linked` is False when the translation was already
    under wagtail-localize (nothing was changed); `paired` strings were taken from the
    translation, `left` stay untranslated in the editor."""

    source: models.Model
    target: models.Model
    linked: bool
    paired: int = 0
    left: int = 0
    overrides: int = 0


def _changed_at(instance):
    """When the source last changed: a page's last publish, else its updated_at."""
    if isinstance(instance, Page):
        return instance.last_published_at
    return getattr(instance, "updated_at", None)


def _string_has_error(source_data: str, data: str) -> bool:
    """What StringTranslation.save checks (bulk_create skips it)."""
    try:
        StringValue.from_translated_html(data)
        validate_translation_links(source_data, data)
    except ValueError:
        return True
    return False


@transaction.atomic
def translation_link(
    *, source: TranslatableMixin, target: TranslatableMixin
) -> TranslationLink:
    """Bring `target`, an existing translation of `source` (same translation_key,
    another locale), under wagtail-localize (see the module's docstring). Idempotent:
    a target language that already has a Translation of this object is left alone."""
    if isinstance(source, Page):
        source, target = source.specific, target.specific
    if source.translation_key != target.translation_key:
        raise ValueError("The target is not a translation of the source.")
    if source.locale_id == target.locale_id:
        raise ValueError("The target is in the source's language.")
    if Translation.objects.filter(
        source__object_id=source.translation_key, target_locale_id=target.locale_id
    ).exists():
        return TranslationLink(source=source, target=target, linked=False)

    stream_lists_normalize(instance=source)
    stream_lists_normalize(instance=target)
    snapshot, created = TranslationSource.get_or_create_from_instance(source)
    changed_at = _changed_at(source)
    if created and changed_at is not None:
        snapshot.last_updated_at = changed_at
        snapshot.save(update_fields=["last_updated_at"])

    pairing = segments_pair(snapshot.as_instance(), target)
    paired, refused = _strings_import(snapshot, target, pairing)
    overrides = _overrides_import(snapshot, target, pairing)
    Translation.objects.create(
        source=snapshot, target_locale_id=target.locale_id, enabled=True
    )
    TranslationLog.objects.create(
        source=snapshot,
        locale_id=target.locale_id,
        revision=target.live_revision if isinstance(target, Page) else None,
    )
    return TranslationLink(
        source=source,
        target=target,
        linked=True,
        paired=paired,
        left=pairing.left + refused,
        overrides=overrides,
    )


def _contexts(snapshot: TranslationSource, paths) -> dict[str, TranslationContext]:
    return {
        context.path: context
        for context in TranslationContext.objects.filter(
            object_id=snapshot.object_id, path__in=set(paths)
        )
    }


def _strings_import(snapshot, target, pairing) -> tuple[int, int]:
    """StringTranslations for the paired strings: (paired, refused). A string the
    editor would refuse (a link the source does not have) counts as left."""
    pairs = pairing.strings
    contexts = _contexts(snapshot, (mine.path for mine, _theirs in pairs))
    strings = {
        string.data_hash: string
        for string in String.objects.filter(
            locale_id=snapshot.locale_id,
            data_hash__in={String._get_data_hash(m.string.data) for m, _t in pairs},
        )
    }
    existing = set(
        StringTranslation.objects.filter(
            locale_id=target.locale_id, context__in=contexts.values()
        ).values_list("translation_of_id", "context_id")
    )
    new, refused = [], 0
    for mine, theirs in pairs:
        string = strings[String._get_data_hash(mine.string.data)]
        context = contexts[mine.path]
        if (string.pk, context.pk) in existing:
            continue
        existing.add((string.pk, context.pk))
        data = theirs.string.data
        has_error = _string_has_error(string.data, data)
        refused += has_error
        new.append(
            StringTranslation(
                translation_of=string,
                locale_id=target.locale_id,
                context=context,
                data=data,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                has_error=has_error,
            )
        )
    StringTranslation.objects.bulk_create(new)
    return len(pairs) - refused, refused


def _overrides_import(snapshot, target, pairing) -> int:
    """SegmentOverrides where a paired overridable value differs from the source's."""
    differing = [
        (mine, theirs)
        for mine, theirs in pairing.overrides
        if json.dumps(mine.data, cls=DjangoJSONEncoder)
        != json.dumps(theirs.data, cls=DjangoJSONEncoder)
    ]
    contexts = _contexts(snapshot, (mine.path for mine, _theirs in differing))
    made = 0
    for mine, theirs in differing:
        _override, created = SegmentOverride.objects.get_or_create(
            locale_id=target.locale_id,
            context=contexts[mine.path],
            defaults={"data_json": json.dumps(theirs.data, cls=DjangoJSONEncoder)},
        )
        made += created
    return made


def _candidates(model) -> list[tuple[models.Model, models.Model]]:
    """(source, translation) of `model`: each object outside the default language
    with a version in it, whose language has no Translation of it yet."""
    default = settings.LANGUAGE_CODE
    others = model._default_manager.exclude(locale__language_code=default)
    if issubclass(model, Page):
        others = others.filter(alias_of__isnull=True, depth__gt=1).order_by("path")
    linked = set(
        Translation.objects.filter(
            source__object__content_type__model=model._meta.model_name,
            source__object__content_type__app_label=model._meta.app_label,
        ).values_list("source__object_id", "target_locale_id")
    )
    others = [
        obj for obj in others if (obj.translation_key, obj.locale_id) not in linked
    ]
    sources = {
        obj.translation_key: obj
        for obj in model._default_manager.filter(
            locale__language_code=default,
            translation_key__in={obj.translation_key for obj in others},
        )
    }
    return [
        (sources[obj.translation_key], obj)
        for obj in others
        if obj.translation_key in sources
    ]


def translations_link_all(
    *, say: Callable[[str], None] | None = None
) -> list[TranslationLink]:
    """translation_link for every page and translatable snippet outside the default
    content language that has a source in it and no Translation yet; snippets first
    (a page or question may refer to them). Pages in tree order."""
    done = []
    models_ = sorted(
        get_translatable_models(), key=lambda model: issubclass(model, Page)
    )
    for model in models_:
        for source, target in _candidates(model):
            link = translation_link(source=source, target=target)
            done.append(link)
            if say is not None and link.linked:
                say(
                    f"translation {target} ({target.locale.language_code}): "
                    f"{link.paired} strings, {link.left} left"
                )
    return done
