"""Reads for the Standard of volunteer support: its versions and their snapshots, what
changed between two versions (section by section, then paragraph and word) and a
person's standing; its page and course item, in any language, are in standard_pages,
who must acknowledge it and the rates per region in standard_rates.

Every function here runs a fixed number of queries, whatever the number of sections,
people or regions (tests assert it).
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import re
import uuid

from django.db.models import Exists, F, OuterRef
from django.utils.html import strip_tags

from core.i18n import active_language, localized_pick
from core.pagecache import content_cached
from people.selectors import position_list_active

from ..models import (
    CoursePage,
    Enrolment,
    StandardAcknowledgement,
    StandardAcknowledgementPage,
    StandardPage,
    StandardVersion,
)

# Versions and snapshots
# ------------------------------------------------------------------------------


def standard_snapshot(*, page: StandardPage) -> list[dict]:
    """The page's sections as a version keeps them: block id, anchor, heading and
    text (the rich text's stored HTML)."""
    return [
        {
            "id": block.id,
            "anchor": block.value["anchor"],
            "heading": block.value["heading"],
            "text": block.value["text"].source,
        }
        for block in page.sections
        if block.block_type == "section"
    ]


def standard_version_current(*, page: StandardPage) -> StandardVersion | None:
    """The latest version of the Standard (None before its first publish). Versions
    belong to the Standard in the default content language (a translation records
    none: services.standard_version_record); a translation shares its source's, found
    through their common translation key."""
    return (
        StandardVersion.objects.filter(page__translation_key=page.translation_key)
        .order_by("-number")
        .first()
    )


def standard_anchor_changes(*, page: StandardPage) -> list[tuple[str, str]]:
    """(old, new) anchors of sections already published (the same block) whose anchor
    the editor changed: refused, so that versions stay comparable."""
    if page.pk is None:
        return []
    current = standard_version_current(page=page)
    if current is None:
        return []
    published = {s.get("id"): s["anchor"] for s in current.sections if s.get("id")}
    return [
        (published[block.id], block.value["anchor"])
        for block in page.sections
        if block.id in published and published[block.id] != block.value["anchor"]
    ]


# What changed between two versions
# ------------------------------------------------------------------------------

# The blocks of rich text a paragraph-level diff compares (lists compare item by item).
_PARAGRAPH = re.compile(
    r"<(p|li|h2|h3|h4|blockquote)\b[^>]*>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE
)


def text_paragraphs(source: str) -> list[str]:
    """The paragraphs (and list items, subheadings) of rich text, as plain text."""
    found = [m.group(2) for m in _PARAGRAPH.finditer(source)] or [source]
    paragraphs = [" ".join(html.unescape(strip_tags(p)).split()) for p in found]
    return [p for p in paragraphs if p]


@dataclasses.dataclass(frozen=True)
class TextPiece:
    """A run of words: kept ("same"), deleted ("del") or inserted ("ins")."""

    op: str
    text: str


@dataclasses.dataclass(frozen=True)
class ParagraphDiff:
    """A paragraph of a changed section: "same", "added", "removed" or "changed"
    (then its pieces say which words)."""

    kind: str
    pieces: tuple[TextPiece, ...]


def _words_diff(old: str, new: str) -> tuple[TextPiece, ...]:
    a, b = old.split(), new.split()
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            pieces.append(TextPiece("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(TextPiece("del", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(TextPiece("ins", " ".join(b[j1:j2])))
    return tuple(pieces)


def paragraphs_diff(old: list[str], new: list[str]) -> list[ParagraphDiff]:
    """Paragraph by paragraph, and word by word within a paragraph that was edited."""
    result = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if op == "equal":
            result += [
                ParagraphDiff("same", (TextPiece("same", p),)) for p in old[i1:i2]
            ]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        if op == "replace":
            for before, after in zip(removed, added, strict=False):
                result.append(ParagraphDiff("changed", _words_diff(before, after)))
            removed, added = removed[len(added) :], added[len(removed) :]
        result += [ParagraphDiff("removed", (TextPiece("del", p),)) for p in removed]
        result += [ParagraphDiff("added", (TextPiece("ins", p),)) for p in added]
    return result


@dataclasses.dataclass(frozen=True)
class SectionDiff:
    """A section between two versions: "added", "removed", "changed" or "unchanged"."""

    kind: str
    anchor: str
    heading: str
    old_heading: str = ""
    text: str = ""  # an added section's text (rich text source)
    paragraphs: tuple[ParagraphDiff, ...] = ()

    @property
    def heading_changed(self) -> bool:
        return self.kind == "changed" and self.old_heading != self.heading


@dataclasses.dataclass(frozen=True)
class StandardDiff:
    """What changed from version `old` to version `new`, section by section (in the
    new version's order, removed sections last)."""

    old: StandardVersion
    new: StandardVersion
    sections: tuple[SectionDiff, ...]

    def _of(self, kind: str) -> list[SectionDiff]:
        return [s for s in self.sections if s.kind == kind]

    @property
    def added(self) -> list[SectionDiff]:
        return self._of("added")

    @property
    def removed(self) -> list[SectionDiff]:
        return self._of("removed")

    @property
    def changed(self) -> list[SectionDiff]:
        return self._of("changed")

    @property
    def unchanged(self) -> list[SectionDiff]:
        return self._of("unchanged")


def standard_diff(*, old: StandardVersion, new: StandardVersion) -> StandardDiff:
    """Sections added, removed, changed (with their paragraph and word changes) and
    unchanged, matched by anchor (no query)."""
    before = {s["anchor"]: s for s in old.sections}
    after_anchors = {s["anchor"] for s in new.sections}
    sections = []
    for section in new.sections:
        anchor, heading = section["anchor"], section["heading"]
        previous = before.get(anchor)
        if previous is None:
            sections.append(SectionDiff("added", anchor, heading, text=section["text"]))
            continue
        old_paragraphs = text_paragraphs(previous["text"])
        new_paragraphs = text_paragraphs(section["text"])
        if previous["heading"] == heading and old_paragraphs == new_paragraphs:
            sections.append(SectionDiff("unchanged", anchor, heading))
            continue
        sections.append(
            SectionDiff(
                "changed",
                anchor,
                heading,
                old_heading=previous["heading"],
                paragraphs=tuple(paragraphs_diff(old_paragraphs, new_paragraphs)),
            )
        )
    sections += [
        SectionDiff("removed", s["anchor"], s["heading"])
        for s in old.sections
        if s["anchor"] not in after_anchors
    ]
    return StandardDiff(old=old, new=new, sections=tuple(sections))


# A person and the Standard
# ------------------------------------------------------------------------------


def standard_acknowledgement_latest(
    *, user, page: StandardPage
) -> StandardAcknowledgement | None:
    """The user's acknowledgement of the latest version they acknowledged (of the
    source's versions, for a translation)."""
    if not user.is_authenticated:
        return None
    return (
        StandardAcknowledgement.objects.filter(
            user=user, version__page__translation_key=page.translation_key
        )
        .select_related("version")
        .order_by("-version__number")
        .first()
    )


@dataclasses.dataclass(frozen=True)
class PendingStandard:
    """A Standard whose current version the person has yet to acknowledge."""

    page: StandardPage
    version: StandardVersion
    acknowledged_number: int | None  # the version they acknowledged, if any


def standard_pending_for(*, user) -> list[PendingStandard]:
    """The Standards that apply to the user's roles (active positions) and whose
    current version they have not acknowledged, each in the reader's language where
    translated (the versions are the source's): two queries at most, none while no
    Standard is published (the live Standards are memoized under the content
    version)."""
    if not user.is_authenticated:
        return []
    language = active_language()
    standards = content_cached(
        ("standards-live", language),
        lambda: list(
            localized_pick(
                StandardPage.objects.live().select_related("locale"), language
            ).values()
        ),
    )
    if not standards:
        return []
    roles = set(position_list_active().filter(user=user).values_list("role", flat=True))
    pages = [page for page in standards if roles & set(page.roles)]
    if not pages:
        return []
    current: dict[uuid.UUID, StandardVersion] = {}
    acknowledged: dict[uuid.UUID, int] = {}
    for version in (
        StandardVersion.objects.filter(
            page__translation_key__in=[page.translation_key for page in pages]
        )
        .defer("sections")
        .annotate(
            page_key=F("page__translation_key"),
            acknowledged=Exists(
                StandardAcknowledgement.objects.filter(
                    user=user, version=OuterRef("pk")
                )
            ),
        )
        .order_by("page_key", "number")
    ):
        current[version.page_key] = version  # the last one is the highest number
        if version.acknowledged:
            acknowledged[version.page_key] = version.number
    return [
        PendingStandard(
            page=page,
            version=current[page.translation_key],
            acknowledged_number=acknowledged.get(page.translation_key),
        )
        for page in pages
        if page.translation_key in current
        and acknowledged.get(page.translation_key, 0)
        < current[page.translation_key].number
    ]


def standard_item_enrolments(
    *, user, page: StandardPage
) -> list[tuple[StandardAcknowledgementPage, Enrolment]]:
    """The user's enrolments in courses that have an item of acknowledging this
    Standard (any translation), with the item (three queries)."""
    items = list(
        StandardAcknowledgementPage.objects.live().filter(
            standard__translation_key=page.translation_key
        )
    )
    if not items:
        return []
    parent_paths = {item.path[: -CoursePage.steplen] for item in items}
    course_keys = dict(
        CoursePage.objects.filter(path__in=parent_paths).values_list(
            "path", "translation_key"
        )
    )
    enrolments = {
        e.course_key: e
        for e in Enrolment.objects.filter(
            learner=user, course_key__in=set(course_keys.values())
        )
    }
    pairs, seen = [], set()
    for item in items:
        key = course_keys.get(item.path[: -CoursePage.steplen])
        if key in enrolments and item.translation_key not in seen:
            seen.add(item.translation_key)
            pairs.append((item, enrolments[key]))
    return pairs
