"""Audiences of assignment rules: who must learn what by when, kept up to date when a
person's positions or profile change and when a rule is saved; and an admin's nudge
of a person whose learning is overdue.

Never a duplicate (the assignment's unique constraint) and never lost progress: a
person who leaves a rule's audience keeps their assignment, marked `withdrawn_at`
(no longer required: no due date, no reminders), and everything they did; coming back
clears the mark. Re-evaluation never moves an existing assignment's due date.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.outbox import enqueue_durably
from people.models import User
from people.selectors import learner_scope_q

from .. import selectors
from ..models import Assignment, AssignmentNudge, AssignmentRule
from ..tasks import assignment_nudge_send as assignment_nudge_send_task
from ..tasks import assignment_rule_apply as assignment_rule_apply_task
from ..tasks import assignments_notify as assignments_notify_task
from .learning import (
    MSG_ASSIGN_FORBIDDEN,
    _target_kind,
    assignment_create,
    assignment_enrol,
    learning_stamp_bump,
)

logger = logging.getLogger(__name__)

MSG_NUDGE_ALREADY = _(
    "%(name)s was already reminded today. Nothing was sent: try again tomorrow."
)
MSG_NUDGE_NOTHING_OVERDUE = _("%(name)s has nothing overdue. Nothing was sent.")
# The audit-log action of an admin's reminder (courses.wagtail_hooks).
NUDGE_ACTION = "courses.nudge"


def _active_rules() -> list[AssignmentRule]:
    return list(AssignmentRule.objects.filter(is_active=True).select_related("target"))


def _stamps_bump(learner_ids) -> None:
    """Bulk writes send no save signal: change the learners' learning stamps here."""
    for learner_id in set(learner_ids):
        learning_stamp_bump(learner_id=learner_id)


def assignment_rules_apply(*, user: User) -> list[Assignment]:
    """Bring a person's rule assignments up to date with every active rule's audience
    (after their position started, changed or ended, or their profile changed).

    Creates what a rule they are in gives them (due N days after their matching
    position started, or after the rule was created), marks no longer required what
    they left (withdrawn_at; kept with their progress), clears that mark when they are
    back. What an inactive rule assigned is left as it is. Idempotent. Returns the assignments created."""
    if not user.is_active:
        return []
    matched: dict = {}  # target translation_key -> (rule, started)
    for rule in _active_rules():
        started = (
            selectors.assignment_rule_audience(rule=rule)
            .filter(pk=user.pk)
            .values_list("audience_started", flat=True)
            .first()
        )
        if started is not None:
            matched.setdefault(rule.target.translation_key, (rule, started))
    created: list[Assignment] = []
    for rule, started in matched.values():
        if not rule.target.live:
            continue
        try:
            assignment, was_created = assignment_create(
                learner=user,
                target=rule.target,
                due_date=selectors.assignment_due_date(rule=rule, started=started),
                rule=rule,
            )
        except ValidationError:
            # A rule pointing at something else than a course or program (its form
            # refuses that; an old row might not): skip it, apply the others.
            logger.warning("assignment rule %s has an invalid target", rule.pk)
            continue
        if was_created:
            created.append(assignment)
    now = timezone.now()
    left = (
        Assignment.objects.filter(
            learner=user, rule__is_active=True, withdrawn_at__isnull=True
        )
        .exclude(target_key__in=list(matched))
        .update(withdrawn_at=now)
    )
    back = Assignment.objects.filter(
        learner=user, withdrawn_at__isnull=False, target_key__in=list(matched)
    ).update(withdrawn_at=None)
    if left or back:
        _stamps_bump([user.pk])
    return created


def assignment_rule_apply(*, rule: AssignmentRule) -> int:
    """Apply one rule to its whole audience, after it was created or edited, in a
    fixed number of bulk statements (and, for each person assigned anew, their
    enrolment where the rules allow it; one notification task for all).

    An inactive rule assigns nobody and leaves what it assigned as it is. People of
    the rule's past audience who left it (or whose rule now asks for something else)
    keep their assignment, marked no longer required, unless another active rule
    still requires the same of them. Idempotent. Returns how many were assigned."""
    if not rule.is_active:
        return 0
    target = rule.target.specific
    try:
        kind = _target_kind(target)
    except ValidationError:
        logger.warning("assignment rule %s has an invalid target", rule.pk)
        return 0
    key = target.translation_key
    audience = selectors.assignment_rule_audience(rule=rule)
    now = timezone.now()

    left = Assignment.objects.filter(rule=rule, withdrawn_at__isnull=True).exclude(
        target_key=key, learner__in=audience.values("pk")
    )
    for other in _active_rules():
        if other.pk != rule.pk:
            left = left.exclude(
                target_key=other.target.translation_key,
                learner__in=selectors.assignment_rule_audience(rule=other).values("pk"),
            )
    left_ids = list(left.values_list("pk", "learner_id"))
    Assignment.objects.filter(pk__in=[pk for pk, _learner in left_ids]).update(
        withdrawn_at=now
    )
    back = Assignment.objects.filter(
        target_key=key, withdrawn_at__isnull=False, learner__in=audience.values("pk")
    )
    back_learners = list(back.values_list("learner_id", flat=True))
    back.update(withdrawn_at=None)
    _stamps_bump([learner_id for _pk, learner_id in left_ids] + back_learners)
    if not target.live:
        return 0

    newcomers = list(
        audience.exclude(
            Exists(Assignment.objects.filter(learner=OuterRef("pk"), target_key=key))
        ).values_list("pk", "audience_started")
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                learner_id=learner_id,
                target_kind=kind,
                target_key=key,
                due_date=selectors.assignment_due_date(rule=rule, started=started),
                rule=rule,
            )
            for learner_id, started in newcomers
        ],
        ignore_conflicts=True,  # assigned meanwhile (the per-person task): that stands
    )
    created = list(
        Assignment.objects.filter(
            rule=rule,
            target_key=key,
            learner_id__in=[learner_id for learner_id, _started in newcomers],
            notified_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    for learner in User.objects.filter(pk__in=[pk for pk, _started in newcomers]):
        assignment_enrol(learner=learner, target=target)
    _stamps_bump(learner_id for learner_id, _started in newcomers)
    if created:
        enqueue_durably(assignments_notify_task, assignment_ids=created)
    return len(created)


def assignment_rule_reevaluate(*, rule: AssignmentRule) -> None:
    """A rule was created or edited: apply it to its whole audience in the background
    (one task for the rule, once the save is committed)."""
    rule_id = rule.pk
    enqueue_durably(assignment_rule_apply_task, rule_id=rule_id)


def assignment_nudge(*, learner: User, by: User) -> AssignmentNudge:
    """An admin reminds a person in their scope of their overdue learning: one e-mail,
    at most once a person a day (whoever asks; the constraint decides), recorded in
    the audit log. Refused with a message when it was done today or nothing is
    overdue; PermissionDenied out of scope or without the right to assign."""
    if (
        not by.has_perm("courses.add_assignment")
        or not User.objects.filter(learner_scope_q(viewer=by), pk=learner.pk).exists()
    ):
        raise PermissionDenied(MSG_ASSIGN_FORBIDDEN)
    name = learner.full_name or learner.email
    overdue = list(
        selectors.assignment_list_overdue()
        .filter(learner=learner)
        .values_list("pk", flat=True)
    )
    if not overdue:
        raise ValidationError(
            MSG_NUDGE_NOTHING_OVERDUE, code="nothing", params={"name": name}
        )
    try:
        with transaction.atomic():
            nudge = AssignmentNudge.objects.create(
                learner=learner, day=timezone.localdate(), sent_by=by
            )
            audit_log(
                nudge,
                NUDGE_ACTION,
                user=by,
                region_id=learner.region_id,
                data={"learner": learner.pk, "assignments": overdue},
            )
    except IntegrityError:
        raise ValidationError(
            MSG_NUDGE_ALREADY, code="already", params={"name": name}
        ) from None
    enqueue_durably(assignment_nudge_send_task, nudge_id=nudge.pk)
    return nudge
