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
