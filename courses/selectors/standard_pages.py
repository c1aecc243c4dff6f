"""The Standard of volunteer support as its page and its course item show it, in any
language. Versions, acknowledgements and what changed belong to the Standard in the
default content language (core.i18n.page_canonical); a translation shows them in its
own language where its sections are translated (headings, texts, and which of its
paragraphs the source changed or added) and says that the rest is listed in the
source.

Every function here runs a fixed number of queries, whatever the number of sections
(tests assert it).
"""

from __future__ import annotations

import dataclasses

from core.i18n import active_language, localized_pick, page_canonical

from ..models import StandardAcknowledgementPage, StandardPage, StandardVersion
from .standard import (
    ParagraphDiff,
    StandardDiff,
    standard_acknowledgement_latest,
    standard_diff,
    standard_version_current,
    text_paragraphs,
)


@dataclasses.dataclass(frozen=True)
class TranslatedParagraph:
    """A paragraph of a changed section in the translation: "same", "changed" or
    "added" as its source paragraph; "removed" (no text) where the source dropped
    one."""

    kind: str
    text: str = ""


@dataclasses.dataclass(frozen=True)
class TranslatedSection:
    """A section of the diff as the translation shows it. `translated`: its heading
    and texts are the translation's (else the source's heading, and the changes are
    to be read in the source)."""

    kind: str
    anchor: str
    heading: str
    translated: bool
    text: str = ""  # an added section's translated text (rich text source)
    paragraphs: tuple[TranslatedParagraph, ...] = ()


@dataclasses.dataclass(frozen=True)
class TranslatedDiff:
    """What changed between two versions of the source, read in a translation."""

    diff: StandardDiff
    source: StandardPage
    sections: tuple[TranslatedSection, ...]
    outdated: bool  # the translation was last published before the current version

    def _of(self, kind: str) -> list[TranslatedSection]:
        return [s for s in self.sections if s.kind == kind]

    @property
    def added(self) -> list[TranslatedSection]:
        return self._of("added")

    @property
    def changed(self) -> list[TranslatedSection]:
        return self._of("changed")

    @property
    def removed(self) -> list[TranslatedSection]:
        return self._of("removed")

    @property
    def unchanged(self) -> list[TranslatedSection]:
        return self._of("unchanged")

    @property
    def untranslated(self) -> bool:
        """Some added or changed section is to be read in the source."""
        return any(
            not s.translated for s in self.sections if s.kind in ("added", "changed")
        )


def standard_translation_outdated(
    *, page: StandardPage, version: StandardVersion | None
) -> bool:
    """Whether a translation of the Standard was last published before `version` (of
    its source) was: its text may not have that version's changes yet. Never for the
    source itself (no query)."""
    if version is None or version.page_id == page.pk:
        return False
    return page.last_published_at is None or page.last_published_at < (
        version.published_at
    )


def _paragraphs_translated(
    changes: tuple[ParagraphDiff, ...], translated: list[str]
) -> tuple[TranslatedParagraph, ...] | None:
    """The translation's paragraphs marked as the source's new ones are (the same,
    changed, added), with the source's removed ones in place; None when the numbers
    of paragraphs differ (they cannot be paired)."""
    kept = [change.kind for change in changes if change.kind != "removed"]
    if len(kept) != len(translated):
        return None
    texts = iter(translated)
    return tuple(
        TranslatedParagraph("removed")
        if change.kind == "removed"
        else TranslatedParagraph(change.kind, next(texts))
        for change in changes
    )


def standard_diff_translated(
    *, diff: StandardDiff, page: StandardPage, source: StandardPage
) -> TranslatedDiff:
    """`diff` (between two versions of `source`) in the language of `page`, its
    translation (no query): each section under the translation's heading where the
    translation has it; an added section with its translated text; a changed one
    with its translated paragraphs marked as the source's, when they pair one for
    one. A translation published before the new version shows the headings of the
    sections that did not change only."""
    outdated = standard_translation_outdated(page=page, version=diff.new)
    blocks = {
        block.value["anchor"]: block.value
        for block in page.sections
        if block.block_type == "section"
    }
    sections = []
    for section in diff.sections:
        block = blocks.get(section.anchor)
        fresh = block is not None and (
            not outdated or section.kind in ("unchanged", "removed")
        )
        if not fresh:
            sections.append(
                TranslatedSection(
                    section.kind, section.anchor, section.heading, translated=False
                )
            )
            continue
        heading, text = block["heading"], block["text"].source
        if section.kind == "added":
            sections.append(
                TranslatedSection("added", section.anchor, heading, True, text=text)
            )
        elif section.kind == "changed":
            paragraphs = _paragraphs_translated(
                section.paragraphs, text_paragraphs(text)
            )
            sections.append(
                TranslatedSection(
                    "changed",
                    section.anchor,
                    heading if paragraphs is not None else section.heading,
                    translated=paragraphs is not None,
                    paragraphs=paragraphs or (),
                )
            )
        else:
            sections.append(
                TranslatedSection(section.kind, section.anchor, heading, True)
            )
    return TranslatedDiff(
        diff=diff, source=source, sections=tuple(sections), outdated=outdated
    )


def standard_page_context(*, page: StandardPage, user) -> dict:
    """The Standard's page (or a translation of it): the current version, the
    reader's acknowledgement, and what changed since the version they acknowledged,
    if older (two queries; a translation reads its source too, one or two more)."""
    current = standard_version_current(page=page)
    acknowledgement = standard_acknowledgement_latest(user=user, page=page)
    diff = diff_translated = None
    if (
        current is not None
        and acknowledgement is not None
        and acknowledgement.version.number < current.number
    ):
        diff = standard_diff(old=acknowledgement.version, new=current)
    translation = current is not None and current.page_id != page.pk
    outdated = standard_translation_outdated(page=page, version=current)
    source = page_canonical(page=page) if translation else page
    if diff is not None and translation:
        diff_translated = standard_diff_translated(diff=diff, page=page, source=source)
    summary = current.summary if current is not None else ""
    if translation and summary and not outdated and page.change_summary:
        summary = page.change_summary  # the summary as the translator put it
    return {
        "current_version": current,
        "version_summary": summary,
        "acknowledgement": acknowledgement,
        "acknowledged_current": bool(
            current and acknowledgement and acknowledgement.version_id == current.pk
        ),
        "diff": diff,
        "diff_translated": diff_translated,
        "standard_source": source,
        "translation_outdated": outdated,
        "can_view_rates": user.is_authenticated and user.has_perm("people.view_user"),
    }


def standard_item_context(*, item: StandardAcknowledgementPage, user) -> dict:
    """A course item of acknowledging the Standard: the Standard (in the reader's
    language where translated), its current version and the reader's standing."""
    standard = item.standard
    shown = (
        localized_pick(
            StandardPage.objects.live().filter(
                translation_key=standard.translation_key
            ),
            active_language(),
        ).get(standard.translation_key)
        or standard
    )
    context = standard_page_context(page=shown, user=user)
    context["standard"] = shown
    return context
