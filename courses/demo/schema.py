"""Checks demo curriculum files (YAML) before they are loaded; usable without Django:
python courses/demo/schema.py courses/demo/content/programs/*.yaml"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.demo import check_html, check_slug, check_text  # noqa: E402

CALLOUT_KINDS = {"note", "warning", "safety"}
BLOCK_KEYS = {"heading", "text", "callout", "checklist", "key_points", "case", "video"}


def check_items(value, where: str, errors: list[str]) -> None:
    if not isinstance(value, list) or not value:
        errors.append(f"{where}: expected a non-empty list")
        return
    for i, item in enumerate(value):
        check_text(item, f"{where}[{i}]", errors)


def check_block(block, where: str, errors: list[str]) -> None:
    if not isinstance(block, dict) or len(block) != 1:
        errors.append(f"{where}: a block is a mapping with exactly one key")
        return
    ((kind, value),) = block.items()
    if kind not in BLOCK_KEYS:
        errors.append(f"{where}: unknown block {kind!r}")
    elif kind == "heading":
        check_text(value, f"{where}.heading", errors, 200)
    elif kind == "text":
        check_html(value, f"{where}.text", errors)
    elif not isinstance(value, dict):
        errors.append(f"{where}.{kind}: expected a mapping")
    elif kind == "callout":
        if value.get("kind") not in CALLOUT_KINDS:
            errors.append(f"{where}.callout.kind: one of {sorted(CALLOUT_KINDS)}")
        if "title" in value:
            check_text(value["title"], f"{where}.callout.title", errors, 200)
        check_html(value.get("text"), f"{where}.callout.text", errors)
    elif kind in ("checklist", "key_points"):
        check_text(value.get("title"), f"{where}.{kind}.title", errors, 200)
        check_items(value.get("items"), f"{where}.{kind}.items", errors)
    elif kind == "case":
        check_text(value.get("title"), f"{where}.case.title", errors, 200)
        check_html(value.get("situation"), f"{where}.case.situation", errors)
        check_text(value.get("question"), f"{where}.case.question", errors, 300)
        check_html(value.get("answer"), f"{where}.case.answer", errors)
    elif kind == "video":
        check_text(value.get("title"), f"{where}.video.title", errors, 200)
        url = value.get("url")
        if not isinstance(url, str) or not url.startswith("https://"):
            errors.append(f"{where}.video.url: expected an https:// URL")
        check_html(value.get("transcript"), f"{where}.video.transcript", errors)


def check_program(data, source: str, *, translation: bool = False) -> list[str]:
    """Return every problem found in one program file (empty list when valid)."""
    errors: list[str] = []
    if not isinstance(data, dict) or "courses" not in data:
        return [f"{source}: top level needs 'courses' and 'program' (or 'extends')"]
    if "extends" in data:
        # Adds courses to a program defined in another file.
        check_slug(data["extends"], f"{source}: extends", errors)
    elif "program" not in data:
        return [f"{source}: top level needs 'program' (or 'extends')"]
    else:
        program = data["program"]
        check_slug(program.get("slug"), f"{source}: program.slug", errors)
        check_text(program.get("title"), f"{source}: program.title", errors, 120)
        check_text(program.get("summary"), f"{source}: program.summary", errors, 300)
        if not translation or "audience" in program:
            check_text(
                program.get("audience"), f"{source}: program.audience", errors, 300
            )
        check_html(program.get("description"), f"{source}: program.description", errors)
    courses = data["courses"]
    if not isinstance(courses, list) or not courses:
        errors.append(f"{source}: courses must be a non-empty list")
        return errors
    for ci, course in enumerate(courses):
        where = f"{source}: courses[{ci}]"
        if not isinstance(course, dict):
            errors.append(f"{where}: expected a mapping")
            continue
        check_slug(course.get("slug"), f"{where}.slug", errors)
        where = f"{source}: course {course.get('slug')}"
        check_text(course.get("title"), f"{where}.title", errors, 120)
        check_text(course.get("summary"), f"{where}.summary", errors, 300)
        check_html(course.get("description"), f"{where}.description", errors)
        if not translation:
            if (
                not isinstance(course.get("hours"), (int, float))
                or course["hours"] <= 0
            ):
                errors.append(f"{where}.hours: expected a positive number")
            if "min_age" in course and course["min_age"] not in (14, 16, 18):
                errors.append(f"{where}.min_age: expected 14, 16 or 18")
            prereqs = course.get("prerequisites", [])
            if not isinstance(prereqs, list):
                errors.append(f"{where}.prerequisites: expected a list of slugs")
        lessons = course.get("lessons")
        if not isinstance(lessons, list) or (not translation and len(lessons) < 3):
            errors.append(f"{where}.lessons: expected a list of at least 3 lessons")
            continue
        for li, lesson in enumerate(lessons):
            lwhere = f"{where}.lessons[{li}]"
            if not isinstance(lesson, dict):
                errors.append(f"{lwhere}: expected a mapping")
                continue
            check_slug(lesson.get("slug"), f"{lwhere}.slug", errors)
            lwhere = f"{where} lesson {lesson.get('slug')}"
            check_text(lesson.get("title"), f"{lwhere}.title", errors, 120)
            if not translation and (
                not isinstance(lesson.get("minutes"), int) or lesson["minutes"] <= 0
            ):
                errors.append(f"{lwhere}.minutes: expected a positive whole number")
            body = lesson.get("body")
            if not isinstance(body, list) or not body:
                errors.append(f"{lwhere}.body: expected a non-empty list of blocks")
                continue
            for bi, block in enumerate(body):
                check_block(block, f"{lwhere}.body[{bi}]", errors)
    return errors


def load_and_check(path: Path) -> tuple[dict | None, list[str]]:
    """Parse one YAML file and check it; returns (data or None, problems)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return None, [f"{path.name}: not valid YAML: {exc}"]
    translation = path.name.endswith(".kk.yaml")
    return data, check_program(data, path.name, translation=translation)


def check_slugs_unique(programs: dict[str, dict]) -> list[str]:
    """Course slugs are unique across the source (Russian) files, and a prerequisite
    names a course that comes earlier in loading order (files by name, then in file)."""
    errors: list[str] = []
    seen: dict[str, str] = {}
    for source in sorted(programs):
        for course in programs[source].get("courses", []):
            slug = course.get("slug")
            for prereq in course.get("prerequisites", []) or []:
                if prereq not in seen:
                    errors.append(
                        f"{source}: course {slug}: prerequisite {prereq!r} is unknown or "
                        "comes later in loading order"
                    )
            if slug in seen:
                errors.append(f"{source}: course slug {slug!r} also in {seen[slug]}")
            seen[slug] = source
    return errors


ACK_LANGUAGES = ("ru", "kk", "en")


def check_acknowledgements(data, source: str, course_slugs: set[str]) -> list[str]:
    """Problems of the acknowledgements file: each entry has a slug, minutes, the
    courses it goes into (known course slugs), a title, statement and body in every
    language, and optional per-course additions (HTML) in every language."""
    errors: list[str] = []
    if not isinstance(data, list) or not data:
        return [f"{source}: expected a non-empty list of acknowledgements"]
    for ai, spec in enumerate(data):
        where = f"{source}: [{ai}]"
        if not isinstance(spec, dict):
            errors.append(f"{where}: expected a mapping")
            continue
        check_slug(spec.get("slug"), f"{where}.slug", errors)
        where = f"{source}: {spec.get('slug')}"
        if not isinstance(spec.get("minutes"), int) or spec["minutes"] <= 0:
            errors.append(f"{where}.minutes: expected a positive whole number")
        courses = spec.get("courses")
        if not isinstance(courses, list) or not courses:
            errors.append(f"{where}.courses: expected a non-empty list of course slugs")
            courses = []
        for slug in courses:
            if slug not in course_slugs:
                errors.append(f"{where}.courses: unknown course {slug!r}")
        texts = spec.get("texts")
        if not isinstance(texts, dict):
            errors.append(f"{where}.texts: expected a mapping of languages")
            texts = {}
        for code in ACK_LANGUAGES:
            text = texts.get(code)
            if not isinstance(text, dict):
                errors.append(f"{where}.texts.{code}: missing")
                continue
            check_text(text.get("title"), f"{where}.texts.{code}.title", errors, 120)
            check_text(
                text.get("statement"), f"{where}.texts.{code}.statement", errors, 300
            )
            check_html(text.get("body"), f"{where}.texts.{code}.body", errors)
        zones = spec.get("zones") or {}
        if not isinstance(zones, dict):
            errors.append(f"{where}.zones: expected a mapping of course slugs")
            zones = {}
        for slug, parts in zones.items():
            if slug not in courses:
                errors.append(f"{where}.zones: {slug!r} is not in courses")
            for code in ACK_LANGUAGES:
                value = parts.get(code) if isinstance(parts, dict) else None
                check_html(value, f"{where}.zones.{slug}.{code}", errors)
    return errors


def load_acknowledgements(
    path: Path, course_slugs: set[str]
) -> tuple[list | None, list[str]]:
    """Parse and check the acknowledgements file; returns (data or None, problems)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return None, [f"{path.name}: not valid YAML: {exc}"]
    return data, check_acknowledgements(data, path.name, course_slugs)


if __name__ == "__main__":
    problems: list[str] = []
    sources: dict[str, dict] = {}
    for arg in sys.argv[1:]:
        path = Path(arg)
        data, errs = load_and_check(path)
        problems.extend(errs)
        if data and not path.name.endswith(".kk.yaml"):
            sources[path.name] = data
    problems.extend(check_slugs_unique(sources))
    acknowledgements = (
        Path(__file__).resolve().parent / "content" / "acknowledgements.yaml"
    )
    if acknowledgements.exists():
        problems.extend(
            load_acknowledgements(
                acknowledgements,
                {
                    course.get("slug")
                    for data in sources.values()
                    for course in data.get("courses", [])
                },
            )[1]
        )
    for p in problems:
        print(p)
    words = 0
    for data in sources.values():
        for course in data.get("courses", []):
            for lesson in course.get("lessons", []):
                words += len(
                    re.sub(
                        r"<[^>]+>", " ", yaml.safe_dump(lesson, allow_unicode=True)
                    ).split()
                )
    print(
        f"{len(problems)} problem(s); {len(sources)} source file(s); about {words} words of lessons"
    )
    sys.exit(1 if problems else 0)
