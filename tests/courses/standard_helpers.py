"""Building the Standard of volunteer support in tests: a page under the catalog whose
sections are given as (anchor, heading, text) and published like an editor would."""

from __future__ import annotations

import json
import uuid

from courses.models import StandardPage
from people.roles import Role

V1 = [
    ("principles", "Принципы", "<p>Добровольность и безвозмездность.</p>"),
    (
        "safety",
        "Безопасность",
        "<p>Инструктаж перед началом работы.</p><p>Работа в паре.</p>",
    ),
    ("reporting", "Отчетность", "<p>Ежемесячный отчет фронт-офиса.</p>"),
]
# Version 2: "safety" changed (a paragraph edited, one added), "feedback" added,
# "reporting" removed, "principles" unchanged.
V2 = [
    V1[0],
    (
        "safety",
        "Безопасность",
        "<p>Инструктаж перед началом каждой смены.</p><p>Работа в паре.</p>"
        "<p>Несовершеннолетние не работают в зоне ЧС.</p>",
    ),
    ("feedback", "Обратная связь", "<p>Ежеквартальный опрос волонтеров.</p>"),
]


def sections_json(sections, ids: dict[str, str] | None = None) -> str:
    """StreamField JSON of sections; `ids` (anchor -> block id) keeps blocks' ids
    across publishes, as the editor's form does."""
    ids = ids if ids is not None else {}
    return json.dumps(
        [
            {
                "type": "section",
                "id": ids.setdefault(anchor, str(uuid.uuid4())),
                "value": {"anchor": anchor, "heading": heading, "text": text},
            }
            for anchor, heading, text in sections
        ],
        ensure_ascii=False,
    )


def standard_create(
    parent, *, sections=V1, roles=(Role.STAFF,), ids=None, publish=True
) -> StandardPage:
    page = parent.add_child(
        instance=StandardPage(
            title="Стандарт поддержки волонтерства",
            slug="standard",
            intro="<p>Общие правила поддержки волонтерства.</p>",
            roles=list(roles),
            sections=sections_json(sections, ids),
        )
    )
    revision = page.save_revision()
    if publish:
        revision.publish()
    return StandardPage.objects.get(pk=page.pk)


def standard_publish(page, *, sections, ids=None, summary="", **fields) -> StandardPage:
    """Publish a new revision of the Standard with these sections (and fields)."""
    page = StandardPage.objects.get(pk=page.pk)
    page.sections = sections_json(sections, ids)
    page.change_summary = summary
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


# The Kazakh translation: the same anchors, their headings and texts in Kazakh (the
# same paragraphs, one for one), as a translator makes it from a version.
KK = {
    "principles": ("Қағидаттар", "<p>Еріктілік және өтеусіздік.</p>"),
    "safety": (
        "Қауіпсіздік",
        "<p>Әр ауысым басталар алдында нұсқама.</p><p>Жұппен жұмыс.</p>"
        "<p>Кәмелетке толмағандар төтенше жағдай аймағында жұмыс істемейді.</p>",
    ),
    "feedback": ("Кері байланыс", "<p>Волонтерлерге тоқсан сайынғы сауалнама.</p>"),
    "reporting": ("Есептілік", "<p>Фронт-офистің ай сайынғы есебі.</p>"),
}


def standard_translate(page, locale, *, sections=None, summary="") -> StandardPage:
    """The Standard copied into `locale` (its ancestors first, where missing) with
    the sections of `sections` (default: the page's) in Kazakh (KK), kept under the
    source's block ids, and published as a translator does."""
    from tests.factories.courses import translate

    page = StandardPage.objects.get(pk=page.pk)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.get_translations().filter(locale=locale).exists():
            translate(ancestor, locale)
    translated = page.copy_for_translation(locale).specific
    ids = {block.value["anchor"]: block.id for block in page.sections}
    anchors = [anchor for anchor, _h, _t in sections] if sections else list(ids)
    translated.title = "Волонтерлікті қолдау стандарты"
    translated.intro = "<p>Волонтерлікті қолдаудың ортақ ережелері.</p>"
    translated.sections = sections_json(
        [(anchor, *KK[anchor]) for anchor in anchors], ids
    )
    translated.change_summary = summary
    translated.save_revision().publish()
    return StandardPage.objects.get(pk=translated.pk)
