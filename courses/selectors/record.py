"""A learner's learning as their record (transcript) shows it: every assignment with
its status, every enrolment with its items and when each was done, and their
acknowledgements of the Standard. Six queries, whatever the numbers of assignments,
enrolments, items or acknowledgements (five when the learner has none of the first
two); no memo of published content, so the count is the same on every request."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.i18n import DEFAULT_LANGUAGE, active_language, localized_pick

from ..models import (
    Assignment,
    Enrolment,
    ProgramCompletion,
    StandardAcknowledgement,
    StandardVersion,
)
from .catalog import children_q


class AssignmentStatus:
    """Where an assignment stands: completed (its course or program), withdrawn (no
    longer required), overdue (past its due date), in progress (begun) or not
    started. Completion wins: what was done stays done once withdrawn or late."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"
    WITHDRAWN = "withdrawn"

    LABELS = {
        COMPLETED: _("Completed"),
        IN_PROGRESS: _("In progress"),
        NOT_STARTED: _("Not started"),
        OVERDUE: _("Overdue"),
        WITHDRAWN: _("No longer required"),
    }


@dataclasses.dataclass
class AssignmentRecord:
    """One assignment (course or program) as the record lists it."""

    assignment: Assignment
    title: str
    status: str
    completed_at: datetime.datetime | None = None

    @property
    def status_label(self) -> str:
        return str(AssignmentStatus.LABELS[self.status])


@dataclasses.dataclass
class ItemRecord:
    """One live item of an enrolled course, and when the learner did it."""

    key: uuid.UUID
    title: str
    required: bool
    done_at: datetime.datetime | None = None


@dataclasses.dataclass
class EnrolmentRecord:
    """One enrolment: the course, its items in order and the share done."""

    enrolment: Enrolment
    title: str
    items: list[ItemRecord]

    @property
    def is_completed(self) -> bool:
        return self.enrolment.status == Enrolment.Status.COMPLETED

    @property
    def required_total(self) -> int:
        return sum(1 for item in self.items if item.required)

    @property
    def required_done(self) -> int:
        return sum(1 for item in self.items if item.required and item.done_at)

    @property
    def percent(self) -> int:
        """Required items done, in per cent (100 once completed: My learning's rule)."""
        if self.is_completed:
            return 100
        total = self.required_total
        return round(100 * self.required_done / total) if total else 0


@dataclasses.dataclass
class AcknowledgementRecord:
    """One acknowledgement of a version of the Standard."""

    acknowledgement: StandardAcknowledgement
    title: str
    version: int
    latest_version: int

    @property
    def is_current(self) -> bool:
        return self.version >= self.latest_version


@dataclasses.dataclass
class LearningRecord:
    assignments: list[AssignmentRecord]
    enrolments: list[EnrolmentRecord]
    acknowledgements: list[AcknowledgementRecord]


def learning_record(*, learner) -> LearningRecord:
    """A learner's assignments (all of them, withdrawn ones included, the latest
    first), enrolments (the latest first, with their live items in the course's
    order, titled in the active language) and acknowledgements of the Standard."""
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.filter(learner=learner).order_by("-created_at", "-pk")
    )
    enrolments, done = _enrolments_gather(learner=learner)
    programs_done = dict(
        ProgramCompletion.objects.filter(learner=learner).values_list(
            "program_key", "completed_at"
        )
    )
    keys = {a.target_key for a in assignments} | set(enrolments)
    pages = (
        list(Page.objects.filter(translation_key__in=keys).select_related("locale"))
        if keys
        else []
    )
    shown = localized_pick(pages, active_language())
    canonical = localized_pick(pages, DEFAULT_LANGUAGE)
    children = _children_gather(shown=shown, canonical=canonical)
    return LearningRecord(
        assignments=[
            _assignment_record(
                assignment,
                title=shown[assignment.target_key].title
                if assignment.target_key in shown
                else "",
                enrolments=enrolments,
                program_courses=children.get(assignment.target_key, []),
                programs_done=programs_done,
                today=today,
            )
            for assignment in assignments
        ],
        enrolments=[
            EnrolmentRecord(
                enrolment=enrolment,
                title=shown[key].title if key in shown else "",
                items=[
                    dataclasses.replace(item, done_at=done[enrolment.pk].get(item.key))
                    for item in children.get(key, [])
                ],
            )
            for key, enrolment in enrolments.items()
        ],
        acknowledgements=_acknowledgements_gather(learner=learner),
    )


def _enrolments_gather(
    *, learner
) -> tuple[dict[uuid.UUID, Enrolment], dict[int, dict[uuid.UUID, datetime.datetime]]]:
    """The learner's enrolments by course key, the latest first, and when each item
    was done, by enrolment id (one query: a left join, a row per item done)."""
    fields = [f.attname for f in Enrolment._meta.concrete_fields]
    by_course: dict[uuid.UUID, Enrolment] = {}
    done: dict[int, dict[uuid.UUID, datetime.datetime]] = defaultdict(dict)
    rows = (
        Enrolment.objects.filter(learner=learner)
        .order_by("-created_at", "-pk")
        .values_list(*fields, "item_progress__item_key", "item_progress__completed_at")
    )
    for row in rows:
        enrolment = Enrolment.from_db("default", fields, row[:-2])
        enrolment = by_course.setdefault(enrolment.course_key, enrolment)
        if row[-2] is not None:
            done[enrolment.pk][row[-2]] = row[-1]
    return by_course, done


def _children_gather(
    *, shown: dict[uuid.UUID, Page], canonical: dict[uuid.UUID, Page]
) -> dict[uuid.UUID, list[ItemRecord]]:
    """The live children of the courses and programs, by parent key, in the order of
    the canonical version (whose items define completion), titled in the shown
    version's language where translated (one query: a course's items carry
    `required`; a program's courses do not)."""
    parents = {page.pk: page for page in [*shown.values(), *canonical.values()]}
    if not parents:
        return {}
    by_path = {page.path: page for page in parents.values()}
    rows = (
        Page.objects.live()
        .filter(children_q(parents.values()))
        .order_by("path")
        .values_list("path", "translation_key", "title", "courseitempage__required")
    )
    titles: dict[tuple[int, uuid.UUID], str] = {}
    children: dict[uuid.UUID, list[ItemRecord]] = defaultdict(list)
    for path, key, title, required in rows:
        parent = by_path.get(path[: -Page.steplen])
        if parent is None:
            continue
        titles[(parent.pk, key)] = title
        if canonical.get(parent.translation_key) is parent:
            children[parent.translation_key].append(
                ItemRecord(key=key, title=title, required=bool(required))
            )
    for parent_key, items in children.items():
        page = shown.get(parent_key)
        for item in items:
            if page is not None:
                item.title = titles.get((page.pk, item.key), item.title)
    return children


def _assignment_record(
    assignment: Assignment,
    *,
    title: str,
    enrolments: dict[uuid.UUID, Enrolment],
    program_courses: list[ItemRecord],
    programs_done: dict[uuid.UUID, datetime.datetime],
    today: datetime.date,
) -> AssignmentRecord:
    if assignment.target_kind == Assignment.TargetKind.PROGRAM:
        completed_at = programs_done.get(assignment.target_key)
        started = any(course.key in enrolments for course in program_courses)
    else:
        enrolment = enrolments.get(assignment.target_key)
        completed_at = enrolment.completed_at if enrolment else None
        started = enrolment is not None
    if completed_at is not None:
        status = AssignmentStatus.COMPLETED
    elif assignment.withdrawn_at is not None:
        status = AssignmentStatus.WITHDRAWN
    elif assignment.due_date is not None and assignment.due_date < today:
        status = AssignmentStatus.OVERDUE
    elif started:
        status = AssignmentStatus.IN_PROGRESS
    else:
        status = AssignmentStatus.NOT_STARTED
    return AssignmentRecord(
        assignment=assignment, title=title, status=status, completed_at=completed_at
    )


def _acknowledgements_gather(*, learner) -> list[AcknowledgementRecord]:
    """The learner's acknowledgements of the Standard, the latest first, each with
    the latest version of its Standard (one query)."""
    latest = (
        StandardVersion.objects.filter(page=OuterRef("version__page"))
        .order_by("-number")
        .values("number")[:1]
    )
    rows = (
        StandardAcknowledgement.objects.filter(user=learner)
        .select_related("version__page")
        .annotate(latest_number=Subquery(latest))
        .order_by("-acknowledged_at", "-pk")
    )
    return [
        AcknowledgementRecord(
            acknowledgement=row,
            title=row.version.page.title,
            version=row.version.number,
            latest_version=row.latest_number or row.version.number,
        )
        for row in rows
    ]
