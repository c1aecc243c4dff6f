"""Reads for courses: outlines, eligibility, "My learning", catalog listings.

Every function here runs a fixed number of queries, whatever the number of items,
courses or enrolments (tests assert it).
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page

from core.i18n import DEFAULT_LANGUAGE, active_language, localized_pick, page_canonical
from people.selectors import learner_scope_q

from .models import (
    Assignment,
    CatalogPage,
    CourseItemPage,
    CoursePage,
    CoursePrerequisite,
    Enrolment,
    ItemProgress,
    ProgramCompletion,
    ProgramPage,
)

# Why enrolment is refused (services.enrolment_create raises them; My learning and the
# assignment warning show them).
MSG_COURSE_NOT_LIVE = gettext_lazy("This course is not open for enrolment.")
MSG_REQUIREMENTS = gettext_lazy("You cannot enrol yet. Missing: %(missing)s")
MSG_BIRTH_DATE_MISSING = gettext_lazy(
    "This course has a minimum age: add your date of birth to your profile first."
)


def _children_q(parents) -> Q:
    """Pages that are direct children of any of `parents` (one query, no recursion)."""
    parents = list(parents)
    if not parents:
        return Q(pk__in=[])
    return reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in parents))


# Outline of a course
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class OutlineItem:
    key: uuid.UUID
    number: int
    page: CourseItemPage
    required: bool
    minutes: int
    done: bool
    in_other_language: bool


@dataclasses.dataclass
class Outline:
    course: CoursePage
    canonical: CoursePage
    items: list[OutlineItem]
    enrolment: Enrolment | None

    @property
    def required_total(self) -> int:
        return sum(1 for item in self.items if item.required)

    @property
    def required_done(self) -> int:
        return sum(1 for item in self.items if item.required and item.done)

    @property
    def percent(self) -> int:
        total = self.required_total
        return round(100 * self.required_done / total) if total else 0

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    def index_of(self, key: uuid.UUID) -> int | None:
        for index, item in enumerate(self.items):
            if item.key == key:
                return index
        return None

    def neighbours(
        self, key: uuid.UUID
    ) -> tuple[OutlineItem | None, OutlineItem | None]:
        index = self.index_of(key)
        if index is None:
            return None, None
        previous = self.items[index - 1] if index > 0 else None
        following = self.items[index + 1] if index + 1 < len(self.items) else None
        return previous, following

    def continue_item(self) -> OutlineItem | None:
        """Where the learner left off (see continue_key)."""
        key = continue_key(
            keys=[item.key for item in self.items],
            done={item.key for item in self.items if item.done},
            last=self.enrolment.last_item_key if self.enrolment else None,
        )
        return None if key is None else self.items[self.index_of(key)]


def continue_key(
    *, keys: list[uuid.UUID], done: set[uuid.UUID], last: uuid.UUID | None
) -> uuid.UUID | None:
    """Where a learner left off, among a course's item `keys` in order: the last item
    they opened if not done yet, else the next item not done after it, else the first
    item not done. The course page and "My learning" both follow this rule."""
    start = keys.index(last) if last in keys else 0
    for key in [*keys[start:], *keys[:start]]:
        if key not in done:
            return key
    return None


def course_canonical(*, course: CoursePage) -> CoursePage:
    """The version of a course whose items define completion (see page_canonical)."""
    return page_canonical(page=course)


def course_required_item_keys(*, course: CoursePage) -> set[uuid.UUID]:
    """translation_keys of the live required items of a course (canonical version)."""
    canonical = course_canonical(course=course)
    return set(
        CourseItemPage.objects.child_of(canonical)
        .live()
        .filter(required=True)
        .values_list("translation_key", flat=True)
    )


def course_outline(*, course: CoursePage, enrolment: Enrolment | None) -> Outline:
    """The items of a course in order, in the course's language where translated,
    with the learner's progress."""
    canonical = course_canonical(course=course)
    items = list(
        CourseItemPage.objects.child_of(canonical)
        .live()
        .select_related("locale")
        .order_by("path")
    )
    localized: dict[uuid.UUID, CourseItemPage] = {}
    if canonical.pk != course.pk and items:
        localized = {
            page.translation_key: page
            for page in CourseItemPage.objects.live()
            .filter(
                translation_key__in=[i.translation_key for i in items],
                locale_id=course.locale_id,
            )
            .select_related("locale")
        }
    done: set[uuid.UUID] = set()
    if enrolment is not None:
        done = set(
            ItemProgress.objects.filter(enrolment=enrolment).values_list(
                "item_key", flat=True
            )
        )
    outline_items = []
    for number, item in enumerate(items, start=1):
        page = localized.get(item.translation_key, item)
        outline_items.append(
            OutlineItem(
                key=item.translation_key,
                number=number,
                page=page,
                required=item.required,
                minutes=item.estimated_minutes,
                done=item.translation_key in done,
                in_other_language=page.locale_id != course.locale_id,
            )
        )
    return Outline(
        course=course, canonical=canonical, items=outline_items, enrolment=enrolment
    )


# Eligibility
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class Requirement:
    """Something a learner must have before enrolling, and whether they have it."""

    message: str
    met: bool
    page: Page | None = None


def course_requirements(*, course: CoursePage, learner) -> list[Requirement]:
    """What enrolling in `course` requires (prerequisite courses, in the active
    language where translated, and a minimum age), each marked as met or not for
    `learner` (not met for anonymous visitors)."""
    return course_requirements_for(courses=[course], learner=learner)[course.pk]


def course_requirements_for(
    *, courses, learner, completed: set[uuid.UUID] | None = None
) -> dict[int, list[Requirement]]:
    """course_requirements of several courses at once, by course page id: at most
    three queries whatever their number. `completed` (translation_keys of the courses
    the learner has completed), when the caller knows it, saves one; a caller may also
    count courses the learner will complete on the way as completed."""
    courses = list(courses)
    links: dict[int, list[uuid.UUID]] = defaultdict(list)
    if courses:
        for course_id, key in (
            CoursePrerequisite.objects.filter(course_id__in=[c.pk for c in courses])
            .order_by("course_id", "sort_order")
            .values_list("course_id", "required_course__translation_key")
        ):
            links[course_id].append(key)
    wanted = {key for keys in links.values() for key in keys}
    pages = (
        localized_pick(
            CoursePage.objects.live()
            .filter(translation_key__in=wanted)
            .select_related("locale"),
            active_language(),
        )
        if wanted
        else {}
    )
    if completed is None:
        completed = set()
        if learner.is_authenticated and pages:
            completed = set(
                Enrolment.objects.filter(
                    learner=learner,
                    status=Enrolment.Status.COMPLETED,
                    course_key__in=list(pages),
                ).values_list("course_key", flat=True)
            )
    age = learner.age_on(timezone.localdate()) if learner.is_authenticated else None
    requirements: dict[int, list[Requirement]] = {}
    for course in courses:
        requirements[course.pk] = [
            Requirement(
                message=_("Complete the course “%(title)s”.")
                % {"title": pages[key].title},
                met=key in completed,
                page=pages[key],
            )
            for key in links[course.pk]
            if key in pages
        ]
        if course.min_age:
            requirements[course.pk].append(
                Requirement(
                    message=ngettext(
                        "Be at least %(age)d year old.",
                        "Be at least %(age)d years old.",
                        course.min_age,
                    )
                    % {"age": course.min_age},
                    met=age is not None and age >= course.min_age,
                )
            )
    return requirements


@dataclasses.dataclass
class Blocker:
    """Why a learner may not enrol in a course now: what enrolment_create refuses
    with. `code` is not_live, birth_date (a minimum age, and no date of birth known)
    or requirements; `unmet` lists the requirements not met."""

    code: str
    unmet: list[Requirement]

    @property
    def message(self) -> str:
        """The refusal, as the learner reads it when they try to enrol."""
        if self.code == "not_live":
            return str(MSG_COURSE_NOT_LIVE)
        if self.code == "birth_date":
            return str(MSG_BIRTH_DATE_MISSING)
        return MSG_REQUIREMENTS % {
            "missing": " ".join(str(r.message) for r in self.unmet)
        }


def enrolment_blocker(
    *, course: CoursePage, learner, requirements: list[Requirement] | None = None
) -> Blocker | None:
    """What keeps `learner` from enrolling in `course` now, or None. The one rule of
    enrolment: enrolment_create refuses with it, My learning and the assignment
    warning show it. `requirements` (from course_requirements_for), when the caller
    has them, saves the queries."""
    if not course.live:
        return Blocker(code="not_live", unmet=[])
    if requirements is None:
        requirements = course_requirements(course=course, learner=learner)
    unmet = [r for r in requirements if not r.met]
    if course.min_age and getattr(learner, "date_of_birth", None) is None:
        return Blocker(code="birth_date", unmet=unmet)
    if unmet:
        return Blocker(code="requirements", unmet=unmet)
    return None


@dataclasses.dataclass
class CourseBlocker:
    """A course of assigned learning, and what keeps the learner from starting it."""

    course: CoursePage
    blocker: Blocker


def assignment_blockers(*, learner, target: Page) -> list[CourseBlocker]:
    """What would keep `learner` from starting `target` (a course or a program) if it
    were assigned: for a course, why they may not enrol in it; for a program, the same
    for each of its courses they have not started, where a required course of the
    same program counts as met (they complete it on the way). Empty: nothing."""
    target = target.specific
    if isinstance(target, ProgramPage):
        entries = course_list_for_program(program=target, learner=learner)
        completed = {entry.page.translation_key for entry in entries} | set(
            Enrolment.objects.filter(
                learner=learner, status=Enrolment.Status.COMPLETED
            ).values_list("course_key", flat=True)
        )
        pending = [entry.page for entry in entries if entry.enrolment is None]
    else:
        if enrolment_get_for(learner=learner, course=target) is not None:
            return []
        pending, completed = [target], None
    requirements = course_requirements_for(
        courses=pending, learner=learner, completed=completed
    )
    blockers = []
    for course in pending:
        blocker = enrolment_blocker(
            course=course, learner=learner, requirements=requirements[course.pk]
        )
        if blocker is not None:
            blockers.append(CourseBlocker(course=course, blocker=blocker))
    return blockers


# Pages' context
# ------------------------------------------------------------------------------


def enrolment_get_for(*, learner, course: Page) -> Enrolment | None:
    """The learner's enrolment in a course (any translation of it), if any."""
    if not learner.is_authenticated:
        return None
    return Enrolment.objects.filter(
        learner=learner, course_key=course.translation_key
    ).first()


def course_page_context(*, course: CoursePage, learner) -> dict:
    """Context of the course page: syllabus, requirements, the learner's progress."""
    enrolment = enrolment_get_for(learner=learner, course=course)
    outline = course_outline(course=course, enrolment=enrolment)
    requirements = course_requirements(course=course, learner=learner)
    return {
        "outline": outline,
        "enrolment": enrolment,
        "requirements": requirements,
        "requirements_unmet": [r for r in requirements if not r.met],
        "continue_item": outline.continue_item() if enrolment else None,
        "program_next": program_next_course(
            course=course, learner=learner, enrolment=enrolment
        ),
    }


def course_of_item(*, item: Page) -> CoursePage:
    """The course an item belongs to (one query)."""
    return (
        CoursePage.objects.filter(path=item.path[: -CoursePage.steplen])
        .select_related("locale")
        .get()
    )


def course_item_context(
    *,
    item: CourseItemPage,
    learner,
    course: CoursePage | None = None,
    enrolment: Enrolment | None = None,
) -> dict:
    """Context shared by every item page: the course, its outline, previous and next.
    `course` and `enrolment`, when the caller already has them, save two queries."""
    if course is None:
        course = course_of_item(item=item)
        enrolment = enrolment_get_for(learner=learner, course=course)
    outline = course_outline(course=course, enrolment=enrolment)
    previous, following = outline.neighbours(item.translation_key)
    index = outline.index_of(item.translation_key)
    current = outline.items[index] if index is not None else None
    return {
        "course": course,
        "enrolment": enrolment,
        "outline": outline,
        "current_item": current,
        "previous_item": previous,
        "next_item": following,
    }


# Catalog and programs
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class ProgramEntry:
    page: ProgramPage
    in_other_language: bool
    course_count: int


def program_list_for_catalog(*, catalog: CatalogPage) -> list[ProgramEntry]:
    """Programs of the catalog in its language, plus those not translated yet (shown in
    the default language). A program's course count includes its courses not yet
    translated, as its page lists them."""
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
            .filter(_children_q(counted))
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


def course_list_for_program(*, program: ProgramPage, learner) -> list[CourseEntry]:
    """Courses of a program with the learner's enrolment in each, in the canonical
    order; a course not translated into the program's language is listed in the
    default language (as the catalog does with programs)."""
    canonical = page_canonical(page=program)
    pages = list(
        CoursePage.objects.live()
        .filter(_children_q({program, canonical}))
        .select_related("locale")
    )
    own = {p.translation_key: p for p in pages if p.locale_id == program.locale_id}
    ordered = sorted(
        (p for p in pages if p.locale_id == canonical.locale_id), key=lambda p: p.path
    )
    if canonical.pk == program.pk:
        courses = [(p, False) for p in ordered]
    else:
        keys = [p.translation_key for p in ordered]
        courses = [
            (own.get(p.translation_key, p), p.translation_key not in own)
            for p in ordered
        ]
        courses += [(p, False) for key, p in own.items() if key not in keys]
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


# My learning
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class LearningEntry:
    """One course as the learner sees it in "My learning"."""

    key: uuid.UUID
    page: CoursePage | None
    enrolment: Enrolment | None
    required_total: int = 0
    required_done: int = 0
    continue_page: Page | None = None
    due_date: datetime.date | None = None
    blocker: Blocker | None = None  # why the learner cannot enrol yet (not enrolled)

    @property
    def percent(self) -> int:
        if self.enrolment and self.enrolment.status == Enrolment.Status.COMPLETED:
            return 100
        if not self.required_total:
            return 0
        return round(100 * self.required_done / self.required_total)

    @property
    def is_completed(self) -> bool:
        return bool(
            self.enrolment and self.enrolment.status == Enrolment.Status.COMPLETED
        )

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and not self.is_completed
            and self.due_date < timezone.localdate()
        )


@dataclasses.dataclass
class AssignedEntry:
    """An assignment: one course, or a program with its courses."""

    assignment: Assignment
    program: ProgramPage | None
    courses: list[LearningEntry]

    @property
    def due_date(self):
        return self.assignment.due_date

    @property
    def is_completed(self) -> bool:
        return bool(self.courses) and all(c.is_completed for c in self.courses)

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and not self.is_completed
            and self.due_date < timezone.localdate()
        )


@dataclasses.dataclass
class MyLearning:
    assigned: list[AssignedEntry]
    in_progress: list[LearningEntry]
    completed: list[LearningEntry]
    completed_assignments: list[AssignedEntry]

    @property
    def is_empty(self) -> bool:
        return not (self.assigned or self.in_progress or self.completed)


def my_learning(*, learner) -> MyLearning:
    """Assigned (with due dates), in-progress and completed learning of one learner."""
    language = active_language()
    enrolments = {e.course_key: e for e in Enrolment.objects.filter(learner=learner)}
    assignments = list(
        Assignment.objects.filter(learner=learner).order_by("due_date", "pk")
    )

    program_keys = [
        a.target_key
        for a in assignments
        if a.target_kind == Assignment.TargetKind.PROGRAM
    ]
    programs: dict[uuid.UUID, ProgramPage] = {}
    program_course_keys: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if program_keys:
        program_pages = list(
            ProgramPage.objects.live()
            .filter(translation_key__in=program_keys)
            .select_related("locale")
        )
        programs = localized_pick(program_pages, language)
        canonical_programs = [
            p for p in program_pages if p.locale.language_code == DEFAULT_LANGUAGE
        ] or program_pages
        by_path = {p.path: p.translation_key for p in canonical_programs}
        for path, key in (
            CoursePage.objects.live()
            .filter(_children_q(canonical_programs))
            .order_by("path")
            .values_list("path", "translation_key")
        ):
            program_key = by_path.get(path[: -CoursePage.steplen])
            if program_key and key not in program_course_keys[program_key]:
                program_course_keys[program_key].append(key)

    course_keys = set(enrolments) | {
        a.target_key
        for a in assignments
        if a.target_kind == Assignment.TargetKind.COURSE
    }
    for keys in program_course_keys.values():
        course_keys.update(keys)

    course_pages = (
        list(
            CoursePage.objects.live()
            .filter(translation_key__in=course_keys)
            .select_related("locale")
        )
        if course_keys
        else []
    )
    shown = localized_pick(course_pages, language)
    canonical = localized_pick(course_pages, DEFAULT_LANGUAGE)

    # Items in order and required items per course (canonical versions), in one query.
    items: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    required: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    course_by_path = {c.path: key for key, c in canonical.items()}
    if canonical:
        for path, key, is_required in (
            CourseItemPage.objects.live()
            .filter(_children_q(canonical.values()))
            .order_by("path")
            .values_list("path", "translation_key", "required")
        ):
            course_key = course_by_path.get(path[: -CourseItemPage.steplen])
            if course_key:
                items[course_key].append(key)
                if is_required:
                    required[course_key].add(key)

    done: dict[int, set[uuid.UUID]] = defaultdict(set)
    if enrolments:
        for enrolment_id, item_key in ItemProgress.objects.filter(
            enrolment__learner=learner
        ).values_list("enrolment_id", "item_key"):
            done[enrolment_id].add(item_key)

    # Where to continue (the course page's rule), in the learner's language.
    continue_keys = {
        e.pk: continue_key(keys=items[key], done=done[e.pk], last=e.last_item_key)
        for key, e in enrolments.items()
        if e.last_item_key and e.status == Enrolment.Status.ACTIVE
    }
    wanted = {key for key in continue_keys.values() if key}
    continue_pages = (
        localized_pick(
            CourseItemPage.objects.live()
            .filter(translation_key__in=wanted)
            .select_related("locale"),
            language,
        )
        if wanted
        else {}
    )

    # Assigned courses not started: what keeps the learner from starting each (the
    # enrolment rule), so that every one shows either Start or what is missing.
    assigned_keys = {
        key
        for a in assignments
        for key in (
            program_course_keys.get(a.target_key, [])
            if a.target_kind == Assignment.TargetKind.PROGRAM
            else [a.target_key]
        )
    }
    not_started = [
        shown[key] for key in assigned_keys if key in shown and key not in enrolments
    ]
    requirements = course_requirements_for(
        courses=not_started,
        learner=learner,
        completed={
            key
            for key, e in enrolments.items()
            if e.status == Enrolment.Status.COMPLETED
        },
    )
    blockers = {
        page.translation_key: enrolment_blocker(
            course=page, learner=learner, requirements=requirements[page.pk]
        )
        for page in not_started
    }

    def entry(key: uuid.UUID, due_date=None) -> LearningEntry:
        enrolment = enrolments.get(key)
        keys = required.get(key, set())
        return LearningEntry(
            key=key,
            page=shown.get(key),
            enrolment=enrolment,
            required_total=len(keys),
            required_done=len(keys & done[enrolment.pk]) if enrolment else 0,
            continue_page=continue_pages.get(continue_keys.get(enrolment.pk))
            if enrolment
            else None,
            due_date=due_date,
            blocker=blockers.get(key),
        )

    assigned: list[AssignedEntry] = []
    completed_assignments: list[AssignedEntry] = []
    covered: set[uuid.UUID] = set()
    for assignment in assignments:
        if assignment.target_kind == Assignment.TargetKind.PROGRAM:
            keys = program_course_keys.get(assignment.target_key, [])
            program = programs.get(assignment.target_key)
            if program is None:
                continue
        else:
            keys = [assignment.target_key]
            program = None
            if assignment.target_key not in shown:
                continue
        item = AssignedEntry(
            assignment=assignment,
            program=program,
            courses=[entry(k, assignment.due_date) for k in keys if k in shown],
        )
        covered.update(keys)
        (completed_assignments if item.is_completed else assigned).append(item)

    in_progress = [
        entry(key)
        for key, e in enrolments.items()
        if e.status == Enrolment.Status.ACTIVE and key not in covered and key in shown
    ]
    completed = sorted(
        (
            entry(key)
            for key, e in enrolments.items()
            if e.status == Enrolment.Status.COMPLETED and key in shown
        ),
        key=lambda item: item.enrolment.completed_at,
        reverse=True,
    )
    assigned.sort(key=lambda a: (a.due_date is None, a.due_date or datetime.date.max))
    return MyLearning(
        assigned=assigned,
        in_progress=in_progress,
        completed=completed,
        completed_assignments=completed_assignments,
    )


# Records seen by admins (scoped)
# ------------------------------------------------------------------------------


def enrolment_list_visible(*, viewer) -> QuerySet[Enrolment]:
    """Enrolments `viewer` may see: their own, their region's, or all (people's rule)."""
    return Enrolment.objects.filter(learner_scope_q(viewer=viewer, field="learner"))


def enrolment_get_visible(*, viewer, pk: int) -> Enrolment:
    """One enrolment `viewer` may see; raises Enrolment.DoesNotExist otherwise."""
    return enrolment_list_visible(viewer=viewer).select_related("learner").get(pk=pk)


def course_page_for_key(*, key: uuid.UUID) -> CoursePage | None:
    """The live course with this translation_key, in the active language if translated."""
    pages = localized_pick(
        CoursePage.objects.live().filter(translation_key=key).select_related("locale"),
        active_language(),
    )
    return pages.get(key)


def program_completed_keys(*, learner) -> set[uuid.UUID]:
    return set(
        ProgramCompletion.objects.filter(learner=learner).values_list(
            "program_key", flat=True
        )
    )


def program_course_keys(*, program: ProgramPage) -> list[uuid.UUID]:
    """translation_keys of the live courses of a program (canonical version)."""
    canonical = page_canonical(page=program)
    return list(
        CoursePage.objects.child_of(canonical)
        .live()
        .values_list("translation_key", flat=True)
    )


def assignment_reminders_due() -> list[int]:
    """Ids of assignments whose due date is near (or past) and that were not reminded."""
    horizon = timezone.localdate() + datetime.timedelta(
        days=settings.LMS_ASSIGNMENT_REMINDER_DAYS
    )
    return list(
        Assignment.objects.filter(
            due_date__isnull=False,
            due_date__lte=horizon,
            reminded_at__isnull=True,
            learner__is_active=True,
        ).values_list("pk", flat=True)
    )


def assignment_course_keys(*, assignment: Assignment) -> list[uuid.UUID]:
    """The courses an assignment covers (one course, or a program's courses)."""
    if assignment.target_kind == Assignment.TargetKind.COURSE:
        return [assignment.target_key]
    program = (
        ProgramPage.objects.live().filter(translation_key=assignment.target_key).first()
    )
    return program_course_keys(program=program) if program else []


def assignment_is_completed(*, assignment: Assignment) -> bool:
    """Whether every course an assignment covers is completed by its learner."""
    keys = assignment_course_keys(assignment=assignment)
    if not keys:
        return False
    completed = Enrolment.objects.filter(
        learner_id=assignment.learner_id,
        course_key__in=keys,
        status=Enrolment.Status.COMPLETED,
    ).count()
    return completed == len(set(keys))


def assignment_target_page(*, assignment: Assignment) -> Page | None:
    """The course or program page an assignment points to, in the active language."""
    model = (
        CoursePage
        if assignment.target_kind == Assignment.TargetKind.COURSE
        else ProgramPage
    )
    pages = localized_pick(
        model.objects.live()
        .filter(translation_key=assignment.target_key)
        .select_related("locale"),
        active_language(),
    )
    return pages.get(assignment.target_key)


def item_progress_get(
    *, enrolment: Enrolment, item_key: uuid.UUID
) -> ItemProgress | None:
    """The record of one item done within an enrolment (when, e.g. an
    acknowledgement was signed), or None when it is not done."""
    return ItemProgress.objects.filter(enrolment=enrolment, item_key=item_key).first()
