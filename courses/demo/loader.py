"""The demo curriculum: the catalog, the programs, courses and lessons of
content/programs/*.yaml (Russian, plus *.kk.yaml translations), the acknowledgements
of content/acknowledgements.yaml, the Standard of volunteer support and its two
versions (content/standard.yaml, standard.py), and the assignment rules. See
README.md for the files' format; schema.py checks them, and so does the loader
before it writes a page.

Idempotent: a page or rule already there (by slug or name) is left alone.
"""

from __future__ import annotations

import datetime
import json
import uuid
from pathlib import Path

from django.utils import timezone
from wagtail.models import Locale, Page

from core.demo import DemoDataError, Say
from people.roles import Role

from ..models import (
    AcknowledgementPage,
    AssignmentRule,
    CatalogPage,
    CoursePage,
    CoursePrerequisite,
    LessonPage,
    ProgramPage,
)
from .schema import check_slugs_unique, load_acknowledgements, load_and_check
from .standard import standard_load

CONTENT_DIR = Path(__file__).resolve().parent / "content"
PROGRAMS_DIR = CONTENT_DIR / "programs"
ACKNOWLEDGEMENTS_FILE = CONTENT_DIR / "acknowledgements.yaml"

# The catalog's texts per language.
CATALOG = {
    "ru": {
        "title": "Каталог",
        "intro": "<p>Программы и курсы академии. Выберите программу, чтобы увидеть ее курсы.</p>",
    },
    "kk": {
        "title": "Каталог",
        "intro": "<p>Академияның бағдарламалары мен курстары. Курстарын көру үшін бағдарламаны таңдаңыз.</p>",
    },
    "en": {
        "title": "Catalog",
        "intro": "<p>Programs and courses of the academy. Most are in Russian; the intro course is also in Kazakh.</p>",
    },
}

# The assignment rules: the newcomers' ones reach people appointed in the last 90 days
# (those in post longer were onboarded before the platform), due 30 or 60 days after
# their appointment; the intro course was rolled out to every RFO staff member a month
# ago, due two weeks later: the demo staff member has not done it, so it is overdue
# (My learning's mark, the regional admin's overdue list).
RULES = [
    {
        "name": "Новый сотрудник РФО: введение в должность",
        "role": Role.STAFF,
        "organization_kind": "regional_front_office",
        "slug": "rfo-onboarding",
        "due_in_days": 30,
        "started_days_ago": 90,
    },
    {
        "name": "Новый сотрудник РФО: Стандарт поддержки волонтерства",
        "role": Role.STAFF,
        "organization_kind": "regional_front_office",
        "slug": "standard",
        "due_in_days": 60,
        "started_days_ago": 90,
    },
    {
        "name": "Лидер организации: школа лидеров",
        "role": Role.LEADER,
        "organization_kind": "",
        "slug": "leaders",
        "due_in_days": 120,
        "min_age": 18,
    },
    {
        "name": "Все сотрудники РФО: права волонтеров",
        "role": Role.STAFF,
        "organization_kind": "regional_front_office",
        "slug": "volunteer-rights",
        "due_in_days": 14,
        "due_from": AssignmentRule.DueFrom.RULE_CREATED,
        "created_days_ago": 30,
    },
]


def _stream(blocks: list[dict]) -> str:
    """YAML blocks to StreamField raw JSON."""
    raw = []
    for block in blocks:
        ((kind, value),) = block.items()
        if kind == "heading":
            value = {"text": value, "level": "h2"}
        elif kind == "callout":
            value = {
                "kind": value["kind"],
                "title": value.get("title", ""),
                "text": value["text"],
            }
        elif kind in ("checklist", "key_points"):
            # List items in the block format, with ids: wagtail-localize offers only
            # those for translation (core.translations.streams).
            value = {
                **value,
                "items": [
                    {"type": "item", "value": item, "id": str(uuid.uuid4())}
                    for item in value["items"]
                ],
            }
        elif kind == "video":
            value = {
                "title": value["title"],
                "file": None,
                "url": value["url"],
                "minutes": value.get("minutes"),
                "transcript": value["transcript"],
            }
        raw.append({"type": kind, "value": value, "id": str(uuid.uuid4())})
    return json.dumps(raw, ensure_ascii=False)


def _acknowledgement_texts(spec: dict, course_slug: str, code: str) -> dict:
    """Title, statement and body of an acknowledgement in one course and language:
    the common text plus what the course's risk zone adds."""
    text = spec["texts"][code]
    zone = (spec.get("zones") or {}).get(course_slug, {})
    return {
        "title": text["title"],
        "statement": text["statement"],
        "body": text["body"] + zone.get(code, ""),
    }


def courses_demo_load(*, home: Page, say: Say) -> None:
    """The catalog under `home` (the Russian home page) and its translations, the
    curriculum with its Kazakh translations and acknowledgements, the Standard, and
    the assignment rules."""
    sources, translations, acknowledgements = content_read()
    catalog = catalogs_load(home=home, say=say)
    curriculum_load(catalog=catalog, sources=sources, say=say)
    translations_load(translations=translations, say=say)
    acknowledgements_load(acknowledgements=acknowledgements, say=say)
    standard_load(catalog=catalog, say=say)
    assignment_rules_load(say=say)


def content_read() -> tuple[list[tuple[str, dict]], list[tuple[str, dict]], list[dict]]:
    """(sources, Kazakh translations, acknowledgements), all checked before
    anything is written."""
    sources, translations, problems = [], [], []
    for path in sorted(PROGRAMS_DIR.glob("*.yaml")):
        data, errors = load_and_check(path)
        problems.extend(errors)
        if data is None:
            continue
        (translations if path.name.endswith(".kk.yaml") else sources).append(
            (path.name, data)
        )
    problems.extend(check_slugs_unique(dict(sources)))
    course_slugs = {
        course["slug"] for _name, data in sources for course in data["courses"]
    }
    acknowledgements, errors = load_acknowledgements(
        ACKNOWLEDGEMENTS_FILE, course_slugs
    )
    problems.extend(errors)
    if problems:
        raise DemoDataError("Demo content is not valid:\n" + "\n".join(problems))
    return sources, translations, acknowledgements or []


def translations_ordered(
    translations: list[tuple[str, dict]],
) -> list[tuple[str, dict]]:
    """The translation files in the order they can be loaded: those that translate a
    program first (a course's translation needs its program's), then those that
    only add courses to one (`extends`), each group by file name."""
    return sorted(translations, key=lambda item: ("program" not in item[1], item[0]))


def catalogs_load(*, home: Page, say: Say) -> CatalogPage:
    """The catalog under the Russian home page, and its translations under the
    home page's (which must exist): returns the Russian catalog."""
    catalog = CatalogPage.objects.child_of(home).first()
    if catalog is None:
        texts = CATALOG["ru"]
        catalog = home.add_child(
            instance=CatalogPage(
                title=texts["title"], slug="catalog", intro=texts["intro"]
            )
        )
        catalog.save_revision().publish()
        say("catalog (ru)")
    for code in ("kk", "en"):
        locale = Locale.objects.get(language_code=code)
        texts = CATALOG[code]
        if not CatalogPage.objects.filter(
            locale=locale, translation_key=catalog.translation_key
        ).exists():
            catalog_tr = catalog.copy_for_translation(locale).specific
            catalog_tr.title = texts["title"]
            catalog_tr.intro = texts["intro"]
            catalog_tr.save_revision().publish()
            say(f"catalog ({code})")
    return catalog


def curriculum_load(
    *, catalog: CatalogPage, sources: list[tuple[str, dict]], say: Say
) -> None:
    """The programs, courses and lessons of the Russian content files."""
    courses: dict[str, CoursePage] = {
        c.slug: c for c in CoursePage.objects.filter(locale=catalog.locale)
    }
    programs: dict[str, ProgramPage] = {
        p.slug: p for p in ProgramPage.objects.child_of(catalog)
    }
    for _name, data in sources:
        if "program" in data:
            spec = data["program"]
            program = programs.get(spec["slug"])
            if program is None:
                program = catalog.add_child(
                    instance=ProgramPage(
                        title=spec["title"],
                        slug=spec["slug"],
                        summary=spec["summary"],
                        audience=spec.get("audience", ""),
                        description=spec["description"],
                    )
                )
                program.save_revision().publish()
                programs[program.slug] = program
                say(f"program {program.slug}")
        else:
            program = programs[data["extends"]]
        for spec in data["courses"]:
            if spec["slug"] in courses:
                continue
            course = CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                description=spec["description"],
                hours=spec["hours"],
                min_age=spec.get("min_age"),
            )
            for order, prereq in enumerate(spec.get("prerequisites", []) or []):
                course.prerequisite_links.add(
                    CoursePrerequisite(
                        required_course=courses[prereq], sort_order=order
                    )
                )
            program.add_child(instance=course)
            course.save_revision().publish()
            courses[course.slug] = course
            for lesson_spec in spec["lessons"]:
                lesson = course.add_child(
                    instance=LessonPage(
                        title=lesson_spec["title"],
                        slug=lesson_spec["slug"],
                        estimated_minutes=lesson_spec["minutes"],
                        body=_stream(lesson_spec["body"]),
                    )
                )
                lesson.save_revision().publish()
            say(f"course {course.slug} ({len(spec['lessons'])} lessons)")


def translations_load(
    *, translations: list[tuple[str, dict]], say: Say, code: str = "kk"
) -> None:
    """The Kazakh programs, courses and lessons, as translations of the Russian: the
    programs first (a file that `extends:` a program may sort before the one that
    translates it), then the courses in the Russian tree's order, whichever file
    holds them, so the Kazakh program lists them in the same order."""
    locale = Locale.objects.get(language_code=code)
    ru = Locale.objects.get(language_code="ru")
    for _name, data in translations_ordered(translations):
        if "program" in data:
            spec = data["program"]
            source = ProgramPage.objects.get(locale=ru, slug=spec["slug"])
            if not ProgramPage.objects.filter(
                locale=locale, translation_key=source.translation_key
            ).exists():
                page = source.copy_for_translation(locale).specific
                page.title = spec["title"]
                page.summary = spec["summary"]
                page.audience = spec.get("audience", source.audience)
                page.description = spec["description"]
                page.save_revision().publish()
                say(f"program {page.slug} ({code})")
    specs = [(name, spec) for name, data in translations for spec in data["courses"]]
    sources = {
        page.slug: page
        for page in CoursePage.objects.filter(
            locale=ru, slug__in=[spec["slug"] for _name, spec in specs]
        )
    }
    if unknown := {spec["slug"] for _name, spec in specs} - set(sources):
        raise DemoDataError(
            f"Translated courses with no Russian page: {sorted(unknown)}"
        )
    for name, spec in sorted(specs, key=lambda item: sources[item[1]["slug"]].path):
        _course_translate(
            source=sources[spec["slug"]], spec=spec, name=name, locale=locale, say=say
        )


def _course_translate(
    *, source: CoursePage, spec: dict, name: str, locale: Locale, say: Say
) -> None:
    code = locale.language_code
    course = CoursePage.objects.filter(
        locale=locale, translation_key=source.translation_key
    ).first()
    if course is None:
        program = source.get_parent()
        if not ProgramPage.objects.filter(
            locale=locale, translation_key=program.translation_key
        ).exists():
            raise DemoDataError(
                f"{name}: course {spec['slug']}: program {program.slug} "
                f"has no {code} translation"
            )
        course = source.copy_for_translation(locale).specific
        course.title = spec["title"]
        course.summary = spec["summary"]
        course.description = spec["description"]
        course.save_revision().publish()
        say(f"course {course.slug} ({code})")
    for lesson_spec in spec["lessons"]:
        lesson_source = LessonPage.objects.child_of(source).get(
            slug=lesson_spec["slug"]
        )
        if LessonPage.objects.filter(
            locale=locale, translation_key=lesson_source.translation_key
        ).exists():
            continue
        lesson = lesson_source.copy_for_translation(locale).specific
        lesson.title = lesson_spec["title"]
        lesson.body = _stream(lesson_spec["body"])
        lesson.save_revision().publish()


def acknowledgements_load(*, acknowledgements: list[dict], say: Say) -> None:
    """Each acknowledgement item (the code of conduct) in its courses, after the
    lessons and before a quiz; translated where the course is translated."""
    ru = Locale.objects.get(language_code="ru")
    others = {code: Locale.objects.get(language_code=code) for code in ("kk", "en")}
    for spec in acknowledgements:
        for course_slug in spec["courses"]:
            course = CoursePage.objects.get(locale=ru, slug=course_slug)
            page = (
                AcknowledgementPage.objects.child_of(course)
                .filter(slug=spec["slug"])
                .first()
            )
            if page is None:
                page = AcknowledgementPage(
                    slug=spec["slug"],
                    estimated_minutes=spec["minutes"],
                    **_acknowledgement_texts(spec, course_slug, "ru"),
                )
                following = (
                    Page.objects.child_of(course)
                    .not_type(LessonPage)
                    .order_by("path")
                    .first()
                )
                if following is not None:
                    following.add_sibling(pos="left", instance=page)
                else:
                    course.add_child(instance=page)
                page.save_revision().publish()
                say(f"acknowledgement {course_slug}/{page.slug}")
            for code, locale in others.items():
                if not CoursePage.objects.filter(
                    locale=locale, translation_key=course.translation_key
                ).exists():
                    continue  # the course is not translated into this language
                if AcknowledgementPage.objects.filter(
                    locale=locale, translation_key=page.translation_key
                ).exists():
                    continue
                translated = page.copy_for_translation(locale).specific
                for field, value in _acknowledgement_texts(
                    spec, course_slug, code
                ).items():
                    setattr(translated, field, value)
                translated.save_revision().publish()
                say(f"acknowledgement {course_slug}/{page.slug} ({code})")


def assignment_rules_load(*, say: Say) -> None:
    """The rules that assign programs to new RFO staff and organisation leaders, and
    the intro course to every RFO staff member; each new rule is applied to its
    audience once the run commits (as a rule saved in the admin is)."""
    from ..services import assignment_rule_reevaluate

    ru = Locale.objects.get(language_code="ru")
    today = timezone.localdate()
    for spec in RULES:
        if AssignmentRule.objects.filter(name=spec["name"]).exists():
            continue
        started_days_ago = spec.get("started_days_ago")
        rule = AssignmentRule.objects.create(
            name=spec["name"],
            role=spec["role"],
            organization_kind=spec["organization_kind"],
            target=Page.objects.type(CoursePage, ProgramPage).get(
                locale=ru, slug=spec["slug"]
            ),
            due_in_days=spec["due_in_days"],
            due_from=spec.get("due_from", AssignmentRule.DueFrom.POSITION_START),
            min_age=spec.get("min_age"),
            started_from=(
                today - datetime.timedelta(days=started_days_ago)
                if started_days_ago
                else None
            ),
            created_at=timezone.now()
            - datetime.timedelta(days=spec.get("created_days_ago", 0)),
        )
        assignment_rule_reevaluate(rule=rule)
        say(f"assignment rule {rule.name}")
