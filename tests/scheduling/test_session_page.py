"""The session page: its facts in Almaty time, the meeting link only for the
registered, the person's state and the one button that applies, sign-up and
cancelling through the services (refusals come back as messages), and a query count
that does not grow with the registrations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from scheduling.models import Registration, RegistrationStatus, SessionKind
from scheduling.services import (
    registration_refuse,
    session_register,
)
from scheduling.services.registration import MSG_NOT_IN_AUDIENCE, MSG_NOT_OPEN
from tests.courses.helpers import ru
from tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

REGISTER = ru("Register") + "</button>"
WAITLIST = ru("Join the waitlist") + "</button>"
REQUEST = ru("Request a place") + "</button>"
CANCEL = ru("Cancel my registration") + "</button>"
LEAVE = ru("Leave the waitlist") + "</button>"
WITHDRAW = ru("Withdraw the request") + "</button>"


def shown(text: str, **params) -> str:
    """A message as the page shows it: in Russian, HTML-escaped."""
    return escape(ru(text, **params))


BUTTONS = [REGISTER, WAITLIST, REQUEST, CANCEL, LEAVE, WITHDRAW]


def url(session, name="session_detail"):
    return reverse(f"scheduling:{name}", args=[session.pk])


def page(client, session) -> str:
    response = client.get(url(session))
    assert response.status_code == 200
    return response.content.decode()


def buttons(content: str) -> list[str]:
    return [button for button in BUTTONS if button in content]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_page_shows_days_in_almaty_time_venue_trainers_and_seats(
    client, open_session, trainer, home_page
):
    content = page(client, open_session)
    assert open_session.title in content
    assert "10:00–17:00" in content
    assert escape(open_session.venue) in content
    assert escape(trainer.full_name) in content
    assert shown("%(left)s of %(capacity)s", left=10, capacity=10) in content


def test_draft_session_is_404(client, home_page, region):
    draft = TrainingSessionFactory(region=region, status="draft")
    assert client.get(url(draft)).status_code == 404


def test_anonymous_visitor_is_asked_to_sign_in(client, open_session, home_page):
    content = page(client, open_session)
    assert reverse("account_login") in content
    assert buttons(content) == []


def test_person_not_registered_sees_register(staff_client, open_session, home_page):
    assert buttons(page(staff_client, open_session)) == [REGISTER]


def test_register_then_cancel_through_the_page(
    staff_client, staff, open_session, home_page
):
    response = staff_client.post(url(open_session, "session_register"), follow=True)
    content = response.content.decode()
    assert shown("You are registered.") in content
    assert "message--success" in content
    assert buttons(content) == [CANCEL]
    response = staff_client.post(url(open_session, "registration_cancel"), follow=True)
    content = response.content.decode()
    assert shown("Your registration is cancelled.") in content
    assert buttons(content) == [REGISTER]


def test_double_click_registers_once(staff_client, staff, open_session, home_page):
    for _ in range(2):
        staff_client.post(url(open_session, "session_register"))
    assert Registration.objects.filter(session=open_session, person=staff).count() == 1


def test_meeting_link_only_for_the_registered(staff_client, staff, region, home_page):
    session = TrainingSessionFactory(
        region=region, kind=SessionKind.ONLINE, meeting_url="https://meet.example/abc"
    )
    assert "https://meet.example/abc" not in page(staff_client, session)
    session_register(session=session, person=staff, by=staff)
    assert "https://meet.example/abc" in page(staff_client, session)


def test_full_session_offers_the_waitlist_and_shows_the_place(
    staff_client, staff, other_staff, region, home_page
):
    session = TrainingSessionFactory(region=region, capacity=1)
    session_register(session=session, person=other_staff, by=other_staff)
    assert buttons(page(staff_client, session)) == [WAITLIST]
    staff_client.post(url(session, "session_register"))
    content = page(staff_client, session)
    assert shown("You are on the waitlist, number %(position)s.", position=1) in content
    assert buttons(content) == [LEAVE]


def test_full_session_without_waitlist_offers_nothing(
    staff_client, other_staff, region, home_page
):
    session = TrainingSessionFactory(region=region, capacity=1, waitlist=False)
    session_register(session=session, person=other_staff, by=other_staff)
    content = page(staff_client, session)
    assert buttons(content) == []
    assert shown("No seats left.") in content


def test_approval_request_then_refusal_with_reason(
    staff_client, staff, regional_admin, region, home_page
):
    session = TrainingSessionFactory(region=region, approval_required=True)
    assert buttons(page(staff_client, session)) == [REQUEST]
    staff_client.post(url(session, "session_register"))
    content = page(staff_client, session)
    assert (
        shown("Your request awaits the regional administrator's approval.") in content
    )
    assert buttons(content) == [WITHDRAW]
    registration = Registration.objects.get(session=session, person=staff)
    registration_refuse(
        registration=registration, by=regional_admin, reason="Нет мест для вашей роли"
    )
    content = page(staff_client, session)
    assert shown("Your request was refused.") in content
    assert "Нет мест для вашей роли" in content
    assert buttons(content) == []


def test_closed_session_shows_no_button_and_a_post_is_refused_with_a_message(
    staff_client, region, home_page
):
    session = TrainingSessionFactory(region=region, status="closed")
    content = page(staff_client, session)
    assert buttons(content) == []
    assert shown("Registration is closed.") in content
    response = staff_client.post(url(session, "session_register"), follow=True)
    assert escape(str(MSG_NOT_OPEN)) in response.content.decode()
    assert not Registration.objects.filter(session=session).exists()


def test_person_outside_the_audience_is_refused_with_a_message(
    staff_client, other_region, home_page
):
    session = TrainingSessionFactory(region=other_region)
    response = staff_client.post(url(session, "session_register"), follow=True)
    content = response.content.decode()
    assert "message--error" in content
    assert escape(str(MSG_NOT_IN_AUDIENCE).split(":")[0]) in content
    assert not Registration.objects.filter(session=session).exists()


def test_cancelled_session_says_so_with_its_reason(staff_client, region, home_page):
    session = TrainingSessionFactory(
        region=region, status="cancelled", cancelled_reason="Карантин"
    )
    content = page(staff_client, session)
    assert shown("This session is cancelled.") in content and "Карантин" in content
    assert buttons(content) == []


def test_register_needs_sign_in_and_post(client, open_session, home_page):
    response = client.post(url(open_session, "session_register"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Registration.objects.exists()


def test_session_page_query_count_does_not_grow_with_registrations(
    staff_client, staff, regional_office, open_session, home_page
):
    from people.roles import Role
    from tests.factories import staff_member

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(staff_client, open_session)
        return len(queries)

    session_register(session=open_session, person=staff, by=staff)
    for _ in range(2):
        person = staff_member(Role.STAFF, organization=regional_office)
        session_register(session=open_session, person=person, by=person)
    count()
    few = count()
    for _ in range(18):
        person = staff_member(Role.STAFF, organization=regional_office)
        session_register(session=open_session, person=person, by=person)
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).exists()
    count()  # people were appointed meanwhile: the caches fill again
    assert count() == few


def test_trainer_sees_the_meeting_link(client, trainer, region, home_page):
    session = TrainingSessionFactory(
        region=region, kind=SessionKind.ONLINE, meeting_url="https://meet.example/t"
    )
    session.trainers.add(trainer)
    client.force_login(trainer)
    assert "https://meet.example/t" in page(client, session)


def test_a_seat_holder_finds_the_check_in_link_on_the_day_itself(
    staff_client, staff, region
):
    from django.utils import timezone

    from tests.factories import session_days_set

    session = TrainingSessionFactory(region=region, kind=SessionKind.ONLINE)
    session_register(session=session, person=staff, by=staff)
    check_in = reverse("scheduling_attendance:session_check_in", args=[session.pk])
    assert check_in not in page(staff_client, session)  # not today yet
    session_days_set(session, [timezone.localdate()], start=(0, 0), end=(23, 59))
    assert check_in in page(staff_client, session)
