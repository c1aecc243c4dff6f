"""The test suite's real Celery worker runs platform tasks (tests/worker.py)."""

from __future__ import annotations

import time

import pytest
from celery.result import EagerResult
from wagtail.models import ModelLogEntry

from people.models import User
from people.tasks import user_erase
from tests.factories import UserFactory
from tests.worker import TIMEOUT

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_user_erase_runs_on_a_real_worker_and_a_second_run_changes_nothing(
    celery_worker,
):
    user = UserFactory(email="erase-me@example.kz", full_name="Айжан Серикова")

    first = user_erase.delay(user_id=user.pk)

    assert not isinstance(first, EagerResult)  # it went through Redis
    deadline = time.monotonic() + TIMEOUT
    while not User.objects.filter(pk=user.pk, erased_at__isnull=False).exists():
        assert time.monotonic() < deadline, f"not erased within {TIMEOUT}s"
        time.sleep(0.2)
    user.refresh_from_db()
    assert user.email.endswith("@invalid.invalid")
    assert user.full_name == ""
    assert user.date_of_birth is None
    assert not user.is_active
    assert not user.has_usable_password()
    assert celery_worker.wait_for_task(first.id) == "True"
    audit = ModelLogEntry.objects.filter(action="people.erase", object_id=str(user.pk))
    assert audit.count() == 1
    erased = User.objects.filter(pk=user.pk).values().get()

    second = user_erase.delay(user_id=user.pk)

    assert celery_worker.wait_for_task(second.id) == "False"
    assert User.objects.filter(pk=user.pk).values().get() == erased
    assert audit.count() == 1
