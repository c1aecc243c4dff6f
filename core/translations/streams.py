"""List blocks stored in Wagtail's old format, rewritten in the block format.

A ListBlock value written as a plain list (["a", "b"]: what code that builds
StreamField JSON by hand tends to write) has no item ids. Wagtail reads it, but
wagtail-localize extracts no segment from such a list (its extractor only reads items
in the block format, {"type": "item", "value": ..., "id": ...}): its strings are
never offered for translation, and publishing a translation from wagtail-localize's
editor writes the source's items back, untranslated. The admin's form gives the items
new random ids on every save of such a list, which would orphan any translation made
of them.

`stream_lists_normalize` rewrites such lists in the block format, in the row and in
the page's live and latest revisions (the editor's form and wagtail-localize's
snapshots read those), with ids derived from the enclosing block's id and the item's
position: the row and each revision get the same ids, and a second run changes
nothing.
"""

from __future__ import annotations

import json
import uuid

from django.db import models
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page

# Namespace of the item ids made here (uuid5 of the enclosing block's id and place).
ITEM_ID_NAMESPACE = uuid.UUID("2f6f1c9e-5d1b-4d57-9f0a-3c1a8c1b7e41")


def _normalized(block: blocks.Block, value, where: str) -> tuple[object, bool]:
    """(value in the block format, whether anything changed) for the raw JSON value
    of `block`; `where` names the value's place (enclosing block id and path)."""
    if isinstance(block, blocks.ListBlock):
        if not isinstance(value, list):
            return value, False
        items, changed = [], False
        for index, item in enumerate(value):
            if block._item_is_in_block_format(item):
                inner, inner_changed = _normalized(
                    block.child_block, item["value"], f"{where}/{item['id']}"
                )
                items.append({**item, "value": inner})
                changed |= inner_changed
            else:
                item_id = str(uuid.uuid5(ITEM_ID_NAMESPACE, f"{where}/{index}"))
                inner, _inner_changed = _normalized(
                    block.child_block, item, f"{where}/{item_id}"
                )
                items.append({"type": "item", "value": inner, "id": item_id})
                changed = True
        return items, changed
    if isinstance(block, blocks.StructBlock):
        if not isinstance(value, dict):
            return value, False
        result, changed = dict(value), False
        for name, child in block.child_blocks.items():
            if name in value:
                result[name], child_changed = _normalized(
                    child, value[name], f"{where}.{name}"
                )
                changed |= child_changed
        return result, changed
    if isinstance(block, blocks.StreamBlock):
        return _stream_normalized(block, value)
    return value, False


def _stream_normalized(stream_block: blocks.StreamBlock, raw) -> tuple[list, bool]:
    if not isinstance(raw, list):
        return raw, False
    children, changed = [], False
    for child in raw:
        block = stream_block.child_blocks.get(child.get("type"))
        if block is None or not child.get("id"):
            children.append(child)
            continue
        value, child_changed = _normalized(block, child.get("value"), child["id"])
        children.append({**child, "value": value})
        changed |= child_changed
    return children, changed


def _stream_fields(model) -> list[StreamField]:
    return [
        field for field in model._meta.get_fields() if isinstance(field, StreamField)
    ]


def _raw(value) -> list:
    """The raw JSON list of a StreamField value as stored."""
    if isinstance(value, str):
        return json.loads(value) if value else []
    return list(value.raw_data) if value is not None else []


def stream_lists_normalize(*, instance: models.Model) -> bool:
    """Rewrite the old-format list blocks of every StreamField of `instance` (a page
    or a snippet) in the block format, in the database: the row (without a save
    signal: the content is the same) and, for a page, its live and latest revisions.
    Updates `instance` too. Returns whether anything was rewritten."""
    if isinstance(instance, Page):
        instance = instance.specific
    model = type(instance)
    changed_fields = {}
    for field in _stream_fields(model):
        raw, changed = _stream_normalized(
            field.stream_block, _raw(field.value_from_object(instance))
        )
        if changed:
            changed_fields[field.name] = raw
    for name, raw in changed_fields.items():
        setattr(instance, name, raw)
    if changed_fields:
        model._default_manager.filter(pk=instance.pk).update(
            **{name: getattr(instance, name) for name in changed_fields}
        )
    rewritten = bool(changed_fields)
    if isinstance(instance, Page):
        rewritten |= _revisions_normalize(instance, _stream_fields(model))
    return rewritten


def _revisions_normalize(page: Page, fields: list[StreamField]) -> bool:
    revision_ids = {page.live_revision_id, page.latest_revision_id} - {None}
    if not fields or not revision_ids:
        return False
    rewritten = False
    for revision in page.revisions.filter(pk__in=revision_ids):
        changed_any = False
        for field in fields:
            stored = revision.content.get(field.name)
            if stored is None:
                continue
            raw, changed = _stream_normalized(field.stream_block, _raw(stored))
            if changed:
                # Revisions keep a StreamField as a JSON string
                # (StreamField.value_to_string); older ones may hold the list.
                revision.content[field.name] = (
                    json.dumps(raw) if isinstance(stored, str) else raw
                )
                changed_any = True
        if changed_any:
            revision.save(update_fields=["content"])
            rewritten = True
    return rewritten
