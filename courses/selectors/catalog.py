"""The catalog and its programs: the programs of a catalog, its search, the courses
of a program with the learner's enrolment in each, and what comes next in a program."""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page

from core.i18n import active_language, localized_pick, page_canonical
from core.pagecache import content_cached

from ..models import CatalogPage, CoursePage, Enrolment, ProgramPage
from .outline import continue_key


def children_q(parents) -> Q:
    """Pages that are direct children of any of `parents` (one query, no recursion);
    My learning uses it too."""
    parents = list(parents)
    if not parents:
        return Q(pk__in=[])
    return reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in parents))


@dataclasses.dataclass
class ProgramEntry:
    page: ProgramPage
    in_other_language: bool
    course_count: int


def program_list_for_catalog(*, catalog: CatalogPage) -> list[ProgramEntry]:
    """Programs of the catalog in its language, plus those not translated yet (shown in
    the default language). A program's course count includes its courses not yet
    translated, as its page lists them. Published content only: memoized."""
    return content_cached(("programs", catalog.pk), lambda: _program_list(catalog))


def _program_list(catalog: CatalogPage) -> list[ProgramEntry]:
    own = list(ProgramPage.objects.child_of(catalog).live().select_related("locale"))
    programs = [(p, False) for p in own]
    counted = list(own)
    default_catalog = page_canonical(page=catalog)
    if default_catalog.pk != catalog.pk:
        keys = {p.translation_key for p in own}
        defaults = list(
            ProgramPage.objects.child_of(default_catalog)
            .live()
            .select_related("locale")
        )
        programs += [(p, True) for p in defaults if p.translation_key not in keys]
        counted += defaults
    program_key_by_path = {p.path: p.translation_key for p in counted}
    courses: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    if counted:
        for path, course_key in (
            CoursePage.objects.live()
            .filter(children_q(counted))
            .values_list("path", "translation_key")
        ):
            courses[program_key_by_path[path[: -CoursePage.steplen]]].add(course_key)
    return [
        ProgramEntry(
            page=p,
            in_other_language=other,
            course_count=len(courses[p.translation_key]),
        )
        for p, other in programs
    ]


def catalog_search(*, catalog: CatalogPage, query: str):
    """Live programs and courses of the catalog (so of its language) whose title,
    summary or description match `query`, best first, as lazy Wagtail search results
    of base pages (PostgreSQL full text in production); catalog_hits resolves the ones
    shown."""
    pages = Page.objects.live().descendant_of(catalog).type(ProgramPage, CoursePage)
    return pages.search(query)


@dataclasses.dataclass
class CatalogHit:
    page: ProgramPage | CoursePage
    program: ProgramPage | None = None  # a course's


def catalog_hits(pages) -> list[CatalogHit]:
    """The programs and courses of some catalog_search results, in their order, each
    course with its program (two queries, whatever their number)."""
    order = [page.pk for page in pages]
    course_pages = list(CoursePage.objects.filter(pk__in=order))
    specific = {page.pk: page for page in course_pages}
    parent_paths = {page.path[: -CoursePage.steplen] for page in course_pages}
    programs = {}
    for program in ProgramPage.objects.filter(
        Q(pk__in=order) | Q(path__in=parent_paths)
    ):
        programs[program.path] = program
        if program.pk in order:
            specific[program.pk] = program
    hits = []
    for pk in order:
        page = specific.get(pk)
        if page is None:
            continue
        program = (
            programs.get(page.path[: -CoursePage.steplen])
            if isinstance(page, CoursePage)
            else None
        )
        hits.append(CatalogHit(page=page, program=program))
    return hits


@dataclasses.dataclass
class CourseEntry:
    page: CoursePage
    enrolment: Enrolment | None
    in_other_language: bool = False

    @property
    def status(self) -> str:
        return self.enrolment.status if self.enrolment else ""


def _program_courses(program: ProgramPage) -> list[tuple[CoursePage, bool]]:
    """The program's live courses in the canonical order, each with whether it is
    shown in another language (published content: memoized)."""
    canonical = page_canonical(page=program)
    pages = list(
        CoursePage.objects.live()
        .filter(children_q({program, canonical}))
        .select_related("locale")
    )
    own = {p.translation_key: p for p in pages if p.locale_id == program.locale_id}
    ordered = sorted(
        (p for p in pages if p.locale_id == canonical.locale_id), key=lambda p: p.path
    )
    if canonical.pk == program.pk:
        return [(p, False) for p in ordered]
    keys = [p.translation_key for p in ordered]
    courses = [
        (own.get(p.translation_key, p), p.translation_key not in own) for p in ordered
    ]
    courses += [(p, False) for key, p in own.items() if key not in keys]
    return courses


def course_list_for_program(*, program: ProgramPage, learner) -> list[CourseEntry]:
    """Courses of a program with the learner's enrolment in each, in the canonical
    order; a course not translated into the program's language is listed in the
    default language (as the catalog does with programs)."""
    courses = content_cached(("courses", program.pk), lambda: _program_courses(program))
    enrolments: dict[uuid.UUID, Enrolment] = {}
    if learner.is_authenticated and courses:
        enrolments = {
            e.course_key: e
            for e in Enrolment.objects.filter(
                learner=learner, course_key__in=[c.translation_key for c, _o in courses]
            )
        }
    return [
        CourseEntry(
            page=c, enrolment=enrolments.get(c.translation_key), in_other_language=other
        )
        for c, other in courses
    ]


@dataclasses.dataclass
class ProgramNext:
    """What comes next in a course's program once the course is completed: the next
    course not completed (None: the whole program is completed)."""

    program: ProgramPage
    entry: CourseEntry | None


def program_next_course(
    *, course: CoursePage, learner, enrolment: Enrolment | None
) -> ProgramNext | None:
    """For a completed course (`enrolment` completed), the next course of its program
    in the program's order that the learner has not completed, after this one and
    then from the start (the rule of continue_key), with the learner's enrolment in
    it. None while the course is not completed. At most five queries."""
    if enrolment is None or enrolment.status != Enrolment.Status.COMPLETED:
        return None
    program = (
        ProgramPage.objects.live().parent_of(course).select_related("locale").first()
    )
    if program is None:
        return None
    entries = course_list_for_program(program=program, learner=learner)
    keys = [entry.page.translation_key for entry in entries]
    done = {course.translation_key} | {
        entry.page.translation_key
        for entry in entries
        if entry.status == Enrolment.Status.COMPLETED
    }
    key = continue_key(keys=keys, done=done, last=course.translation_key)
    return ProgramNext(
        program=program,
        entry=next((e for e in entries if e.page.translation_key == key), None),
    )


def course_page_for_key(*, key: uuid.UUID) -> CoursePage | None:
    """The live course with this translation_key, in the active language if translated."""
    pages = localized_pick(
        CoursePage.objects.live().filter(translation_key=key).select_related("locale"),
        active_language(),
    )
    return pages.get(key)


@dataclasses.dataclass(frozen=True)
class LearningTarget:
    """A live course or program as lists of them show it: its translation_key and
    its title in the active language (else the default)."""

    key: uuid.UUID
    title: str
    is_program: bool


def learning_target_list() -> list[LearningTarget]:
    """Every live program and course, in the active language (else the default),
    programs first, each group by title (two queries)."""
    language = active_language()
    targets = []
    for model in (ProgramPage, CoursePage):
        pages = localized_pick(
            model.objects.live()
            .select_related("locale")
            .only("title", "translation_key", "locale"),
            language,
        )
        targets += sorted(
            (
                LearningTarget(
                    key=key, title=page.title, is_program=model is ProgramPage
                )
                for key, page in pages.items()
            ),
            key=lambda target: target.title,
        )
    return targets


def course_and_program_choices() -> list[tuple[uuid.UUID, str]]:
    """Every live program and course as (translation_key, title) in the active
    language (else the default), programs first, each group by title: what another
    app offers when something "belongs to a course or program" (two queries)."""
    return [(target.key, target.title) for target in learning_target_list()]


def target_course_keys(*, key: uuid.UUID) -> list[uuid.UUID]:
    """The courses a course or program translation_key stands for: the program's live
    courses when a live program has it, else the key itself (a course, live or not)."""
    program = (
        ProgramPage.objects.live()
        .filter(translation_key=key)
        .select_related("locale")
        .first()
    )
    return program_course_keys(program=program) if program else [key]


def program_course_keys(*, program: ProgramPage) -> list[uuid.UUID]:
    """translation_keys of the live courses of a program (canonical version)."""
    canonical = page_canonical(page=program)
    return list(
        CoursePage.objects.child_of(canonical)
        .live()
        .values_list("translation_key", flat=True)
    )


def program_course_map() -> dict[uuid.UUID, set[uuid.UUID]]:
    """The courses (translation_keys) of every program (translation_key), published or
    not: a course is a child of its program in every language (two queries)."""
    programs = dict(ProgramPage.objects.values_list("path", "translation_key"))
    steplen = CoursePage.steplen
    courses: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for path, key in CoursePage.objects.values_list("path", "translation_key"):
        program = programs.get(path[:-steplen])
        if program is not None:
            courses[program].add(key)
    return dict(courses)
