"""Background work for courses. Tasks take ids and are idempotent."""

from celery import shared_task
from django.utils import timezone, translation

from core.links import public_page_url
from core.mail import mail_send_once

from .models import Assignment, Enrolment


@shared_task(acks_late=True)
def assignment_rules_apply(user_id: int) -> int:
    """Apply assignment rules to a user's positions (a second run creates nothing)."""
    from people.models import User

    from .services import assignment_rules_apply as apply

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    return len(apply(user=user))


def _assignment_target(assignment: Assignment):
    """The assigned course or program in the learner's language, and its address."""
    from .selectors import assignment_target_page

    with translation.override(assignment.learner.preferred_language):
        target = assignment_target_page(assignment=assignment)
        return target, (public_page_url(target) if target is not None else "")


def _assignment_mail(
    *, assignment: Assignment, target, url: str, flag: str, template: str
):
    learner = assignment.learner
    return mail_send_once(
        queryset=Assignment.objects.filter(pk=assignment.pk),
        flag_field=flag,
        template=template,
        to=learner.email,
        language=learner.preferred_language,
        context={
            "learner": learner,
            "assignment": assignment,
            "target": target,
            "url": url,
        },
    )


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def assignment_notify(assignment_id: int) -> bool:
    """E-mail a learner about new assigned learning (sent once)."""
    assignment = (
        Assignment.objects.select_related("learner").filter(pk=assignment_id).first()
    )
    if assignment is None or not assignment.learner.is_active:
        return False
    target, url = _assignment_target(assignment)
    if target is None:
        return False
    return _assignment_mail(
        assignment=assignment,
        target=target,
        url=url,
        flag="notified_at",
        template="courses/emails/assignment",
    )


@shared_task(acks_late=True)
def assignment_reminders_send() -> int:
    """Beat: enqueue a reminder for every assignment due soon that was not reminded."""
    from .selectors import assignment_reminders_due

    ids = assignment_reminders_due()
    for assignment_id in ids:
        assignment_remind.delay(assignment_id=assignment_id)
    return len(ids)


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def assignment_remind(assignment_id: int) -> bool:
    """E-mail a reminder that assigned learning is due (sent once; none if completed)."""
    from .selectors import assignment_is_completed

    assignment = (
        Assignment.objects.select_related("learner").filter(pk=assignment_id).first()
    )
    if assignment is None:
        return False
    target, url = _assignment_target(assignment)
    if (
        not assignment.learner.is_active
        or target is None
        or assignment_is_completed(assignment=assignment)
    ):
        # Nothing to remind of (completed, withdrawn from the catalog, or the learner is
        # gone): mark it, so the beat task stops picking it up.
        Assignment.objects.filter(pk=assignment.pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        )
        return False
    return _assignment_mail(
        assignment=assignment,
        target=target,
        url=url,
        flag="reminded_at",
        template="courses/emails/assignment_reminder",
    )


@shared_task(acks_late=True)
def course_completion_reevaluate(course_id: int) -> int:
    """Complete the enrolments an item change has finished (a second run changes nothing)."""
    from .models import CoursePage
    from .services import course_completion_reevaluate as reevaluate

    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return 0
    return reevaluate(course=course)


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def course_completed_notify(enrolment_id: int) -> bool:
    """E-mail congratulations when a course is completed (sent once)."""
    from .selectors import course_page_for_key

    enrolment = (
        Enrolment.objects.select_related("learner")
        .filter(pk=enrolment_id, status=Enrolment.Status.COMPLETED)
        .first()
    )
    if enrolment is None or not enrolment.learner.is_active:
        return False
    learner = enrolment.learner
    with translation.override(learner.preferred_language):
        course = course_page_for_key(key=enrolment.course_key)
        if course is None:
            return False
        url = public_page_url(course)
    return mail_send_once(
        queryset=Enrolment.objects.filter(pk=enrolment.pk),
        flag_field="completion_notified_at",
        template="courses/emails/course_completed",
        to=learner.email,
        language=learner.preferred_language,
        context={
            "learner": learner,
            "enrolment": enrolment,
            "course": course,
            "url": url,
        },
    )
