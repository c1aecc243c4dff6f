"""State changes of assignments: a learner submits a version, a mentor reviews it, and
a learner's submissions are erased with their personal data."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.audit import audit_log
from core.outbox import enqueue_durably
from core.uploads import MSG_CONTENT, content_is, content_type_of, extension_of
from courses.selectors import course_of_item, enrolment_get_for
from courses.services import item_complete
from people.models import User
from people.selectors import learner_scope_q

from ..models import AssignmentPage, Submission, SubmissionFile
from ..selectors import assignments as selectors
from ..tasks.assignments import (
    submission_reviewed_notify as submission_reviewed_notify_task,
)
from ..tasks.assignments import (
    submission_submitted_notify as submission_submitted_notify_task,
)

logger = logging.getLogger(__name__)

MSG_NOT_ENROLLED = _("Enrol in the course first.")
MSG_AWAITING_REVIEW = _(
    "Your work is awaiting review: you can submit a new version once a mentor has "
    "returned it."
)
MSG_ALREADY_ACCEPTED = _("Your work on this assignment has been accepted already.")
MSG_TEXT_REQUIRED = _("Write your answer.")
MSG_EMPTY = _("Write an answer or attach a file.")
MSG_NO_FILES = _("This assignment does not take files.")
MSG_FILE_TYPE = _("“%(name)s”: this type of file is not accepted. Accepted: %(types)s.")
MSG_FILE_TOO_LARGE = _("“%(name)s” is larger than %(size)s MB.")
MSG_FILE_CONTENT = MSG_CONTENT
MSG_TOO_MANY_FILES = ngettext_lazy(
    "Attach at most %(count)d file.", "Attach at most %(count)d files.", "count"
)
MSG_REVIEW_FORBIDDEN = _("You may not review this submission.")
MSG_ALREADY_REVIEWED = _("This submission has already been reviewed.")
MSG_DECISION = _("Accept the work or return it for revision.")
MSG_FEEDBACK_REQUIRED = _("Say what to improve when returning the work.")
MSG_SCORE_ALL = _("Score every criterion of the rubric to accept the work.")
MSG_SCORE_UNKNOWN = _("The rubric has changed: reload the page and score it again.")
MSG_ASSIGNMENT_GONE = _("This assignment no longer exists.")

MEGABYTE = 1024 * 1024


# Submitting
# ------------------------------------------------------------------------------


def submission_validate(
    *, assignment: AssignmentPage, text: str, files: Sequence[UploadedFile]
) -> None:
    """What makes a submission acceptable, by the assignment's settings: the text
    answer, the files' types (by extension, then by content: core.uploads), sizes
    (measured on the server) and number. Raises a ValidationError keyed by "text",
    "files" or NON_FIELD_ERRORS, every problem at once."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message, **params) -> None:
        errors.setdefault(field, []).append(
            ValidationError(message, params=params or None)
        )

    text_answer = assignment.text_answer
    if text_answer == AssignmentPage.TextAnswer.REQUIRED and not text:
        add("text", MSG_TEXT_REQUIRED)
    extensions = assignment.extensions
    if files and (not extensions or assignment.max_files == 0):
        add("files", MSG_NO_FILES)
    elif files:
        if len(files) > assignment.max_files:
            add("files", MSG_TOO_MANY_FILES, count=assignment.max_files)
        for upload in files:
            extension = extension_of(upload.name)
            if extension not in extensions:
                add(
                    "files",
                    MSG_FILE_TYPE,
                    name=upload.name,
                    types=", ".join(extensions),
                )
            if upload.size > assignment.max_file_mb * MEGABYTE:
                add(
                    "files",
                    MSG_FILE_TOO_LARGE,
                    name=upload.name,
                    size=assignment.max_file_mb,
                )
            elif extension in extensions and not content_is(upload, extension):
                # Read only when the type is accepted and the size within the limit.
                add("files", MSG_FILE_CONTENT, name=upload.name, extension=extension)
    if not text and not files and "text" not in errors:
        add(NON_FIELD_ERRORS, MSG_EMPTY)
    if errors:
        raise ValidationError(errors)


def _submission_state_check(*, learner: User, assignment: AssignmentPage) -> None:
    latest = selectors.submission_latest(
        learner=learner, assignment_key=assignment.translation_key
    )
    if latest is not None and latest.status == Submission.Status.SUBMITTED:
        raise ValidationError(MSG_AWAITING_REVIEW, code="awaiting_review")
    if latest is not None and latest.status == Submission.Status.ACCEPTED:
        raise ValidationError(MSG_ALREADY_ACCEPTED, code="accepted")


def submission_create(
    *,
    learner: User,
    assignment: AssignmentPage,
    text: str,
    files: Sequence[UploadedFile],
) -> Submission:
    """Submit a new version of a learner's work on an assignment.

    The learner must be enrolled in the course; refused while a version awaits review
    or once one was accepted. Files go to private storage under random names. A
    concurrent second submission (a double click) loses on the database constraint:
    its stored files are removed and the one that won is returned. Once committed, the
    reviewers of the learner's region are e-mailed.
    """
    text = (
        ""
        if assignment.text_answer == AssignmentPage.TextAnswer.NONE
        else (text or "").strip()
    )
    files = list(files)
    course = course_of_item(item=assignment)
    if enrolment_get_for(learner=learner, course=course) is None:
        raise ValidationError(MSG_NOT_ENROLLED, code="not_enrolled")
    _submission_state_check(learner=learner, assignment=assignment)
    submission_validate(assignment=assignment, text=text, files=files)

    key = assignment.translation_key
    stored: list[str] = []
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                learner=learner,
                assignment_key=key,
                version=selectors.submission_next_version(
                    learner=learner, assignment_key=key
                ),
                text=text,
                submitted_at=timezone.now(),
            )
            for upload in files:
                upload.seek(0)
                attached = SubmissionFile(
                    submission=submission,
                    name=upload.name[:255],
                    size=upload.size,
                    content_type=_content_type(upload),
                )
                attached.file.save(upload.name, upload, save=False)
                stored.append(attached.file.name)
                attached.save()
    except IntegrityError:
        _files_delete(stored)
        existing = Submission.objects.filter(
            learner=learner, assignment_key=key, status=Submission.Status.SUBMITTED
        ).first()
        if existing is not None:
            return existing
        # Not a double click: the other request was a review's acceptance, or a
        # version number was taken. Say what the state is now.
        _submission_state_check(learner=learner, assignment=assignment)
        raise
    except BaseException:
        _files_delete(stored)
        raise
    enqueue_durably(submission_submitted_notify_task, submission_id=submission.pk)
    return submission


def _content_type(upload: UploadedFile) -> str:
    # The type of the content checked (core.uploads), not what the browser claims;
    # downloads are attachments with nosniff anyway.
    return content_type_of(upload.name)[:100]


def _files_delete(names: Sequence[str]) -> None:
    # The field's own storage (private), the one the files were saved to.
    storage = SubmissionFile._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete submitted file %s", name)


# Reviewing
# ------------------------------------------------------------------------------


def _reviewer_check(*, reviewer: User, submission: Submission) -> None:
    if (
        submission.learner_id == reviewer.pk
        or not reviewer.has_perm("assessments.change_submission")
        or not User.objects.filter(
            learner_scope_q(viewer=reviewer), pk=submission.learner_id
        ).exists()
    ):
        raise PermissionDenied(MSG_REVIEW_FORBIDDEN)


def submission_review(
    *,
    submission: Submission,
    reviewer: User,
    rubric_scores: dict[str, int],
    feedback: str,
    decision: str,
) -> Submission:
    """Accept a submission, or return it for revision, with rubric scores and feedback.

    The reviewer needs the permission to review and the learner in their scope (not
    themselves), else PermissionDenied. Only a submission awaiting review is reviewed:
    the status changes by a conditional update, so of two concurrent reviews the second
    changes nothing. Returning needs feedback; accepting needs every criterion scored.
    Accepting completes the item for the learner's enrolment. Recorded in the audit
    log; once committed, the learner is e-mailed the decision.
    """
    _reviewer_check(reviewer=reviewer, submission=submission)
    accepted, returned = Submission.Status.ACCEPTED, Submission.Status.RETURNED
    if decision not in (accepted, returned):
        raise ValidationError(MSG_DECISION, code="decision")
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(MSG_ALREADY_REVIEWED, code="already_reviewed")
    feedback = (feedback or "").strip()
    assignment = selectors.assignment_page_canonical(key=submission.assignment_key)
    if assignment is None:  # deleted
        raise ValidationError(MSG_ASSIGNMENT_GONE, code="assignment_gone")
    criteria = selectors.rubric_criteria(assignment=assignment)
    levels = {c.id: len(c.levels) for c in criteria}
    scores = {}
    for criterion_id, index in (rubric_scores or {}).items():
        if criterion_id not in levels or not (
            isinstance(index, int) and 0 <= index < levels[criterion_id]
        ):
            raise ValidationError(MSG_SCORE_UNKNOWN, code="score_unknown")
        scores[criterion_id] = index
    errors: dict[str, list] = {}
    if decision == returned and not feedback:
        errors["feedback"] = [MSG_FEEDBACK_REQUIRED]
    if decision == accepted and set(levels) - set(scores):
        errors[NON_FIELD_ERRORS] = [MSG_SCORE_ALL]
    if errors:
        raise ValidationError(errors)
    score, max_score = selectors.rubric_score(criteria=criteria, scores=scores)

    now = timezone.now()
    with transaction.atomic():
        changed = Submission.objects.filter(
            pk=submission.pk, status=Submission.Status.SUBMITTED
        ).update(
            status=decision,
            reviewed_by=reviewer,
            reviewed_at=now,
            feedback=feedback,
            rubric_scores=scores,
            score=score,
            max_score=max_score,
        )
        if not changed:
            raise ValidationError(MSG_ALREADY_REVIEWED, code="already_reviewed")
        submission.refresh_from_db()
        audit_log(
            submission,
            "assessments.review",
            user=reviewer,
            region_id=submission.learner.region_id,
            data={
                "learner": submission.learner_id,
                "assignment": str(submission.assignment_key),
                "version": submission.version,
                "decision": decision,
                "score": str(score) if score is not None else None,
            },
        )
        if decision == accepted:
            enrolment = enrolment_get_for(
                learner=submission.learner, course=course_of_item(item=assignment)
            )
            if enrolment is not None:
                item_complete(enrolment=enrolment, item=assignment)
        enqueue_durably(submission_reviewed_notify_task, submission_id=submission.pk)
    return submission


# Personal data
# ------------------------------------------------------------------------------


def submission_personal_data_erase(*, learner: User) -> int:
    """Erase what a learner's submissions say about them: their files (the rows now,
    the stored files once the erasure commits) and the texts of their answers and of
    the feedback. Status, versions and scores stay, without identifying content.
    Returns the number of files removed."""
    files = SubmissionFile.objects.filter(submission__learner=learner)
    names = list(files.values_list("file", flat=True))
    files.delete()
    Submission.objects.filter(learner=learner).update(text="", feedback="")
    if names:
        transaction.on_commit(lambda: _files_delete(names))
    return len(names)
