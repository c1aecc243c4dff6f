"""How courses reacts to other apps' events, connected in CoursesConfig.ready(). Thin:
each reads, or hands the work to a task once the transaction commits."""

from core.outbox import enqueue_durably

from . import selectors, services
from .models import (
    Assignment,
    AssignmentNudge,
    CourseItemPage,
    CoursePage,
    Enrolment,
    ProgramCompletion,
    StandardAcknowledgement,
    StandardNotice,
)
from .tasks import assignment_rules_apply as assignment_rules_apply_task
from .tasks import course_completion_reevaluate as course_completion_reevaluate_task


def on_position_event(sender, position, **kwargs):
    """A position started, changed or ended: re-evaluate the holder's audiences."""
    user_id = position.user_id
    enqueue_durably(assignment_rules_apply_task, user_id=user_id)


def on_profile_changed(sender, user, **kwargs):
    """A profile changed (a date of birth: the minimum ages): re-evaluate the
    person's audiences."""
    user_id = user.pk
    enqueue_durably(assignment_rules_apply_task, user_id=user_id)


def on_item_published_or_unpublished(sender, instance, **kwargs):
    """An item published (perhaps made optional) or unpublished may leave learners with
    every required item done: re-apply the completion rule in the background."""
    if not isinstance(instance, CourseItemPage):
        return
    course_id = (
        CoursePage.objects.filter(path=instance.path[: -CoursePage.steplen])
        .values_list("pk", flat=True)
        .first()
    )
    if course_id is not None:
        enqueue_durably(course_completion_reevaluate_task, course_id=course_id)


def on_personal_data_export(sender, user, **kwargs):
    enrolments = list(
        Enrolment.objects.filter(learner=user).prefetch_related("item_progress")
    )
    return (
        "learning",
        {
            "enrolments": [
                {
                    "course": str(e.course_key),
                    "status": e.status,
                    "enrolled_at": e.created_at.isoformat(),
                    "completed_at": e.completed_at.isoformat()
                    if e.completed_at
                    else None,
                    "items_done": [
                        {
                            "item": str(p.item_key),
                            "completed_at": p.completed_at.isoformat(),
                        }
                        for p in e.item_progress.all()
                    ],
                }
                for e in enrolments
            ],
            "assignments": [
                {
                    "target": str(a.target_key),
                    "kind": a.target_kind,
                    "due_date": a.due_date.isoformat() if a.due_date else None,
                    "assigned_at": a.created_at.isoformat(),
                    "no_longer_required_since": a.withdrawn_at.isoformat()
                    if a.withdrawn_at
                    else None,
                }
                for a in Assignment.objects.filter(learner=user)
            ],
            "standard_acknowledged": [
                {
                    "standard": str(a.version.page.translation_key),
                    "version": a.version.number,
                    "acknowledged_at": a.acknowledged_at.isoformat(),
                }
                for a in StandardAcknowledgement.objects.filter(
                    user=user
                ).select_related("version__page")
            ],
            "programs_completed": [
                {
                    "program": str(c.program_key),
                    "completed_at": c.completed_at.isoformat(),
                }
                for c in ProgramCompletion.objects.filter(learner=user)
            ],
            # Reminders of overdue learning administrators sent the person.
            "reminders": [
                {
                    "day": n.day.isoformat(),
                    "sent_at": n.sent_at.isoformat() if n.sent_at else None,
                }
                for n in AssignmentNudge.objects.filter(learner=user).order_by("day")
            ],
            # Requests (by e-mail) to acknowledge a new version of a Standard.
            "standard_notices": [
                {
                    "standard": str(n.version.page.translation_key),
                    "version": n.version.number,
                    "notified_at": n.notified_at.isoformat() if n.notified_at else None,
                }
                for n in StandardNotice.objects.filter(user=user)
                .select_related("version__page")
                .order_by("pk")
            ],
        },
    )


def on_learning_record_changed(sender, instance, **kwargs) -> None:
    """An enrolment, item progress, assignment or program completion was saved or
    deleted: the learner's learning stamp changes (My learning's lists)."""
    learner_id = getattr(instance, "learner_id", None)
    if learner_id is None and getattr(instance, "enrolment_id", None):
        learner_id = (
            Enrolment.objects.filter(pk=instance.enrolment_id)
            .values_list("learner_id", flat=True)
            .first()
        )
    if learner_id is not None:
        services.learning_stamp_bump(learner_id=learner_id)


def on_handover_duties_collect(sender, *, position, **kwargs):
    """A hand-over opens: the learning the role requires (shown, never moved)."""
    return selectors.handover_learning_duties(position=position)


def on_handover_duty_labels(sender, *, duties, **kwargs):
    """A hand-over's duties are shown: the learning ones in the reader's language."""
    return selectors.handover_learning_duty_labels(duties=duties)


def on_standard_published(sender, instance, revision=None, **kwargs):
    """The Standard was published: the service decides whether it is a new version."""
    services.standard_version_record(page=instance, revision=revision)
