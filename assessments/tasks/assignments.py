"""Tasks of assignments: the e-mails about submissions. They take ids, are idempotent
(a flag on the submission is claimed before sending) and retry on transient errors."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse
from django.utils import translation

from core.links import public_page_url, public_url
from core.mail import Recipient, mail_recipient, mail_send_once
from core.tasks import RETRY_TASK_OPTIONS

from ..models import Submission


@shared_task(**RETRY_TASK_OPTIONS)
def submission_submitted_notify(submission_id: int) -> int:
    """E-mail the reviewers of the learner's region that a submission awaits review,
    each in their language, with a link to the review page (once per submission).
    Returns the number of e-mails sent."""
    from people.selectors import reviewer_list_for_learner

    from ..selectors.assignments import assignment_page_for_key

    submission = (
        Submission.objects.select_related("learner__region")
        .filter(pk=submission_id, status=Submission.Status.SUBMITTED)
        .first()
    )
    if submission is None:
        return 0
    learner = submission.learner
    recipients = [
        recipient
        for reviewer in reviewer_list_for_learner(learner=learner)
        if (recipient := mail_recipient(reviewer)) is not None
    ]

    def context(recipient: Recipient) -> dict:
        # Called in the reviewer's language: the title and the link in it.
        return {
            "reviewer": recipient.user,
            "learner": learner,
            "submission": submission,
            "assignment": assignment_page_for_key(key=submission.assignment_key),
            "url": public_url(reverse("assessments:review", args=[submission.pk])),
        }

    return mail_send_once(
        queryset=Submission.objects.filter(pk=submission.pk),
        flag_field="submit_notified_at",
        template="assessments/emails/submission_submitted",
        to=recipients,
        context=context,
    )


@shared_task(**RETRY_TASK_OPTIONS)
def submission_reviewed_notify(submission_id: int) -> bool:
    """E-mail the learner the reviewer's decision and feedback (once per review)."""
    from ..selectors.assignments import assignment_page_for_key

    submission = (
        Submission.objects.select_related("learner", "reviewed_by")
        .filter(pk=submission_id)
        .exclude(status=Submission.Status.SUBMITTED)
        .first()
    )
    recipient = mail_recipient(submission.learner) if submission is not None else None
    if recipient is None:
        return False
    with translation.override(recipient.language):
        assignment = assignment_page_for_key(key=submission.assignment_key)
        if assignment is None:
            return False
        url = public_page_url(assignment)
    sent = mail_send_once(
        queryset=Submission.objects.filter(pk=submission.pk),
        flag_field="review_notified_at",
        template="assessments/emails/submission_reviewed",
        to=recipient,
        context={
            "learner": submission.learner,
            "submission": submission,
            "assignment": assignment,
            "accepted": submission.status == Submission.Status.ACCEPTED,
            "url": url,
        },
    )
    return sent > 0
