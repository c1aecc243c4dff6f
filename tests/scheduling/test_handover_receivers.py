"""Scheduling's part of a hand-over: the leaver's sessions that have not taken place
are their duties, and the next holder trains them instead."""

import pytest

from people.models import Handover
from people.roles import Role
from people.signals import handover_duties_collect
from scheduling.models import SessionStatus
from scheduling.selectors.handover import HANDOVER_DUTY_SESSIONS
from scheduling.services.handover import sessions_trainer_replace
from tests.factories import TrainingSessionFactory, UserFactory, staff_member
from tests.people.helpers import days_from_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(regional_office):
    return staff_member(Role.MENTOR, organization=regional_office)


def collected(position):
    duties = []
    for _receiver, response in handover_duties_collect.send(
        sender=Handover, position=position
    ):
        duties += [d for d in response or [] if d.kind == HANDOVER_DUTY_SESSIONS]
    return duties


def test_only_sessions_still_to_come_are_the_leavers_duties(trainer, region):
    upcoming = TrainingSessionFactory(region=region)
    cancelled = TrainingSessionFactory(region=region, status=SessionStatus.CANCELLED)
    past = TrainingSessionFactory(region=region, days=[days_from_today(-20)])
    for session in (upcoming, cancelled, past):
        session.trainers.add(trainer)

    duties = collected(trainer.positions.get())

    assert [d.object_id for d in duties] == [str(upcoming.pk)]
    assert duties[0].moves
    assert upcoming.title in duties[0].label


def test_the_next_holder_replaces_the_leaver_and_keeps_the_co_trainer(trainer, region):
    co_trainer, successor = UserFactory(), UserFactory()
    session = TrainingSessionFactory(region=region)
    session.trainers.add(trainer, co_trainer)
    other = TrainingSessionFactory(region=region)
    other.trainers.add(trainer)

    for _ in range(2):  # idempotent
        sessions_trainer_replace(
            session_ids=[session.pk], from_user=trainer, to_user=successor
        )

    assert set(session.trainers.all()) == {co_trainer, successor}
    assert list(other.trainers.all()) == [trainer]  # not part of the hand-over
