"""The learner record (transcript) of one person: who they are and where they work,
their assigned learning, enrolments with each item done, quiz attempts, submissions
and their reviews, certificates, clearance per risk zone, training sessions and
acknowledgements of the Standard. Read through each app's selectors, in a fixed
number of queries whatever the numbers of records."""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from assessments.selectors.record import (
    AssessmentRecord,
    assessment_record,
)
from certificates.selectors import (
    CertificateSummary,
    Clearance,
    Status,
    certificate_summary_list_for_holder,
    clearance_list,
)
from courses.selectors import LearningRecord, learning_record
from people.selectors import position_list_for_user, user_get_visible
from scheduling.selectors import SessionRecord, session_record_list

from .dashboard import can_view_reports

if TYPE_CHECKING:
    from people.models import Position, User


@dataclasses.dataclass
class LearnerRecord:
    """Everything the record shows of one person, as of `at`."""

    learner: User
    at: datetime.datetime
    positions: list[Position]
    learning: LearningRecord
    assessments: AssessmentRecord
    certificates: list[CertificateSummary]
    clearances: list[Clearance]
    sessions: list[SessionRecord]

    @property
    def current_positions(self) -> list[Position]:
        today = timezone.localdate(self.at)
        return [p for p in self.positions if p.is_active_on(today)]

    @property
    def past_positions(self) -> list[Position]:
        today = timezone.localdate(self.at)
        return [p for p in self.positions if not p.is_active_on(today)]


def learner_record(*, learner: User) -> LearnerRecord:
    """The record of `learner`, for whoever the caller has let see it (no permission
    check: learner_record_get is the admins' way in; a learner's own record is read
    with their own user). Fifteen queries at most, whatever the data: positions (1),
    learning (6), attempts and submissions (3), certificates and clearance (2, the
    clearance rules memoized), sessions (3)."""
    now = timezone.now()
    certificates = certificate_summary_list_for_holder(learner=learner, now=now)
    clearances = clearance_list(
        learner=learner,
        now=now,
        # The valid ones are what clearance needs: no second read of certificates.
        valid_keys={
            s.certificate.target_key
            for s in certificates
            if s.status in (Status.VALID, Status.EXPIRING)
        },
    )
    return LearnerRecord(
        learner=learner,
        at=now,
        positions=list(position_list_for_user(user=learner)),
        learning=learning_record(learner=learner),
        assessments=assessment_record(learner=learner),
        certificates=certificates,
        clearances=clearances,
        sessions=session_record_list(person=learner),
    )


def learner_record_get(*, viewer: User, pk: int) -> LearnerRecord:
    """The record of the person `pk` for `viewer`: a regional or national admin
    (can_view_reports; PermissionDenied otherwise, before anything is read of the
    person) who sees them under the one scope rule (people.selectors.
    user_get_visible; User.DoesNotExist otherwise, which views answer with 404)."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    return learner_record(learner=user_get_visible(viewer=viewer, pk=pk))


def learner_record_own(*, user: User) -> LearnerRecord:
    """A person's own record (read again through the scope rule, which always lets
    people see themselves, so that their region and organisation come with them)."""
    return learner_record(learner=user_get_visible(viewer=user, pk=user.pk))
