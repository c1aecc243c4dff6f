"""Reads of assignments: what a learner sees on an assignment page, the review queue of
mentors and regional admins, and who may open a submitted file.

Who may see a submission is people's one rule (learner_scope_q): its learner, and the
mentors and admins whose scope includes the learner. Reviewing one's own work is not
possible, so a reviewer's own submissions never appear in their queue.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Max, QuerySet
from django.utils import timezone

from core.i18n import DEFAULT_LANGUAGE, active_language, localized_pick
from courses.models import CoursePage
from people.models import User
from people.selectors import learner_scope_q

from ..models import AssignmentPage, Submission, SubmissionFile

# The rubric
# ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Level:
    index: int
    label: str
    points: int
    description: str


@dataclasses.dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    description: str
    levels: list[Level]

    @property
    def max_points(self) -> int:
        return max((level.points for level in self.levels), default=0)


@dataclasses.dataclass(frozen=True)
class ScoreRow:
    """A criterion of the rubric with the level a reviewer chose (None: not scored)."""

    criterion: Criterion
    level: Level | None


def rubric_criteria(*, assignment: AssignmentPage) -> list[Criterion]:
    """The rubric of an assignment as plain data. Criteria are identified by their
    block id, which every translation of the page shares; levels by their position."""
    criteria = []
    for block in assignment.rubric:
        value = block.value
        criteria.append(
            Criterion(
                id=block.id,
                title=value["title"],
                description=value.get("description") or "",
                levels=[
                    Level(
                        index=index,
                        label=level["label"],
                        points=level["points"] or 0,
                        description=level.get("description") or "",
                    )
                    for index, level in enumerate(value["levels"])
                ],
            )
        )
    return criteria


def rubric_max_points(criteria: list[Criterion]) -> int:
    return sum(criterion.max_points for criterion in criteria)


def rubric_rows(*, criteria: list[Criterion], scores: dict) -> list[ScoreRow]:
    """The rubric with the chosen level of each criterion, from a submission's
    rubric_scores ({criterion id: level index})."""
    rows = []
    for criterion in criteria:
        index = scores.get(criterion.id)
        level = (
            criterion.levels[index]
            if isinstance(index, int) and 0 <= index < len(criterion.levels)
            else None
        )
        rows.append(ScoreRow(criterion=criterion, level=level))
    return rows


# Pages
# ------------------------------------------------------------------------------


def assignment_page_for_key(
    *, key: uuid.UUID, language: str | None = None, live: bool = True
) -> AssignmentPage | None:
    """The assignment with this translation_key, in `language` (the active one by
    default) where translated, else in the default language. Reviewers pass
    live=False: work submitted before an assignment was unpublished is still reviewed."""
    pages = AssignmentPage.objects.filter(translation_key=key)
    if live:
        pages = pages.live()
    chosen = localized_pick(
        pages.select_related("locale"), language or active_language()
    )
    return chosen.get(key)


def assignment_page_canonical(*, key: uuid.UUID) -> AssignmentPage | None:
    """The assignment in the default content language (its rubric is the one scored),
    or any version when it has none; published or not."""
    return assignment_page_for_key(key=key, language=DEFAULT_LANGUAGE, live=False)


# The learner's side
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class SubmissionEntry:
    """A submission with its files and rubric scores, as shown in a history."""

    submission: Submission
    rows: list[ScoreRow]

    @property
    def files(self) -> list[SubmissionFile]:
        return list(self.submission.files.all())


def submission_list_for_learner(
    *, learner: User, assignment_key: uuid.UUID
) -> QuerySet[Submission]:
    """Every version a learner submitted for an assignment, newest first."""
    return (
        Submission.objects.filter(learner=learner, assignment_key=assignment_key)
        .select_related("reviewed_by")
        .prefetch_related("files")
        .order_by("-version")
    )


def submission_can_submit(*, latest: Submission | None) -> bool:
    """A learner may submit when they have not yet, or their last version came back
    for revision (not while one awaits review, nor once accepted)."""
    return latest is None or latest.status == Submission.Status.RETURNED


def assignment_learner_context(*, assignment: AssignmentPage, learner) -> dict:
    """What the assignment page shows a learner: the rubric, what to submit, every
    version they submitted with its review, and whether they may submit now."""
    criteria = rubric_criteria(assignment=assignment)
    submissions = (
        list(
            submission_list_for_learner(
                learner=learner, assignment_key=assignment.translation_key
            )
        )
        if learner.is_authenticated
        else []
    )
    latest = submissions[0] if submissions else None
    return {
        "criteria": criteria,
        "rubric_max": rubric_max_points(criteria),
        "history": [
            SubmissionEntry(
                submission=s,
                rows=rubric_rows(criteria=criteria, scores=s.rubric_scores),
            )
            for s in submissions
        ],
        "latest": latest,
        "can_submit": submission_can_submit(latest=latest),
        "accepts_files": bool(assignment.extensions) and assignment.max_files > 0,
    }


# The reviewer's side
# ------------------------------------------------------------------------------


def submission_list_visible(*, viewer: User) -> QuerySet[Submission]:
    """Submissions `viewer` may see: their own, and those of the learners in their
    scope (people's rule)."""
    return Submission.objects.filter(learner_scope_q(viewer=viewer, field="learner"))


def submission_list_reviewable(*, viewer: User) -> QuerySet[Submission]:
    """Submissions of the learners in `viewer`'s scope, other than their own."""
    return submission_list_visible(viewer=viewer).exclude(learner=viewer)


def submission_review_queue(*, viewer: User, reviewed: bool) -> QuerySet[Submission]:
    """The review queue: submissions awaiting review, oldest first; or, with
    `reviewed`, those already reviewed, most recently reviewed first."""
    submissions = submission_list_reviewable(viewer=viewer).select_related(
        "learner__region", "reviewed_by"
    )
    if reviewed:
        return submissions.exclude(status=Submission.Status.SUBMITTED).order_by(
            "-reviewed_at", "-pk"
        )
    return submissions.filter(status=Submission.Status.SUBMITTED).order_by(
        "submitted_at", "pk"
    )


@dataclasses.dataclass
class QueueRow:
    submission: Submission
    assignment: AssignmentPage | None
    course: CoursePage | None
    waiting_days: int


def submission_queue_rows(*, submissions: Iterable[Submission]) -> list[QueueRow]:
    """Rows of a page of the review queue, with each assignment and its course titled
    in the active language (the default language where not translated). Two queries,
    whatever the number of submissions."""
    submissions = list(submissions)
    keys = {s.assignment_key for s in submissions}
    assignments = (
        localized_pick(
            AssignmentPage.objects.filter(translation_key__in=keys).select_related(
                "locale"
            ),
            active_language(),
        )
        if keys
        else {}
    )
    parent_paths = {
        page.path[: -AssignmentPage.steplen] for page in assignments.values()
    }
    courses = (
        {c.path: c for c in CoursePage.objects.filter(path__in=parent_paths)}
        if parent_paths
        else {}
    )
    now = timezone.now()
    rows = []
    for submission in submissions:
        assignment = assignments.get(submission.assignment_key)
        course = (
            courses.get(assignment.path[: -AssignmentPage.steplen])
            if assignment is not None
            else None
        )
        end = submission.reviewed_at or now
        rows.append(
            QueueRow(
                submission=submission,
                assignment=assignment,
                course=course,
                waiting_days=max(0, (end - submission.submitted_at).days),
            )
        )
    return rows


def submission_get_for_review(*, viewer: User, pk: int) -> Submission:
    """One submission `viewer` may review (in their scope, not their own); raises
    Submission.DoesNotExist otherwise (views answer 404)."""
    return (
        submission_list_reviewable(viewer=viewer)
        .select_related("learner__region", "reviewed_by")
        .prefetch_related("files")
        .get(pk=pk)
    )


def submission_review_context(*, submission: Submission) -> dict:
    """What the review page shows: the assignment (in the active language) with its
    rubric, the submission with its files, and the learner's earlier versions."""
    assignment = assignment_page_for_key(key=submission.assignment_key, live=False)
    criteria = rubric_criteria(assignment=assignment) if assignment else []
    course = None
    if assignment is not None:
        course = CoursePage.objects.filter(
            path=assignment.path[: -AssignmentPage.steplen]
        ).first()
    earlier = (
        submission_list_for_learner(
            learner=submission.learner, assignment_key=submission.assignment_key
        )
        .exclude(pk=submission.pk)
        .filter(version__lt=submission.version)
    )
    return {
        "submission": submission,
        "assignment": assignment,
        "course": course,
        "criteria": criteria,
        "rubric_max": rubric_max_points(criteria),
        "current": SubmissionEntry(
            submission=submission,
            rows=rubric_rows(criteria=criteria, scores=submission.rubric_scores),
        ),
        "earlier": [
            SubmissionEntry(
                submission=s,
                rows=rubric_rows(criteria=criteria, scores=s.rubric_scores),
            )
            for s in earlier
        ],
        "awaiting": submission.status == Submission.Status.SUBMITTED,
    }


# Files
# ------------------------------------------------------------------------------


def submission_file_get_visible(*, viewer: User, pk: int) -> SubmissionFile:
    """A submitted file `viewer` may download: the learner's own, or one of a learner
    in their scope. Raises SubmissionFile.DoesNotExist otherwise (views answer 404)."""
    if not viewer.is_authenticated:
        raise SubmissionFile.DoesNotExist
    return (
        SubmissionFile.objects.filter(
            learner_scope_q(viewer=viewer, field="submission__learner")
        )
        .select_related("submission")
        .get(pk=pk)
    )


# Used by the service
# ------------------------------------------------------------------------------


def submission_latest(*, learner: User, assignment_key: uuid.UUID) -> Submission | None:
    """The learner's last version of an assignment, if any."""
    return (
        Submission.objects.filter(learner=learner, assignment_key=assignment_key)
        .order_by("-version")
        .first()
    )


def submission_next_version(*, learner: User, assignment_key: uuid.UUID) -> int:
    latest = Submission.objects.filter(
        learner=learner, assignment_key=assignment_key
    ).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def rubric_score(
    *, criteria: list[Criterion], scores: dict[str, int]
) -> tuple[Decimal | None, Decimal | None]:
    """(score, max score) of chosen levels; (None, None) for an assignment without a
    rubric."""
    if not criteria:
        return None, None
    earned = sum(
        row.level.points
        for row in rubric_rows(criteria=criteria, scores=scores)
        if row.level is not None
    )
    return Decimal(earned), Decimal(rubric_max_points(criteria))
