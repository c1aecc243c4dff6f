"""Pairing the segments of a source and of its existing translation.

wagtail-localize names each segment by a path: the field, then for a StreamField the
ids of the blocks it lies in (`body.<block id>.items.<item id>`). A translation made by
copying and rewriting its texts has block ids of its own, so paths cannot be compared.
Here segments are paired by their place instead:

- a field that is not a StreamField is one unit (its text, or a rich text's template
  and strings);
- a StreamField is a sequence of units, one per top-level block, each with a
  signature: its type and the shape of its segments (the path below the block with
  every nested id replaced by its position, each rich text's template and string
  count). The two sequences are aligned on their signatures (difflib), so a block
  added or removed on one side shifts nothing after it;
- in units whose signatures are equal, the n-th segment of the source is paired with
  the n-th of the translation. A unit without an equal on the other side (a block whose
  structure differs: another number of list items, another paragraph layout) pairs
  nothing: its source strings are left untranslated, and counted.

Only strings and overridable values (a video's URL) are paired; related objects
(a question's category) are found by wagtail-localize itself, through their own
translations, and links' addresses inside rich text come from the source.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from wagtail.fields import StreamField
from wagtail_localize.segments import (
    OverridableSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments

_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SPACE = re.compile(r"\s+")


@dataclasses.dataclass
class Pairing:
    """Pairs of (source segment, translation segment), strings and overridable
    values apart, and the number of the source's strings left unpaired."""

    strings: list[tuple[StringSegmentValue, StringSegmentValue]]
    overrides: list[tuple[OverridableSegmentValue, OverridableSegmentValue]]
    left: int


@dataclasses.dataclass
class _Unit:
    block_type: str | None
    segments: list = dataclasses.field(default_factory=list)
    shape: list = dataclasses.field(default_factory=list)

    @property
    def signature(self) -> tuple:
        return (self.block_type, tuple(self.shape))


def _kept(segment) -> bool:
    if isinstance(segment, StringSegmentValue | TemplateSegmentValue):
        return True
    # A link's address inside rich text is named by the address itself (quoted).
    return isinstance(segment, OverridableSegmentValue) and "'" not in segment.path


def _shape(segment, relative: tuple) -> tuple:
    if isinstance(segment, TemplateSegmentValue):
        template = _SPACE.sub(" ", segment.template).strip()
        return ("t", relative, segment.format, template, segment.string_count)
    if isinstance(segment, StringSegmentValue):
        return ("s", relative)
    return ("o", relative)


def _relative(components: list[str], seen: dict) -> tuple:
    """A path below a block, its ids replaced by positions: the n-th distinct id met
    under the same prefix is #n."""
    result: list[str] = []
    for component in components:
        if _ID.match(component):
            known = seen.setdefault(tuple(result), {})
            component = f"#{known.setdefault(component, len(known))}"
        result.append(component)
    return tuple(result)


def _units(instance) -> dict[str, list[_Unit]]:
    """Per field, its units in order (see the module's docstring)."""
    model = type(instance)
    segments = [s for s in extract_segments(instance) if _kept(s)]
    fields: dict[str, list[_Unit]] = {}
    blocks: dict[str, dict[str, _Unit]] = {}
    seen: dict[str, dict] = {}
    for segment in segments:
        name, *rest = segment.path.split(".")
        if name not in fields:
            field = model._meta.get_field(name)
            if isinstance(field, StreamField):
                units = {
                    child["id"]: _Unit(block_type=child["type"])
                    for child in field.value_from_object(instance).raw_data
                    if child.get("id")
                }
                blocks[name] = units
                fields[name] = list(units.values())
            else:
                fields[name] = [_Unit(block_type=None)]
        if name in blocks:
            block_id, *below = rest
            unit = blocks[name].get(block_id)
            if unit is None:
                continue
            relative = _relative(below, seen.setdefault(block_id, {}))
        else:
            unit = fields[name][0]
            relative = tuple(rest)
        unit.segments.append(segment)
        unit.shape.append(_shape(segment, relative))
    return fields


def _matched(source: list[_Unit], target: list[_Unit]) -> list[tuple[_Unit, _Unit]]:
    matcher = difflib.SequenceMatcher(
        None,
        [unit.signature for unit in source],
        [unit.signature for unit in target],
        autojunk=False,
    )
    return [
        (source[match.a + k], target[match.b + k])
        for match in matcher.get_matching_blocks()
        for k in range(match.size)
    ]


def segments_pair(source, target) -> Pairing:
    """The segments of `source` (a page or snippet, or wagtail-localize's snapshot of
    it) paired with those of `target`, its translation (see the module's
    docstring)."""
    source_units, target_units = _units(source), _units(target)
    pairing = Pairing(strings=[], overrides=[], left=0)
    for name, units in source_units.items():
        pairs = _matched(units, target_units.get(name, []))
        for source_unit, target_unit in pairs:
            for mine, theirs in zip(
                source_unit.segments, target_unit.segments, strict=True
            ):
                if isinstance(mine, StringSegmentValue):
                    pairing.strings.append((mine, theirs))
                elif isinstance(mine, OverridableSegmentValue):
                    pairing.overrides.append((mine, theirs))
        paired = {id(unit) for unit, _theirs in pairs}
        pairing.left += sum(
            isinstance(segment, StringSegmentValue)
            for unit in units
            if id(unit) not in paired
            for segment in unit.segments
        )
    return pairing
