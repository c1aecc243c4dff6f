"""My learning: a learner's assigned (with due dates), in-progress and completed
learning, in a fixed number of queries whatever its size.

`my_learning` reads in named steps (each a `_..._gather` function doing one read),
then derives the entries from what it gathered (`_..._entries`, no query).
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections import defaultdict

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page

from core.i18n import DEFAULT_LANGUAGE, active_language, localized_pick
from core.pagecache import content_cached

from ..models import (
    Assignment,
    CourseItemPage,
    CoursePage,
    Enrolment,
    ProgramPage,
)
from .catalog import children_q
from .enrolment import (
    Blocker,
    course_requirements_for,
    enrolment_blocker,
    enrolments_with_progress,
)
from .outline import continue_key


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


# The learner's learning stamp: changed whenever their enrolments, progress,
# assignments or program completions change (courses.services.learning_stamp_bump),
# so a rendering of their lists can be kept under it.
LEARNING_STAMP_KEY = "lms:learning-stamp:{}"


def learning_stamp(*, learner) -> str:
    """The learner's learning stamp (one cache read)."""
    key = LEARNING_STAMP_KEY.format(learner.pk)
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        stamp = cache.get(key)
    # The cache is down (core.cache answers misses): nothing may be kept under it.
    return stamp if stamp is not None else uuid.uuid4().hex


def my_learning(*, learner) -> MyLearning:
    """Assigned (with due dates), in-progress and completed learning of one learner."""
    language = active_language()
    enrolments, done = _enrolments_gather(learner=learner)
    assignments = _assignments_gather(learner=learner)
    program_keys = tuple(
        a.target_key
        for a in assignments
        if a.target_kind == Assignment.TargetKind.PROGRAM
    )
    programs, program_courses = content_cached(
        ("my-programs", program_keys, language),
        lambda: _programs_gather(program_keys=program_keys, language=language),
    )
    # Published content: memoized under the content version (core.pagecache).
    keys = frozenset(
        _course_keys(
            enrolments=enrolments,
            assignments=assignments,
            program_courses=program_courses,
        )
    )
    shown, canonical = content_cached(
        ("my-course-pages", keys, language),
        lambda: _course_pages_gather(keys=keys, language=language),
    )
    items, required = content_cached(
        ("my-course-items", keys), lambda: _course_items_gather(canonical=canonical)
    )
    learning = _Learning(
        enrolments=enrolments,
        shown=shown,
        required=required,
        done=done,
        continue_pages=_continue_pages_gather(
            enrolments=enrolments, items=items, done=done, language=language
        ),
        blockers=_blockers_gather(
            learner=learner,
            enrolments=enrolments,
            assigned_keys=_assigned_course_keys(
                assignments=assignments, program_courses=program_courses
            ),
            shown=shown,
        ),
    )
    assigned, completed_assignments, covered = _assigned_entries(
        learning=learning,
        assignments=assignments,
        programs=programs,
        program_courses=program_courses,
    )
    return MyLearning(
        assigned=assigned,
        in_progress=_in_progress_entries(learning=learning, covered=covered),
        completed=_completed_entries(learning=learning),
        completed_assignments=completed_assignments,
    )


# Steps that read (one query each, at most)
# ------------------------------------------------------------------------------


def _enrolments_gather(
    *, learner
) -> tuple[dict[uuid.UUID, Enrolment], dict[int, set[uuid.UUID]]]:
    """The learner's enrolments by course translation_key, newest first, and the
    items done by enrolment id (one query)."""
    return enrolments_with_progress(
        Enrolment.objects.filter(learner=learner).order_by("-created_at", "pk")
    )


def _assignments_gather(*, learner) -> list[Assignment]:
    """The learner's assignments still required, soonest due first (one no longer
    required, withdrawn_at, is not shown as assigned: its courses show with the
    learner's progress under In progress and Completed like any other)."""
    return list(
        Assignment.objects.filter(learner=learner, withdrawn_at__isnull=True).order_by(
            "due_date", "pk"
        )
    )


def _programs_gather(
    *, program_keys: tuple[uuid.UUID, ...], language: str
) -> tuple[dict[uuid.UUID, ProgramPage], dict[uuid.UUID, list[uuid.UUID]]]:
    """The assigned programs, in `language` where translated, and the translation_keys
    of each one's courses in the canonical order (two queries; none without any;
    published content, memoized by the caller)."""
    programs: dict[uuid.UUID, ProgramPage] = {}
    program_courses: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if not program_keys:
        return programs, program_courses
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
        .filter(children_q(canonical_programs))
        .order_by("path")
        .values_list("path", "translation_key")
    ):
        program_key = by_path.get(path[: -CoursePage.steplen])
        if program_key and key not in program_courses[program_key]:
            program_courses[program_key].append(key)
    return programs, program_courses


def _course_keys(
    *,
    enrolments: dict[uuid.UUID, Enrolment],
    assignments: list[Assignment],
    program_courses: dict[uuid.UUID, list[uuid.UUID]],
) -> set[uuid.UUID]:
    """Every course the page may show: enrolled, assigned, or in an assigned program."""
    keys = set(enrolments) | {
        a.target_key
        for a in assignments
        if a.target_kind == Assignment.TargetKind.COURSE
    }
    for course_keys in program_courses.values():
        keys.update(course_keys)
    return keys


def _course_pages_gather(
    *, keys: set[uuid.UUID], language: str
) -> tuple[dict[uuid.UUID, CoursePage], dict[uuid.UUID, CoursePage]]:
    """The live courses with these translation_keys, as shown (in `language` where
    translated) and canonical (whose items define completion), in one query."""
    course_pages = (
        list(
            CoursePage.objects.live()
            .filter(translation_key__in=keys)
            .select_related("locale")
        )
        if keys
        else []
    )
    return (
        localized_pick(course_pages, language),
        localized_pick(course_pages, DEFAULT_LANGUAGE),
    )


def _course_items_gather(
    *, canonical: dict[uuid.UUID, CoursePage]
) -> tuple[dict[uuid.UUID, list[uuid.UUID]], dict[uuid.UUID, set[uuid.UUID]]]:
    """Items in order and required items per course (canonical versions), in one
    query."""
    items: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    required: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    course_by_path = {c.path: key for key, c in canonical.items()}
    if canonical:
        for path, key, is_required in (
            CourseItemPage.objects.live()
            .filter(children_q(canonical.values()))
            .order_by("path")
            .values_list("path", "translation_key", "required")
        ):
            course_key = course_by_path.get(path[: -CourseItemPage.steplen])
            if course_key:
                items[course_key].append(key)
                if is_required:
                    required[course_key].add(key)
    return items, required


def _continue_pages_gather(
    *,
    enrolments: dict[uuid.UUID, Enrolment],
    items: dict[uuid.UUID, list[uuid.UUID]],
    done: dict[int, set[uuid.UUID]],
    language: str,
) -> dict[int, Page]:
    """Where to continue each course in progress (the course page's rule,
    continue_key), in `language` where translated, by enrolment id."""
    continue_keys = {
        e.pk: continue_key(keys=items[key], done=done[e.pk], last=e.last_item_key)
        for key, e in enrolments.items()
        if e.last_item_key and e.status == Enrolment.Status.ACTIVE
    }
    wanted = frozenset(key for key in continue_keys.values() if key)
    pages = (
        content_cached(
            ("my-continue-pages", wanted, language),
            lambda: localized_pick(
                CourseItemPage.objects.live()
                .filter(translation_key__in=wanted)
                .select_related("locale"),
                language,
            ),
        )
        if wanted
        else {}
    )
    return {
        enrolment_id: pages[key]
        for enrolment_id, key in continue_keys.items()
        if key in pages
    }


def _assigned_course_keys(
    *,
    assignments: list[Assignment],
    program_courses: dict[uuid.UUID, list[uuid.UUID]],
) -> set[uuid.UUID]:
    """The courses the learner's assignments cover (a program's: all of them)."""
    return {
        key
        for a in assignments
        for key in (
            program_courses.get(a.target_key, [])
            if a.target_kind == Assignment.TargetKind.PROGRAM
            else [a.target_key]
        )
    }


def _blockers_gather(
    *,
    learner,
    enrolments: dict[uuid.UUID, Enrolment],
    assigned_keys: set[uuid.UUID],
    shown: dict[uuid.UUID, CoursePage],
) -> dict[uuid.UUID, Blocker | None]:
    """Assigned courses not started: what keeps the learner from starting each (the
    enrolment rule), so that every one shows either Start or what is missing."""
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
    return {
        page.translation_key: enrolment_blocker(
            course=page, learner=learner, requirements=requirements[page.pk]
        )
        for page in not_started
    }


# Steps that derive the entries (no query)
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class _Learning:
    """What the entries are made of, as gathered above."""

    enrolments: dict[uuid.UUID, Enrolment]
    shown: dict[uuid.UUID, CoursePage]
    required: dict[uuid.UUID, set[uuid.UUID]]
    done: dict[int, set[uuid.UUID]]
    continue_pages: dict[int, Page]
    blockers: dict[uuid.UUID, Blocker | None]

    def entry(
        self, key: uuid.UUID, due_date: datetime.date | None = None
    ) -> LearningEntry:
        """One course, with the learner's progress in it (if enrolled)."""
        enrolment = self.enrolments.get(key)
        keys = self.required.get(key, set())
        return LearningEntry(
            key=key,
            page=self.shown.get(key),
            enrolment=enrolment,
            required_total=len(keys),
            required_done=len(keys & self.done[enrolment.pk]) if enrolment else 0,
            continue_page=self.continue_pages.get(enrolment.pk) if enrolment else None,
            due_date=due_date,
            blocker=self.blockers.get(key),
        )


def _assigned_entries(
    *,
    learning: _Learning,
    assignments: list[Assignment],
    programs: dict[uuid.UUID, ProgramPage],
    program_courses: dict[uuid.UUID, list[uuid.UUID]],
) -> tuple[list[AssignedEntry], list[AssignedEntry], set[uuid.UUID]]:
    """(assigned, overdue first, then soonest due; completed assignments; the courses
    they cover)
    for the assignments whose course or program is live."""
    assigned: list[AssignedEntry] = []
    completed_assignments: list[AssignedEntry] = []
    covered: set[uuid.UUID] = set()
    for assignment in assignments:
        if assignment.target_kind == Assignment.TargetKind.PROGRAM:
            keys = program_courses.get(assignment.target_key, [])
            program = programs.get(assignment.target_key)
            if program is None:
                continue
        else:
            keys = [assignment.target_key]
            program = None
            if assignment.target_key not in learning.shown:
                continue
        item = AssignedEntry(
            assignment=assignment,
            program=program,
            courses=[
                learning.entry(k, assignment.due_date)
                for k in keys
                if k in learning.shown
            ],
        )
        covered.update(keys)
        (completed_assignments if item.is_completed else assigned).append(item)
    assigned.sort(
        key=lambda a: (
            not a.is_overdue,
            a.due_date is None,
            a.due_date or datetime.date.max,
        )
    )
    return assigned, completed_assignments, covered


def _in_progress_entries(
    *, learning: _Learning, covered: set[uuid.UUID]
) -> list[LearningEntry]:
    """Courses in progress that no assignment covers."""
    return [
        learning.entry(key)
        for key, e in learning.enrolments.items()
        if e.status == Enrolment.Status.ACTIVE
        and key not in covered
        and key in learning.shown
    ]


def _completed_entries(*, learning: _Learning) -> list[LearningEntry]:
    """Completed courses, the latest first."""
    return sorted(
        (
            learning.entry(key)
            for key, e in learning.enrolments.items()
            if e.status == Enrolment.Status.COMPLETED and key in learning.shown
        ),
        key=lambda item: item.enrolment.completed_at,
        reverse=True,
    )
