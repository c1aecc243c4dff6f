"""Background work for courses. Tasks take ids and are idempotent; they fetch the row
and call the service (imported in the task's body: services import the tasks)."""

import datetime

from celery import shared_task
from django.urls import reverse
from django.utils import timezone, translation

from core.links import public_page_url, public_url
from core.mail import Recipient, mail_recipient, mail_send_once
from core.outbox import fan_out_durably
from core.tasks import RETRY_TASK_OPTIONS, TASK_OPTIONS
from people.models import User

from .models import (
    Assignment,
    AssignmentNudge,
    AssignmentRule,
    CoursePage,
    Enrolment,
    StandardNotice,
    StandardVersion,
)


@shared_task(**TASK_OPTIONS)
def assignment_rules_apply(user_id: int) -> int:
    """Re-evaluate a person's audiences after their position started, changed or
    ended or their profile changed (a second run changes nothing)."""
    from .services import assignment_rules_apply as apply

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    return len(apply(user=user))


@shared_task(**TASK_OPTIONS)
def assignment_rule_apply(rule_id: int) -> int:
    """Apply a created or edited rule to its whole audience (a second run creates
    nothing)."""
    from .services import assignment_rule_apply as apply

    rule = AssignmentRule.objects.select_related("target").filter(pk=rule_id).first()
    if rule is None:
        return 0
    return apply(rule=rule)


@shared_task(**TASK_OPTIONS)
def assignment_rules_refresh() -> int:
    """Beat, daily: apply every active rule to its audience again, for what time alone
    changes (a position whose end date has passed, a birthday reaching a rule's minimum
    age, a start date window that closed); no event announces those. Enqueues one
    task per rule; returns how many."""
    ids = list(
        AssignmentRule.objects.filter(is_active=True).values_list("pk", flat=True)
    )
    fan_out_durably(assignment_rule_apply, [{"rule_id": pk} for pk in ids])
    return len(ids)


def _assignment_target(assignment: Assignment, recipient: Recipient):
    """The assigned course or program in the learner's language, and its address."""
    from .selectors import assignment_target_page

    with translation.override(recipient.language):
        target = assignment_target_page(assignment=assignment)
        return target, (public_page_url(target) if target is not None else "")


def _assignment_mail(
    *,
    assignment: Assignment,
    recipient: Recipient,
    target,
    url: str,
    flag: str,
    template: str,
) -> bool:
    sent = mail_send_once(
        queryset=Assignment.objects.filter(pk=assignment.pk),
        flag_field=flag,
        template=template,
        to=recipient,
        context={
            "learner": assignment.learner,
            "assignment": assignment,
            "target": target,
            "url": url,
        },
    )
    return sent > 0


def _assignment_notify_one(assignment: Assignment, recipient: Recipient | None) -> bool:
    if recipient is None:
        return False
    target, url = _assignment_target(assignment, recipient)
    if target is None:
        return False
    return _assignment_mail(
        assignment=assignment,
        recipient=recipient,
        target=target,
        url=url,
        flag="notified_at",
        template="courses/emails/assignment",
    )


@shared_task(**RETRY_TASK_OPTIONS)
def assignment_notify(assignment_id: int) -> bool:
    """E-mail a learner about new assigned learning (sent once)."""
    assignment = (
        Assignment.objects.select_related("learner").filter(pk=assignment_id).first()
    )
    if assignment is None:
        return False
    return _assignment_notify_one(assignment, mail_recipient(assignment.learner))


@shared_task(**RETRY_TASK_OPTIONS)
def assignments_notify(assignment_ids: list[int]) -> int:
    """E-mail each learner about their new assigned learning, for the assignments a
    rule made at once (each sent once: a retry skips those sent). Returns how many."""
    sent = 0
    for assignment in Assignment.objects.select_related("learner").filter(
        pk__in=assignment_ids
    ):
        sent += _assignment_notify_one(assignment, mail_recipient(assignment.learner))
    return sent


@shared_task(**TASK_OPTIONS)
def assignment_reminders_send() -> int:
    """Beat: enqueue a reminder for every assignment due soon that was not reminded."""
    from .selectors import assignment_reminders_due

    ids = assignment_reminders_due()
    fan_out_durably(assignment_remind, [{"assignment_id": pk} for pk in ids])
    return len(ids)


def _assignment_with_learner(assignment_id: int) -> Assignment | None:
    return Assignment.objects.select_related("learner").filter(pk=assignment_id).first()


def _assignment_remind(
    assignment: Assignment | None,
    recipient: Recipient | None,
    *,
    flag: str,
    template: str,
) -> bool:
    """Send a reminder once (`flag`); none when completed, withdrawn from the catalog
    or the learner gone: then mark it, so the beat task stops picking it up."""
    from .selectors import assignment_is_completed

    if assignment is None:
        return False
    target, url = _assignment_target(assignment, recipient) if recipient else (None, "")
    if target is None or assignment_is_completed(assignment=assignment):
        Assignment.objects.filter(pk=assignment.pk, **{f"{flag}__isnull": True}).update(
            **{flag: timezone.now()}
        )
        return False
    return _assignment_mail(
        assignment=assignment,
        recipient=recipient,
        target=target,
        url=url,
        flag=flag,
        template=template,
    )


@shared_task(**RETRY_TASK_OPTIONS)
def assignment_remind(assignment_id: int) -> bool:
    """E-mail a reminder that assigned learning is due (sent once; none if completed)."""
    assignment = _assignment_with_learner(assignment_id)
    return _assignment_remind(
        assignment,
        mail_recipient(assignment.learner) if assignment else None,
        flag="reminded_at",
        template="courses/emails/assignment_reminder",
    )


@shared_task(**TASK_OPTIONS)
def assignment_overdue_reminders_send() -> int:
    """Beat: enqueue the overdue reminder of every overdue assignment not reminded."""
    from .selectors import assignment_reminders_overdue_due

    ids = assignment_reminders_overdue_due()
    fan_out_durably(assignment_overdue_remind, [{"assignment_id": pk} for pk in ids])
    return len(ids)


@shared_task(**RETRY_TASK_OPTIONS)
def assignment_overdue_remind(assignment_id: int) -> bool:
    """E-mail that assigned learning is overdue (sent once; none if completed)."""
    assignment = _assignment_with_learner(assignment_id)
    return _assignment_remind(
        assignment,
        mail_recipient(assignment.learner) if assignment else None,
        flag="overdue_reminded_at",
        template="courses/emails/assignment_overdue",
    )


@shared_task(**RETRY_TASK_OPTIONS)
def assignment_nudge_send(nudge_id: int) -> bool:
    """E-mail a person the reminder an admin asked for: what of theirs is overdue
    (sent once)."""
    from .selectors import assignment_list_overdue, assignment_titles

    nudge = (
        AssignmentNudge.objects.select_related("learner").filter(pk=nudge_id).first()
    )
    recipient = mail_recipient(nudge.learner) if nudge is not None else None
    if recipient is None:
        return False
    overdue = list(assignment_list_overdue().filter(learner_id=nudge.learner_id))

    def context(recipient: Recipient) -> dict:
        titles = assignment_titles(keys=[a.target_key for a in overdue])
        return {
            "learner": nudge.learner,
            "overdue": [
                {"title": titles[a.target_key], "due_date": a.due_date}
                for a in overdue
                if a.target_key in titles
            ],
            "url": public_url(reverse("courses:my_learning")),
        }

    sent = mail_send_once(
        queryset=AssignmentNudge.objects.filter(pk=nudge.pk),
        flag_field="sent_at",
        template="courses/emails/assignment_nudge",
        to=recipient,
        context=context,
    )
    return sent > 0


@shared_task(**TASK_OPTIONS)
def course_completion_reevaluate(course_id: int) -> int:
    """Complete the enrolments an item change has finished (a second run changes nothing)."""
    from .services import course_completion_reevaluate as reevaluate

    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return 0
    return reevaluate(course=course)


@shared_task(**RETRY_TASK_OPTIONS)
def course_completed_notify(enrolment_id: int) -> bool:
    """E-mail congratulations when a course is completed (sent once)."""
    from .selectors import course_page_for_key

    enrolment = (
        Enrolment.objects.select_related("learner")
        .filter(pk=enrolment_id, status=Enrolment.Status.COMPLETED)
        .first()
    )
    recipient = mail_recipient(enrolment.learner) if enrolment is not None else None
    if recipient is None:
        return False
    with translation.override(recipient.language):
        course = course_page_for_key(key=enrolment.course_key)
        if course is None:
            return False
        url = public_page_url(course)
    sent = mail_send_once(
        queryset=Enrolment.objects.filter(pk=enrolment.pk),
        flag_field="completion_notified_at",
        template="courses/emails/course_completed",
        to=recipient,
        context={
            "learner": enrolment.learner,
            "enrolment": enrolment,
            "course": course,
            "url": url,
        },
    )
    return sent > 0


@shared_task(**TASK_OPTIONS)
def course_completions_reconcile(minutes: int = 10) -> int:
    """Beat, every 10 minutes: send the course-completed e-mail of enrolments completed
    in the last day, more than `minutes` ago, that did not get it (its task was lost: a
    worker lost whole as it took it from Redis). Returns how many it queued."""
    from .selectors import enrolment_list_unannounced

    now = timezone.now()
    ids = enrolment_list_unannounced(
        completed_after=now - datetime.timedelta(days=1),
        completed_before=now - datetime.timedelta(minutes=minutes),
    )
    fan_out_durably(course_completed_notify, [{"enrolment_id": pk} for pk in ids])
    return len(ids)


@shared_task(**RETRY_TASK_OPTIONS)
def standard_version_notify(version_id: int) -> int:
    """E-mail each person in the roles a version of the Standard applies to (an active
    position) that there is a version to acknowledge: once per person and version (a
    StandardNotice each; a second run sends nothing). None once a newer version is
    out: that one asks them. Returns how many e-mails this run sent."""
    from .selectors import standard_people, standard_version_current

    version = (
        StandardVersion.objects.select_related("page").filter(pk=version_id).first()
    )
    if version is None:
        return 0
    page = version.page.specific
    current = standard_version_current(page=page)
    if current is None or current.pk != version.pk:
        return 0
    people = standard_people(page=page).exclude(
        standard_acknowledgements__version=version
    )
    StandardNotice.objects.bulk_create(
        [StandardNotice(user=person, version=version) for person in people],
        ignore_conflicts=True,
    )
    sent = 0
    notices = StandardNotice.objects.filter(
        version=version, notified_at__isnull=True
    ).select_related("user")
    for notice in notices:
        recipient = mail_recipient(notice.user)
        if recipient is None:
            continue
        with translation.override(recipient.language):
            url = public_page_url(page)
        sent += mail_send_once(
            queryset=StandardNotice.objects.filter(pk=notice.pk),
            flag_field="notified_at",
            template="courses/emails/standard_version",
            to=recipient,
            context={
                "person": notice.user,
                "version": version,
                "page": page,
                "url": url,
            },
        )
    return sent
