"""Registration: seats, the waitlist in arrival order, approval, cancelling with
promotion, the refusals and their messages, and many people at once."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from people.roles import Role
from scheduling import selectors
from scheduling.models import Registration, RegistrationStatus, SessionStatus
from scheduling.services import registration as registration_services
from scheduling.services import (
    registration_approve,
    registration_cancel,
    registration_refuse,
    session_register,
)
from tests.factories import (
    TrainingSessionFactory,
    UserFactory,
    session_days_set,
    staff_member,
)
from tests.services import database_vendor, missing

pytestmark = pytest.mark.django_db


def register(session, person, by=None):
    return session_register(session=session, person=person, by=by or person)


def people_in(regional_office, n, role=Role.STAFF):
    return [staff_member(role, organization=regional_office) for _ in range(n)]


def test_registering_takes_a_numbered_seat(open_session, staff):
    registration = register(open_session, staff)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.seat == 1
    assert selectors.session_seats_left(session=open_session) == 9


def test_registering_twice_returns_the_same_registration(open_session, staff):
    first = register(open_session, staff)
    second = register(open_session, staff)
    assert first.pk == second.pk
    assert Registration.objects.filter(person=staff).count() == 1


def test_a_full_session_waitlists_in_arrival_order(region, regional_office):
    session = TrainingSessionFactory(region=region, capacity=2)
    people = people_in(regional_office, 4)
    registrations = [register(session, person) for person in people]
    assert [r.status for r in registrations] == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    assert selectors.waitlist_position(registration=registrations[2]) == 1
    assert selectors.waitlist_position(registration=registrations[3]) == 2


def test_a_full_session_without_waitlist_refuses(region, regional_office):
    session = TrainingSessionFactory(region=region, capacity=1, waitlist=False)
    first, second = people_in(regional_office, 2)
    register(session, first)
    with pytest.raises(ValidationError) as refused:
        register(session, second)
    assert refused.value.messages == [str(registration_services.MSG_FULL)]


def test_cancelling_frees_the_seat_for_the_first_on_the_waitlist(
    region, regional_office
):
    session = TrainingSessionFactory(region=region, capacity=1)
    first, second, third = people_in(regional_office, 3)
    seated = register(session, first)
    waiting = register(session, second)
    register(session, third)

    registration_cancel(registration=seated, by=first)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert waiting.seat == 1
    third_registration = Registration.objects.get(person=third)
    assert third_registration.status == RegistrationStatus.WAITLISTED
    assert selectors.waitlist_position(registration=third_registration) == 1


def test_cancelling_twice_changes_nothing(open_session, staff):
    registration = register(open_session, staff)
    registration_cancel(registration=registration, by=staff)
    again = registration_cancel(registration=registration, by=staff)
    assert again.status == RegistrationStatus.CANCELLED
    assert Registration.objects.filter(person=staff).count() == 1


def test_after_cancelling_a_person_may_register_again(open_session, staff):
    registration = register(open_session, staff)
    registration_cancel(registration=registration, by=staff)
    again = register(open_session, staff)
    assert again.pk != registration.pk
    assert again.status == RegistrationStatus.REGISTERED


def test_someone_else_cannot_cancel_a_registration(open_session, staff, other_staff):
    registration = register(open_session, staff)
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=registration, by=other_staff)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (SessionStatus.CANCELLED, registration_services.MSG_CANCELLED),
        (SessionStatus.CLOSED, registration_services.MSG_NOT_OPEN),
        (SessionStatus.DRAFT, registration_services.MSG_NOT_OPEN),
        (SessionStatus.HELD, registration_services.MSG_NOT_OPEN),
    ],
)
def test_a_session_not_open_refuses_registration(region, staff, status, message):
    session = TrainingSessionFactory(region=region, status=status)
    with pytest.raises(ValidationError) as refused:
        register(session, staff)
    assert refused.value.messages == [str(message)]


def test_a_session_that_has_begun_refuses_registration(region, staff):
    today = timezone.localdate()
    session = TrainingSessionFactory(
        region=region, days=[today - datetime.timedelta(days=1), today]
    )
    with pytest.raises(ValidationError) as refused:
        register(session, staff)
    assert refused.value.messages == [str(registration_services.MSG_PAST)]


def test_the_registration_deadline_is_kept(region, staff):
    session = TrainingSessionFactory(
        region=region,
        registration_deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as refused:
        register(session, staff)
    assert refused.value.messages == [str(registration_services.MSG_DEADLINE_PASSED)]


def test_a_person_of_another_region_is_outside_the_audience(
    open_session, other_region_learner
):
    with pytest.raises(ValidationError) as refused:
        register(open_session, other_region_learner)
    assert refused.value.code == "audience"
    assert str(open_session.region) in refused.value.messages[0]


def test_a_role_audience_refuses_other_roles(region, staff, learner):
    session = TrainingSessionFactory(region=region, audience_roles=[Role.STAFF])
    assert register(session, staff).status == RegistrationStatus.REGISTERED
    with pytest.raises(ValidationError) as refused:
        register(session, learner)  # a volunteer holds no position
    assert str(Role.STAFF.label) in refused.value.messages[0]


def test_an_organisation_kind_audience_counts_the_persons_workplaces(
    region, staff, learner
):
    session = TrainingSessionFactory(
        region=region, audience_organization_kinds=["regional_front_office"]
    )
    assert register(session, staff).status == RegistrationStatus.REGISTERED
    with pytest.raises(ValidationError):
        register(session, learner)


def test_a_national_session_is_for_every_region(other_region_learner):
    session = TrainingSessionFactory(region=None)
    assert register(session, other_region_learner).status == (
        RegistrationStatus.REGISTERED
    )


def test_an_overlapping_registration_is_refused(region, staff, open_session):
    register(open_session, staff)
    clash = TrainingSessionFactory(region=region)
    session_days_set(
        clash, [open_session.days.first().date], start=(16, 0), end=(18, 0)
    )
    with pytest.raises(ValidationError) as refused:
        register(clash, staff)
    assert refused.value.code == "overlap"
    assert open_session.title in refused.value.messages[0]


def test_a_cancelled_session_does_not_clash(region, staff, open_session):
    register(open_session, staff)
    open_session.status = SessionStatus.CANCELLED
    open_session.save()
    same_time = TrainingSessionFactory(
        region=region, days=[d.date for d in open_session.days.all()]
    )
    assert register(same_time, staff).status == RegistrationStatus.REGISTERED


def test_with_approval_a_request_waits_for_the_regional_admin(
    region, staff, regional_admin
):
    session = TrainingSessionFactory(region=region, approval_required=True)
    request = register(session, staff)
    assert request.status == RegistrationStatus.PENDING
    assert request.seat is None

    approved = registration_approve(registration=request, by=regional_admin)
    assert approved.status == RegistrationStatus.REGISTERED
    assert approved.seat == 1
    assert approved.decided_by == regional_admin


def test_refusing_a_request_needs_a_reason(region, staff, regional_admin):
    session = TrainingSessionFactory(region=region, approval_required=True)
    request = register(session, staff)
    with pytest.raises(ValidationError) as refused:
        registration_refuse(registration=request, by=regional_admin, reason=" ")
    assert refused.value.message_dict == {
        "reason": [str(registration_services.MSG_REFUSE_REASON)]
    }
    refused_request = registration_refuse(
        registration=request, by=regional_admin, reason="Нет мест для района"
    )
    assert refused_request.status == RegistrationStatus.REFUSED
    assert refused_request.reason == "Нет мест для района"


def test_a_request_is_decided_once(region, staff, regional_admin):
    session = TrainingSessionFactory(region=region, approval_required=True)
    request = register(session, staff)
    registration_approve(registration=request, by=regional_admin)
    with pytest.raises(ValidationError) as refused:
        registration_refuse(registration=request, by=regional_admin, reason="x")
    assert refused.value.code == "decided"


def test_an_admin_of_another_region_cannot_decide(region, staff, other_regional_admin):
    session = TrainingSessionFactory(region=region, approval_required=True)
    request = register(session, staff)
    with pytest.raises(PermissionDenied):
        registration_approve(registration=request, by=other_regional_admin)


def test_an_admin_registers_anyone_in_scope_without_approval(
    region, learner, regional_admin
):
    session = TrainingSessionFactory(
        region=region, approval_required=True, audience_roles=[Role.STAFF]
    )
    registration = session_register(session=session, person=learner, by=regional_admin)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.registered_by == regional_admin


def test_an_admin_cannot_register_someone_out_of_scope(
    open_session, regional_admin, other_region_learner, other_regional_admin, staff
):
    with pytest.raises(PermissionDenied):
        session_register(
            session=open_session, person=other_region_learner, by=regional_admin
        )
    with pytest.raises(PermissionDenied):
        session_register(session=open_session, person=staff, by=other_regional_admin)


def test_a_learner_cannot_register_someone_else(open_session, staff, other_staff):
    with pytest.raises(PermissionDenied):
        session_register(session=open_session, person=other_staff, by=staff)


def test_a_learner_cannot_cancel_once_the_session_has_begun(region, staff):
    session = TrainingSessionFactory(region=region)
    registration = register(session, staff)
    session_days_set(session, [timezone.localdate()], start=(0, 0), end=(23, 59))
    with pytest.raises(ValidationError) as refused:
        registration_cancel(registration=registration, by=staff)
    assert refused.value.code == "started"


def test_an_admin_cancelling_is_logged_and_the_person_is_told(
    open_session, staff, regional_admin, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    registration = register(open_session, staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration_cancel(
            registration=registration, by=regional_admin, reason="Заболел"
        )
    assert len(callbacks) == 1
    entry = ModelLogEntry.objects.get(action="scheduling.registration_cancel")
    assert entry.user_id == regional_admin.pk
    assert entry.data["reason"] == "Заболел"


def test_promotion_enqueues_the_promoted_persons_notice(
    region, regional_office, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        registration_services.registration_notice_task,
        "delay",
        lambda **kwargs: sent.append(kwargs),
    )
    session = TrainingSessionFactory(region=region, capacity=1)
    first, second = people_in(regional_office, 2)
    seated = register(session, first)
    waiting = register(session, second)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seated, by=first)
    assert {"registration_id": waiting.pk, "event": "promoted"} in sent
    assert mail.outbox == []  # the learner's own cancelling sends nothing


def _at_once(workers):
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_at_once_for_ten_seats_register_ten_and_waitlist_forty(
    region, regional_office
):
    if database_vendor() != "postgresql":
        missing("registrations on separate connections need PostgreSQL")
    session = TrainingSessionFactory(region=region, capacity=10)
    people = people_in(regional_office, 50)

    errors = _at_once([lambda p=p: register(session, p) for p in people])

    assert errors == []
    rows = list(Registration.objects.filter(session=session).order_by("pk"))
    registered = [r for r in rows if r.status == RegistrationStatus.REGISTERED]
    waitlisted = [r for r in rows if r.status == RegistrationStatus.WAITLISTED]
    assert len(rows) == 50
    assert len(registered) == 10
    assert sorted(r.seat for r in registered) == list(range(1, 11))
    assert len(waitlisted) == 40
    # Arrival order: every seat went to someone who came before every waitlisted.
    assert max(r.pk for r in registered) < min(r.pk for r in waitlisted)
    positions = [selectors.waitlist_position(registration=r) for r in waitlisted]
    assert positions == list(range(1, 41))

    # Ten cancellations at once promote exactly ten, the first ten in line.
    errors = _at_once(
        [
            lambda r=r: registration_cancel(registration=r, by=r.person)
            for r in registered
        ]
    )
    assert errors == []
    promoted = Registration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    )
    assert sorted(promoted.values_list("pk", flat=True)) == [
        r.pk for r in waitlisted[:10]
    ]
    assert sorted(promoted.values_list("seat", flat=True)) == list(range(1, 11))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_once_registers_once(region, regional_office):
    if database_vendor() != "postgresql":
        missing("registrations on separate connections need PostgreSQL")
    session = TrainingSessionFactory(region=region, capacity=5)
    person = people_in(regional_office, 1)[0]
    errors = _at_once([lambda: register(session, person)] * 4)
    assert errors == []
    assert Registration.objects.filter(session=session, person=person).count() == 1


def test_a_person_without_an_account_region_is_outside_a_regional_audience(
    open_session,
):
    nomad = UserFactory(region=None)
    assert not selectors.person_in_audience(session=open_session, person=nomad)
