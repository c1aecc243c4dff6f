"""Fixtures of scheduling's tests: an open session of the shared region, staff
members of its front office, and a trainer."""

import pytest

from people.roles import Role
from tests.factories import TrainingSessionFactory, staff_member


@pytest.fixture
def staff(regional_office):
    """A staff member of the region's front office."""
    return staff_member(Role.STAFF, organization=regional_office)


@pytest.fixture
def other_staff(regional_office):
    return staff_member(Role.STAFF, organization=regional_office)


@pytest.fixture
def trainer(regional_office):
    return staff_member(Role.MENTOR, organization=regional_office)


@pytest.fixture
def open_session(region, trainer):
    """An open two-day intensive of the region, 14 days ahead, 10 seats."""
    session = TrainingSessionFactory(region=region, capacity=10)
    session.trainers.add(trainer)
    return session
