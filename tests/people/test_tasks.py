"""people.tasks: erasure, its notice and the beat jobs, run eagerly as Celery would."""

import datetime

import pytest
from django.utils import timezone

from people import services, tasks
from people.models import ErasureRequest, Position, User
from people.roles import Role
from tests.factories.people import ErasureRequestFactory, UserFactory

from .helpers import days_from_today

pytestmark = pytest.mark.django_db


def test_user_erase_task_erases_the_user(learner):
    ErasureRequestFactory(user=learner, due_at=timezone.now())

    assert tasks.user_erase.delay(user_id=learner.pk).get() is True

    user = User.objects.get(pk=learner.pk)
    assert user.erased_at is not None
    assert user.full_name == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.erasure_requests.get().status == ErasureRequest.Status.DONE


def test_user_erase_task_run_twice_changes_nothing_the_second_time(learner):
    tasks.user_erase.delay(user_id=learner.pk)
    erased = User.objects.values().get(pk=learner.pk)

    assert tasks.user_erase.delay(user_id=learner.pk).get() is False

    assert User.objects.values().get(pk=learner.pk) == erased


def test_user_erase_task_for_a_deleted_user_does_nothing():
    assert tasks.user_erase.delay(user_id=987654).get() is False


def test_user_erasure_due_process_erases_only_requests_past_their_due_date():
    now = timezone.now()
    due = ErasureRequestFactory(due_at=now - datetime.timedelta(minutes=5))
    waiting = ErasureRequestFactory(due_at=now + datetime.timedelta(days=2))
    cancelled = ErasureRequestFactory(
        due_at=now - datetime.timedelta(days=1),
        status=ErasureRequest.Status.CANCELLED,
    )
    bystander = UserFactory()

    assert tasks.user_erasure_due_process.delay().get() == 1

    erased_ids = set(
        User.objects.filter(erased_at__isnull=False).values_list("pk", flat=True)
    )
    assert erased_ids == {due.user_id}
    due.refresh_from_db()
    waiting.refresh_from_db()
    assert due.status == ErasureRequest.Status.DONE
    assert waiting.status == ErasureRequest.Status.PENDING
    assert User.objects.get(pk=cancelled.user_id).is_active
    assert User.objects.get(pk=bystander.pk).is_active


def test_user_erasure_due_process_run_twice_erases_nobody_the_second_time():
    ErasureRequestFactory(due_at=timezone.now() - datetime.timedelta(minutes=5))
    tasks.user_erasure_due_process.delay()

    assert tasks.user_erasure_due_process.delay().get() == 0


def test_erasure_request_notify_sends_the_mail_once_even_when_run_twice(
    learner, mailoutbox
):
    request = ErasureRequestFactory(user=learner)

    assert tasks.erasure_request_notify.delay(erasure_request_id=request.pk).get()
    assert not tasks.erasure_request_notify.delay(erasure_request_id=request.pk).get()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [learner.email]
    assert learner.full_name in mail.body
    request.refresh_from_db()
    assert request.notified_at is not None


def test_erasure_request_notify_sends_nothing_for_a_cancelled_request(
    learner, mailoutbox
):
    request = ErasureRequestFactory(
        user=learner, status=ErasureRequest.Status.CANCELLED
    )

    assert not tasks.erasure_request_notify.delay(erasure_request_id=request.pk).get()

    assert mailoutbox == []


def test_positions_expire_task_withdraws_permissions_of_positions_ended_yesterday(
    learner, regional_office
):
    position = services.position_start(
        user=learner,
        organization=regional_office,
        role=Role.MENTOR,
        start_date=days_from_today(-20),
    )
    Position.objects.filter(pk=position.pk).update(end_date=days_from_today(-1))

    assert tasks.positions_expire.delay().get() == 1

    assert not User.objects.get(pk=learner.pk).has_perm("courses.view_enrolment")
