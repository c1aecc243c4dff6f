"""Tasks of assignments: the e-mails about submissions. They take ids, are idempotent
(a flag on the submission is claimed before sending) and retry on transient errors."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.links import public_page_url, public_url
from core.mail import mail_render, mail_send_once

from ..models import Submission


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
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
    reviewers = list(reviewer_list_for_learner(learner=learner))
    if not reviewers:
        return 0
    flagged = Submission.objects.filter(pk=submission.pk)
    # Claim the submission first, as core.mail.mail_send_once does, so a second run
    # sends nothing; release the claim if sending fails, for the retry.
    with transaction.atomic():
        claimed = flagged.filter(submit_notified_at__isnull=True).update(
            submit_notified_at=timezone.now()
        )
    if not claimed:
        return 0
    sent = 0
    try:
        for reviewer in reviewers:
            language = reviewer.preferred_language or settings.LANGUAGE_CODE
            with translation.override(language):
                assignment = assignment_page_for_key(key=submission.assignment_key)
                url = public_url(reverse("assessments:review", args=[submission.pk]))
            subject, body = mail_render(
                template="assessments/emails/submission_submitted",
                language=language,
                context={
                    "reviewer": reviewer,
                    "learner": learner,
                    "submission": submission,
                    "assignment": assignment,
                    "url": url,
                },
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reviewer.email])
            sent += 1
    except Exception:
        if not sent:
            flagged.update(submit_notified_at=None)
        raise
    return sent


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def submission_reviewed_notify(submission_id: int) -> bool:
    """E-mail the learner the reviewer's decision and feedback (once per review)."""
    from ..selectors.assignments import assignment_page_for_key

    submission = (
        Submission.objects.select_related("learner", "reviewed_by")
        .filter(pk=submission_id)
        .exclude(status=Submission.Status.SUBMITTED)
        .first()
    )
    if submission is None or not submission.learner.is_active:
        return False
    learner = submission.learner
    with translation.override(learner.preferred_language):
        assignment = assignment_page_for_key(key=submission.assignment_key)
        if assignment is None:
            return False
        url = public_page_url(assignment)
    return mail_send_once(
        queryset=Submission.objects.filter(pk=submission.pk),
        flag_field="review_notified_at",
        template="assessments/emails/submission_reviewed",
        to=learner.email,
        language=learner.preferred_language,
        context={
            "learner": learner,
            "submission": submission,
            "assignment": assignment,
            "accepted": submission.status == Submission.Status.ACCEPTED,
            "url": url,
        },
    )
