"""The demo's Standard of volunteer support (content/standard.yaml): the page under the
catalog published as version 1, the demo staff member's acknowledgement of version 1,
then version 2 (a changed and an added section), which they have not acknowledged, so
the running site shows them what changed; its Kazakh translation (the last version's
texts), which makes no version of its own; and the course item of acknowledging it,
in Russian and, where its course is translated, in Kazakh.

Idempotent: each version is published only while the Standard is older than it; the
translation only when missing or older than the current version; the acknowledgement
and the items only when missing.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import yaml
from wagtail.models import Locale, Page

from core.demo import DemoDataError, Say, check_html, check_slug, check_text
from people.models import User

from .. import selectors, services
from ..models import (
    CatalogPage,
    CoursePage,
    LessonPage,
    StandardAcknowledgementPage,
    StandardPage,
)

STANDARD_FILE = Path(__file__).resolve().parent / "content" / "standard.yaml"
KAZAKH = "kk"  # the language of the `_kk` texts
# Who acknowledged which version (people.demo's logins): the demo staff member and
# Almaty's regional admin version 1 only (the site shows them what changed in version
# 2), the mentor version 2.
STAFF_EMAIL = "staff@demo.birgemiz.kz"
ACKNOWLEDGED = {
    1: [STAFF_EMAIL, "admin.almaty@demo.birgemiz.kz"],
    2: ["mentor@demo.birgemiz.kz"],
}


def standard_read() -> tuple[dict, list[list[dict]]]:
    """The file, and each version's full list of sections (a section given by its
    anchor alone is the previous version's), checked."""
    spec = yaml.safe_load(STANDARD_FILE.read_text(encoding="utf-8"))
    errors: list[str] = []
    check_slug(spec.get("slug"), "slug", errors)
    for key in ("title", "title_kk"):
        check_text(spec.get(key), key, errors)
    for key in ("intro", "intro_kk"):
        check_html(spec.get(key), key, errors)
    check_text((spec.get("course_item") or {}).get("title_kk"), "course_item", errors)
    versions: list[list[dict]] = []
    previous: dict[str, dict] = {}
    for number, version in enumerate(spec.get("versions") or [], start=1):
        sections = []
        for i, section in enumerate(version.get("sections") or []):
            where = f"versions[{number - 1}].sections[{i}]"
            anchor = section.get("anchor")
            check_slug(anchor, f"{where}.anchor", errors)
            if set(section) == {"anchor"}:
                if anchor not in previous:
                    errors.append(f"{where}: {anchor!r} is not in the previous version")
                    continue
                section = previous[anchor]
            _section_check(section, where, errors)
            sections.append(section)
        versions.append(sections)
        previous = {s["anchor"]: s for s in sections}
    if not versions:
        errors.append("versions: expected at least one")
    if errors:
        raise DemoDataError("The demo Standard is not valid:\n" + "\n".join(errors))
    return spec, versions


def _section_check(section: dict, where: str, errors: list[str]) -> None:
    """A section's texts and their Kazakh translation, paragraph for paragraph (the
    Kazakh page marks the paragraphs a version changed by their place)."""
    for key in ("heading", "heading_kk"):
        check_text(section.get(key), f"{where}.{key}", errors)
    for key in ("text", "text_kk"):
        check_html(section.get(key), f"{where}.{key}", errors)
    if isinstance(section.get("text"), str) and isinstance(section.get("text_kk"), str):
        ru = len(selectors.text_paragraphs(section["text"]))
        kk = len(selectors.text_paragraphs(section["text_kk"]))
        if ru != kk:
            errors.append(f"{where}.text_kk: {kk} paragraphs, the Russian has {ru}")


def _sections_json(sections: list[dict], ids: dict[str, str], suffix: str = "") -> str:
    """StreamField JSON of the sections (`suffix` "_kk": their Kazakh texts), each
    under its block id in `ids` (by anchor) when it has one."""
    return json.dumps(
        [
            {
                "type": "section",
                "id": ids.get(s["anchor"]) or str(uuid.uuid4()),
                "value": {
                    "anchor": s["anchor"],
                    "heading": s["heading" + suffix],
                    "text": s["text" + suffix],
                },
            }
            for s in sections
        ],
        ensure_ascii=False,
    )


def standard_load(*, catalog: CatalogPage, say: Say) -> StandardPage:
    """The Standard and its versions, the staff member's acknowledgement of version 1,
    and its course item."""
    spec, versions = standard_read()
    page = StandardPage.objects.child_of(catalog).filter(slug=spec["slug"]).first()
    if page is None:
        page = catalog.add_child(
            instance=StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                roles=spec["roles"],
                sections=_sections_json(versions[0], {}),
                change_summary=spec["versions"][0].get("summary", ""),
            )
        )
        page.save_revision().publish()
        say("Standard of volunteer support, version 1")
    current = selectors.standard_version_current(page=page)
    _acknowledgements_load(page=page, number=1, say=say)
    for number, sections in enumerate(versions[1:], start=2):
        if current is not None and current.number >= number:
            continue
        page = StandardPage.objects.get(pk=page.pk)
        ids = {block.value["anchor"]: block.id for block in page.sections}
        page.sections = _sections_json(sections, ids)
        page.change_summary = spec["versions"][number - 1].get("summary", "")
        page.save_revision().publish()
        current = selectors.standard_version_current(page=page)
        say(f"Standard of volunteer support, version {number}")
        _acknowledgements_load(page=page, number=number, say=say)
    _translation_load(page=page, spec=spec, sections=versions[-1], say=say)
    _course_item_load(page=page, spec=spec.get("course_item"), say=say)
    return page


def _translation_load(
    *, page: StandardPage, spec: dict, sections: list[dict], say: Say
) -> None:
    """The Kazakh Standard: a translation of the Russian page (under the Kazakh
    catalog, when there is one) with the current version's texts in Kazakh, kept
    under the Russian blocks' ids; published again only when a newer version came
    out since. Its publishes make no version (they are the Russian page's)."""
    locale = Locale.objects.get(language_code=KAZAKH)
    if not CatalogPage.objects.filter(
        locale=locale, translation_key=page.get_parent().translation_key
    ).exists():
        return
    translated = StandardPage.objects.filter(
        locale=locale, translation_key=page.translation_key
    ).first()
    current = selectors.standard_version_current(page=page)
    if translated is not None and not selectors.standard_translation_outdated(
        page=translated, version=current
    ):
        return
    if translated is None:
        translated = page.copy_for_translation(locale).specific
    page = StandardPage.objects.get(pk=page.pk)
    translated.title = spec["title_kk"]
    translated.intro = spec["intro_kk"]
    translated.roles = page.roles
    translated.sections = _sections_json(
        sections, {block.value["anchor"]: block.id for block in page.sections}, "_kk"
    )
    translated.change_summary = spec["versions"][-1].get("summary_kk", "")
    translated.save_revision().publish()
    say(f"Standard of volunteer support ({KAZAKH}), version {current.number}")


def _acknowledgements_load(*, page: StandardPage, number: int, say: Say) -> None:
    """The demo's acknowledgements of version `number`, while it is the current one."""
    current = selectors.standard_version_current(page=page)
    if current is None or current.number != number:
        return
    for user in User.objects.filter(email__in=ACKNOWLEDGED.get(number, [])):
        if not user.standard_acknowledgements.filter(version=current).exists():
            services.standard_acknowledge(user=user, page=page, number=number)
            say(f"{user.email} acknowledged version {number}")


def _course_item_load(*, page: StandardPage, spec: dict | None, say: Say) -> None:
    """The item of acknowledging the Standard, after the lessons of its course."""
    if not spec:
        return
    course = CoursePage.objects.filter(locale=page.locale, slug=spec["course"]).first()
    if course is None:
        return
    item = StandardAcknowledgementPage.objects.child_of(course).first()
    if item is None:
        item = StandardAcknowledgementPage(
            title=spec["title"],
            slug=spec["slug"],
            estimated_minutes=spec["minutes"],
            standard=page,
        )
        following = (
            Page.objects.child_of(course).not_type(LessonPage).order_by("path").first()
        )
        if following is not None:
            following.add_sibling(pos="left", instance=item)
        else:
            course.add_child(instance=item)
        item.save_revision().publish()
        say(f"Standard acknowledgement item in {course.slug}")
    locale = Locale.objects.get(language_code=KAZAKH)
    if not CoursePage.objects.filter(
        locale=locale, translation_key=course.translation_key
    ).exists():
        return  # the course is not translated
    if StandardAcknowledgementPage.objects.filter(
        locale=locale, translation_key=item.translation_key
    ).exists():
        return
    translated = item.copy_for_translation(locale).specific
    translated.title = spec["title_kk"]
    translated.save_revision().publish()
    say(f"Standard acknowledgement item in {course.slug} ({KAZAKH})")
