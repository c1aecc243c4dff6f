"""State changes for learning: enrol, complete an item, assign."""

from __future__ import annotations

import datetime
import logging
import uuid

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.audit import audit_log
from core.outbox import enqueue_durably
from people.models import User
from people.selectors import learner_scope_q

from .. import selectors
from ..models import (
    Assignment,
    AssignmentRule,
    CourseItemPage,
    CoursePage,
    Enrolment,
    ItemProgress,
    ProgramCompletion,
    ProgramPage,
)
from ..selectors.my_learning import LEARNING_STAMP_KEY
from ..signals import course_completed, program_completed
from ..tasks import assignment_notify as assignment_notify_task
from ..tasks import course_completed_notify as course_completed_notify_task

logger = logging.getLogger(__name__)

# The refusals of enrolment live with the rule (selectors.enrolment_blocker).
MSG_COURSE_NOT_LIVE = selectors.MSG_COURSE_NOT_LIVE
MSG_REQUIREMENTS = selectors.MSG_REQUIREMENTS
MSG_BIRTH_DATE_MISSING = selectors.MSG_BIRTH_DATE_MISSING
MSG_NOT_ENROLLED = _("Enrol in the course first.")
MSG_ITEM_NOT_IN_COURSE = _("This item does not belong to the course.")
MSG_ASSIGN_FORBIDDEN = _("You may not assign learning to this person.")
MSG_ASSIGN_TARGET = _("Only a course or a program can be assigned.")
MSG_ASSIGN_UNMET = _(
    "This person cannot start it yet. Nothing was assigned: confirm to assign it "
    "anyway."
)


# Enrolment
# ------------------------------------------------------------------------------


def enrolment_create(*, learner: User, course: CoursePage) -> Enrolment:
    """Enrol a learner in a course (any translation of it).

    A second call returns the existing enrolment and changes nothing. Refused, with a
    message naming exactly what is missing, when a prerequisite course is not completed
    or the learner is under the course's minimum age.
    """
    existing = selectors.enrolment_get_for(learner=learner, course=course)
    if existing is not None:
        return existing
    blocker = selectors.enrolment_blocker(course=course, learner=learner)
    if blocker is not None:
        raise ValidationError(blocker.message, code=blocker.code)
    try:
        with transaction.atomic():
            enrolment = Enrolment(learner=learner, course_key=course.translation_key)
            enrolment.full_clean(validate_constraints=False)
            enrolment.save()
    except IntegrityError:
        # A concurrent request (a double click) enrolled first: that one stands.
        return Enrolment.objects.get(learner=learner, course_key=course.translation_key)
    return enrolment


def learning_stamp_bump(*, learner_id: int) -> None:
    """The learner's enrolments, progress, assignments or program completions changed:
    change their learning stamp (selectors.learning_stamp) now and when the
    transaction commits (a request between the two would keep what it read before)."""
    key = LEARNING_STAMP_KEY.format(learner_id)

    def bump() -> None:
        cache.set(key, uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def enrolment_item_visit(*, enrolment: Enrolment, item: Page) -> None:
    """Remember the item a learner opened last, for "continue where you left off".
    Opening the same item again writes nothing (no query: the enrolment says so)."""
    if enrolment.last_item_key == item.translation_key:
        return
    Enrolment.objects.filter(pk=enrolment.pk).exclude(
        last_item_key=item.translation_key
    ).update(last_item_key=item.translation_key, last_activity_at=timezone.now())
    enrolment.last_item_key = item.translation_key
    learning_stamp_bump(learner_id=enrolment.learner_id)


@transaction.atomic
def item_complete(*, enrolment: Enrolment, item: CourseItemPage) -> ItemProgress:
    """Record that an item is done for an enrolment (idempotent), then complete the
    course when every required item is done. Every item type calls this."""
    course = selectors.course_of_item(item=item)
    if course.translation_key != enrolment.course_key:
        raise ValidationError(MSG_ITEM_NOT_IN_COURSE, code="not_in_course")
    progress, created = ItemProgress.objects.get_or_create(
        enrolment=enrolment,
        item_key=item.translation_key,
        defaults={"completed_at": timezone.now()},
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_item_key=item.translation_key, last_activity_at=timezone.now()
    )
    learning_stamp_bump(learner_id=enrolment.learner_id)
    if created:
        enrolment_completion_evaluate(enrolment=enrolment, course=course)
    return progress


@transaction.atomic
def enrolment_completion_evaluate(
    *, enrolment: Enrolment, course: CoursePage | None = None
) -> bool:
    """Mark the enrolment completed if all required items are done (once: the status
    change is a conditional update, so concurrent calls complete it exactly once).
    Returns True when this call completed it."""
    if course is None:
        course = selectors.course_page_for_key(key=enrolment.course_key)
        if course is None:
            return False
    required = selectors.course_required_item_keys(course=course)
    if not required:
        return False
    done = set(
        ItemProgress.objects.filter(
            enrolment=enrolment, item_key__in=required
        ).values_list("item_key", flat=True)
    )
    if required - done:
        return False
    now = timezone.now()
    changed = Enrolment.objects.filter(
        pk=enrolment.pk, status=Enrolment.Status.ACTIVE
    ).update(status=Enrolment.Status.COMPLETED, completed_at=now)
    if not changed:
        return False
    learning_stamp_bump(learner_id=enrolment.learner_id)
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = now
    canonical = selectors.course_canonical(course=course)
    course_completed.send(sender=Enrolment, enrolment=enrolment, course=canonical)
    enqueue_durably(course_completed_notify_task, enrolment_id=enrolment.pk)
    _program_completion_evaluate(learner=enrolment.learner, course=canonical)
    return True


def course_completion_reevaluate(*, course: CoursePage) -> int:
    """Apply the completion rule again to a course's active enrolments, after its
    items changed (an item unpublished, or made optional): learners who have done every
    item still required are completed, as if they had just finished one.
    Returns how many enrolments this call completed."""
    required = selectors.course_required_item_keys(course=course)
    if not required:
        return 0
    candidates = (
        Enrolment.objects.filter(
            course_key=course.translation_key, status=Enrolment.Status.ACTIVE
        )
        .annotate(
            required_done=Count(
                "item_progress", filter=Q(item_progress__item_key__in=required)
            )
        )
        .filter(required_done=len(required))
    )
    return sum(
        enrolment_completion_evaluate(enrolment=enrolment, course=course)
        for enrolment in candidates
    )


def _program_completion_evaluate(*, learner: User, course: CoursePage) -> None:
    program = ProgramPage.objects.parent_of(course).first()
    if program is None:
        return
    keys = selectors.program_course_keys(program=program)
    completed = set(
        Enrolment.objects.filter(
            learner=learner, course_key__in=keys, status=Enrolment.Status.COMPLETED
        ).values_list("course_key", flat=True)
    )
    if not keys or set(keys) - completed:
        return
    completion, created = ProgramCompletion.objects.get_or_create(
        learner=learner,
        program_key=program.translation_key,
        defaults={"completed_at": timezone.now()},
    )
    if created:
        program_completed.send(
            sender=ProgramCompletion, completion=completion, program=program
        )


# Assignments
# ------------------------------------------------------------------------------


def _target_kind(page: Page) -> str:
    specific_class = page.specific_class
    if specific_class is not None and issubclass(specific_class, CoursePage):
        return Assignment.TargetKind.COURSE
    if specific_class is not None and issubclass(specific_class, ProgramPage):
        return Assignment.TargetKind.PROGRAM
    raise ValidationError(MSG_ASSIGN_TARGET, code="target")


class AssignmentUnmetRequirements(ValidationError):
    """Refusal of an admin's assignment the person cannot start yet, until the admin
    confirms it; `blockers` (selectors.CourseBlocker) say what is missing where."""

    def __init__(self, blockers: list[selectors.CourseBlocker]):
        super().__init__(MSG_ASSIGN_UNMET, code="unmet")
        self.blockers = blockers


def assignment_create(
    *,
    learner: User,
    target: Page,
    due_date: datetime.date | None,
    assigned_by: User | None = None,
    rule: AssignmentRule | None = None,
    unmet_confirmed: bool = False,
) -> tuple[Assignment, bool]:
    """Assign a course or program to a learner, with a due date, and enrol them where
    the enrolment rules allow (see assignment_enrol).

    An admin may assign only within their scope and with the permission to assign; an
    admin's assignment the person cannot start (a minimum age, a required course
    missing) raises AssignmentUnmetRequirements, saving nothing, unless
    `unmet_confirmed`. An assignment by a rule is recorded all the same: the learner
    sees on My learning what is missing.
    Assigning the same thing twice changes nothing (returns the first assignment, False).
    """
    if assigned_by is not None:
        if (
            not assigned_by.has_perm("courses.add_assignment")
            or not User.objects.filter(
                learner_scope_q(viewer=assigned_by), pk=learner.pk
            ).exists()
        ):
            raise PermissionDenied(MSG_ASSIGN_FORBIDDEN)
    kind = _target_kind(target)
    target = target.specific
    existing = Assignment.objects.filter(
        learner=learner, target_key=target.translation_key
    ).first()
    if existing is not None:
        return existing, False
    if assigned_by is not None and not unmet_confirmed:
        blockers = selectors.assignment_blockers(learner=learner, target=target)
        if blockers:
            raise AssignmentUnmetRequirements(blockers)
    try:
        with transaction.atomic():
            assignment = Assignment(
                learner=learner,
                target_kind=kind,
                target_key=target.translation_key,
                due_date=due_date,
                assigned_by=assigned_by,
                rule=rule,
            )
            assignment.full_clean(validate_constraints=False)
            assignment.save()
            enrolment = assignment_enrol(learner=learner, target=target)
            if assigned_by is not None:
                audit_log(
                    assignment,
                    "courses.assign",
                    user=assigned_by,
                    region_id=learner.region_id,
                    data={
                        "learner": learner.pk,
                        "target": str(target.translation_key),
                        "enrolled": str(enrolment.course_key) if enrolment else None,
                        "unmet_confirmed": unmet_confirmed,
                    },
                )
            enqueue_durably(assignment_notify_task, assignment_id=assignment.pk)
    except IntegrityError:
        return Assignment.objects.get(
            learner=learner, target_key=target.translation_key
        ), False
    return assignment, True


def assignment_enrol(*, learner: User, target: Page) -> Enrolment | None:
    """Start assigned learning where the enrolment rules allow: enrol in an assigned
    course; for a program, in its first course (in the program's order) the learner
    has not completed and may enrol in, unless they are taking one already (one
    course at a time, as the program's order intends; the others show Start on My
    learning). Idempotent: an enrolment that exists is kept. Returns the enrolment
    the learner now has for the assignment, or None when none is allowed yet."""
    target = target.specific
    if isinstance(target, CoursePage):
        courses = [target]
    else:
        courses = []
        for entry in selectors.course_list_for_program(program=target, learner=learner):
            if entry.status == Enrolment.Status.ACTIVE:
                return entry.enrolment
            if entry.status != Enrolment.Status.COMPLETED:
                courses.append(entry.page)
    for course in courses:
        try:
            return enrolment_create(learner=learner, course=course)
        except ValidationError:
            continue  # not allowed yet: My learning says why
    return None
