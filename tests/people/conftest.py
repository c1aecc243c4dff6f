"""Fixtures for the people tests: two regions, their front offices, the national office."""

import pytest

from people.models import Organization
from tests.factories.people import OrganizationFactory, UserFactory, region


@pytest.fixture
def almaty(db):
    return region("KZ-75")


@pytest.fixture
def astana(db):
    return region("KZ-71")


@pytest.fixture
def almaty_office(almaty):
    return OrganizationFactory(name="Фронт-офис Алматы", region=almaty)


@pytest.fixture
def astana_office(astana):
    return OrganizationFactory(name="Фронт-офис Астаны", region=astana)


@pytest.fixture
def national_office(db):
    return OrganizationFactory(
        name="Национальный фронт-офис",
        kind=Organization.Kind.NATIONAL_OFFICE,
        region=None,
    )


@pytest.fixture
def almaty_learner(almaty):
    return UserFactory(region=almaty)


@pytest.fixture
def astana_learner(astana):
    return UserFactory(region=astana)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)
