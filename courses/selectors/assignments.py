"""Assigned learning: what would keep a learner from starting an assignment, the
reminders due, and whether an assignment is completed."""

from __future__ import annotations

import dataclasses
import datetime
import uuid

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from core.i18n import active_language, localized_pick

from ..models import Assignment, CoursePage, Enrolment, ProgramPage
from .catalog import course_list_for_program, program_course_keys
from .enrolment import (
    Blocker,
    course_requirements_for,
    enrolment_blocker,
    enrolment_get_for,
)


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


def assignment_reminders_due() -> list[int]:
    """Ids of assignments due within LMS_ASSIGNMENT_REMINDER_DAYS (today included),
    still required of an active person and not reminded. One overdue already gets the
    overdue reminder instead (audiences.assignment_reminders_overdue_due)."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.LMS_ASSIGNMENT_REMINDER_DAYS)
    return list(
        Assignment.objects.filter(
            due_date__gte=today,
            due_date__lte=horizon,
            reminded_at__isnull=True,
            withdrawn_at__isnull=True,
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
