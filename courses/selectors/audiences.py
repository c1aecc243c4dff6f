"""Audiences of assignment rules (who a rule reaches, and how many it would assign)
and overdue assigned learning (the admins' list, the reminders due)."""

from __future__ import annotations

import dataclasses
import datetime
import uuid

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone
from wagtail.models import Page

from core.i18n import active_language, localized_pick
from people.models import Position, User
from people.selectors import learner_scope_q

from ..models import (
    Assignment,
    AssignmentNudge,
    AssignmentRule,
    Enrolment,
    ProgramCompletion,
)


def born_by(*, day: datetime.date, age: int) -> datetime.date:
    """The latest date of birth of someone who is `age` or older on `day`
    (User.age_on's rule: someone born on 29 February has their birthday on 1 March)."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year - age, day=28)


def _matching_positions(rule: AssignmentRule, day: datetime.date) -> QuerySet[Position]:
    """The positions of the person of the outer query that put them in the audience:
    held on `day` (a position ending on `day` is left), of the rule's role,
    organisation kind and region, started within the rule's dates."""
    positions = Position.objects.filter(
        user=OuterRef("pk"), start_date__lte=day
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
    if rule.role:
        positions = positions.filter(role=rule.role)
    if rule.organization_kind:
        positions = positions.filter(organization__kind=rule.organization_kind)
    if rule.region_id is not None:
        positions = positions.filter(organization__region_id=rule.region_id)
    if rule.started_from:
        positions = positions.filter(start_date__gte=rule.started_from)
    if rule.started_until:
        positions = positions.filter(start_date__lte=rule.started_until)
    return positions


def assignment_rule_audience(
    *, rule: AssignmentRule, on: datetime.date | None = None
) -> QuerySet[User]:
    """The people a rule reaches on a day (today by default), whether it is active or
    not: active users holding a matching position (_matching_positions) who are at
    least the rule's minimum age (an unknown date of birth does not match one).

    Each is annotated with `audience_started`, the latest start of their matching
    positions (what a due date counts from). One query; the preview and the
    application of a rule both read it."""
    day = on or timezone.localdate()
    people = (
        User.objects.filter(is_active=True)
        .annotate(
            audience_started=Subquery(
                _matching_positions(rule, day)
                .order_by("-start_date")
                .values("start_date")[:1]
            )
        )
        .filter(audience_started__isnull=False)
    )
    if rule.min_age is not None:
        people = people.filter(date_of_birth__lte=born_by(day=day, age=rule.min_age))
    return people


@dataclasses.dataclass(frozen=True)
class AudiencePreview:
    """How many people a rule reaches, and how many of them it would assign anew."""

    people: int
    new: int


def assignment_rule_audience_preview(*, rule: AssignmentRule) -> AudiencePreview:
    """The reach of a rule as edited (saved or not), counted in one query: everyone in
    its audience, and those who have no assignment of its course or program yet."""
    audience = assignment_rule_audience(rule=rule)
    key = rule.target.translation_key if rule.target_id else None
    counts = audience.annotate(
        assigned=Exists(
            Assignment.objects.filter(learner=OuterRef("pk"), target_key=key)
        )
    ).aggregate(people=Count("pk"), new=Count("pk", filter=Q(assigned=False)))
    return AudiencePreview(people=counts["people"] or 0, new=counts["new"] or 0)


def assignment_due_date(
    *, rule: AssignmentRule, started: datetime.date
) -> datetime.date:
    """The due date a rule gives someone whose matching position started on
    `started`: N days after it, or after the rule was created."""
    if rule.due_from == AssignmentRule.DueFrom.RULE_CREATED:
        anchor = timezone.localdate(rule.created_at)
    else:
        anchor = started
    return anchor + datetime.timedelta(days=rule.due_in_days)


# Overdue
# ------------------------------------------------------------------------------


def assignment_open_q() -> Q:
    """Assignments still required of an active person."""
    return Q(withdrawn_at__isnull=True, learner__is_active=True)


def _completed_exists() -> tuple[Exists, Exists]:
    """Whether the assignment of the outer query is completed: its course, or its
    program (ProgramCompletion)."""
    return (
        Exists(
            Enrolment.objects.filter(
                learner_id=OuterRef("learner_id"),
                course_key=OuterRef("target_key"),
                status=Enrolment.Status.COMPLETED,
            )
        ),
        Exists(
            ProgramCompletion.objects.filter(
                learner_id=OuterRef("learner_id"), program_key=OuterRef("target_key")
            )
        ),
    )


def assignment_list_overdue(
    *, viewer: User | None = None, region_id: int | None = None
) -> QuerySet[Assignment]:
    """Assignments past their due date, still required and not completed, of the
    people `viewer` may see (learner_scope_q; everyone without a viewer), optionally
    of one region; the earliest due first."""
    today = timezone.localdate()
    course_done, program_done = _completed_exists()
    assignments = Assignment.objects.filter(
        assignment_open_q(), due_date__lt=today
    ).exclude(
        Q(target_kind=Assignment.TargetKind.COURSE) & course_done
        | Q(target_kind=Assignment.TargetKind.PROGRAM) & program_done
    )
    if viewer is not None:
        assignments = assignments.filter(
            learner_scope_q(viewer=viewer, field="learner")
        )
    if region_id is not None:
        assignments = assignments.filter(learner__region_id=region_id)
    return assignments.order_by("due_date", "pk")


@dataclasses.dataclass
class OverdueLearner:
    """One person with overdue learning, as the admins' list shows them."""

    learner: User
    assignments: list[Assignment]
    titles: list[str]
    last_reminded: datetime.datetime | None

    @property
    def due_date(self) -> datetime.date:
        return min(a.due_date for a in self.assignments)

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.due_date).days


def assignment_titles(*, keys) -> dict[uuid.UUID, str]:
    """Titles of the live courses and programs with these translation_keys, in the
    active language where translated (one query)."""
    pages = localized_pick(
        Page.objects.live()
        .filter(translation_key__in=set(keys))
        .select_related("locale"),
        active_language(),
    )
    return {key: page.title for key, page in pages.items()}


def overdue_learners(
    *, viewer: User, region_id: int | None = None
) -> list[OverdueLearner]:
    """The people in `viewer`'s scope with overdue learning, the longest overdue first,
    with what is overdue and when they were last reminded (by e-mail before or after
    the due date, or by an admin). Three queries, whatever the numbers."""
    assignments = list(
        assignment_list_overdue(viewer=viewer, region_id=region_id).select_related(
            "learner", "learner__region"
        )
    )
    titles = assignment_titles(keys=[a.target_key for a in assignments])
    by_learner: dict[int, OverdueLearner] = {}
    for assignment in assignments:
        if assignment.target_key not in titles:
            continue  # withdrawn from the catalog: nothing the person can do
        row = by_learner.get(assignment.learner_id)
        if row is None:
            row = by_learner[assignment.learner_id] = OverdueLearner(
                learner=assignment.learner,
                assignments=[],
                titles=[],
                last_reminded=None,
            )
        row.assignments.append(assignment)
        row.titles.append(titles[assignment.target_key])
        for reminded in (assignment.reminded_at, assignment.overdue_reminded_at):
            if reminded and (row.last_reminded is None or reminded > row.last_reminded):
                row.last_reminded = reminded
    nudged = dict(
        AssignmentNudge.objects.filter(learner_id__in=list(by_learner))
        .values("learner_id")
        .annotate(last=Max("created_at"))
        .values_list("learner_id", "last")
    )
    for learner_id, last in nudged.items():
        row = by_learner[learner_id]
        if row.last_reminded is None or last > row.last_reminded:
            row.last_reminded = last
    return sorted(by_learner.values(), key=lambda row: (row.due_date, row.learner.pk))


def assignment_reminders_overdue_due() -> list[int]:
    """Ids of overdue assignments still required whose overdue reminder was not sent
    (the task skips, and marks, those completed meanwhile)."""
    return list(
        assignment_list_overdue()
        .filter(overdue_reminded_at__isnull=True)
        .values_list("pk", flat=True)
    )


def assignment_list_with_progress() -> QuerySet[Assignment]:
    """Assignments still required (assignment_open_q), each annotated with
    `is_completed` (its course, or its program, completed: the overdue rule's test)
    and `is_started` (an enrolment in its course; a program's is not tracked here).
    What reports count, grouped, in one query."""
    course_done, program_done = _completed_exists()
    started = Exists(
        Enrolment.objects.filter(
            learner_id=OuterRef("learner_id"), course_key=OuterRef("target_key")
        )
    )
    return Assignment.objects.filter(assignment_open_q()).annotate(
        is_completed=ExpressionWrapper(
            Q(target_kind=Assignment.TargetKind.COURSE) & course_done
            | Q(target_kind=Assignment.TargetKind.PROGRAM) & program_done,
            output_field=BooleanField(),
        ),
        is_started=started,
    )


def assignment_list_with_completion() -> QuerySet[Assignment]:
    """assignment_list_with_progress, each also annotated with `completed_at`: when
    its course's enrolment, or its program, was completed (None while it is not).
    What reports count by date (completions a month, a target's trend), in one
    grouped query."""
    course_at = Enrolment.objects.filter(
        learner_id=OuterRef("learner_id"),
        course_key=OuterRef("target_key"),
        status=Enrolment.Status.COMPLETED,
    ).values("completed_at")[:1]
    program_at = ProgramCompletion.objects.filter(
        learner_id=OuterRef("learner_id"), program_key=OuterRef("target_key")
    ).values("completed_at")[:1]
    return assignment_list_with_progress().annotate(
        completed_at=Case(
            When(target_kind=Assignment.TargetKind.COURSE, then=Subquery(course_at)),
            When(target_kind=Assignment.TargetKind.PROGRAM, then=Subquery(program_at)),
            default=None,
            output_field=DateTimeField(),
        )
    )
