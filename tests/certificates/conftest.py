"""Fixtures of the certificates tests: the certified course's parts and a certificate
(the certified course, its template and the holder are in tests/conftest.py)."""

import pytest
from django.utils import timezone

from certificates import services


@pytest.fixture
def certified_course(certified_course_and_lessons):
    return certified_course_and_lessons[0]


@pytest.fixture
def certificate_rule(certified_course_and_lessons):
    return certified_course_and_lessons[2]


@pytest.fixture
def certificate(holder, certificate_rule):
    """A certificate issued to `holder` today (through the service; its on-commit work,
    PDF and e-mail, does not run in a test transaction)."""
    certificate, _created = services.certificate_issue(
        learner=holder, rule=certificate_rule, completed_at=timezone.now()
    )
    return certificate


@pytest.fixture
def holder_client(client, holder):
    client.force_login(holder)
    return client
