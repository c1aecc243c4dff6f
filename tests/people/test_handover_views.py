"""The hand-over pages: the leaver's checklist from the profile, the admins' list and
page (scoped), appointing a successor or naming a stand-in, re-displayed on bad input."""

import pytest
from wagtail.models import ModelLogEntry

from people import services
from people.models import Handover, Position
from tests.courses.helpers import messages_of, page_text, ru

from .conftest import yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(coordinator_position, volunteer_ngo, sessions):
    services.position_end(position=coordinator_position, end_date=yesterday())
    return coordinator_position.handovers.get()


def url(handover, suffix="") -> str:
    return f"/ru/manage/handovers/{handover.pk}/{suffix}"


def test_the_profile_links_the_leaver_to_their_checklist(client, handover, coordinator):
    client.force_login(coordinator)

    text = page_text(client.get("/ru/profile/"))

    assert f"/ru/profile/handovers/{handover.pk}/" in text
    assert ru("fill in the hand-over checklist for your successor") in text


def test_the_checklist_is_prefilled_with_the_regions_volunteer_organisations(
    client, handover, coordinator, volunteer_ngo
):
    client.force_login(coordinator)

    response = client.get(f"/ru/profile/handovers/{handover.pk}/")

    assert response.status_code == 200
    assert response.context["formset"].initial[0]["name"] == volunteer_ngo.name
    assert ru("Hand-over checklist") in page_text(response)


def test_nobody_else_opens_the_leavers_checklist(client, handover, successor):
    client.force_login(successor)

    assert client.get(f"/ru/profile/handovers/{handover.pk}/").status_code == 404
    assert client.get(f"/ru/profile/handovers/{handover.pk}/notes/").status_code == 404


def test_a_bad_contact_redisplays_the_checklist_and_saves_nothing(
    client, handover, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        f"/ru/profile/handovers/{handover.pk}/",
        {
            "notes": "Заметки",
            "open_matters": "",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "ОФ",
            "contacts-0-email": "не адрес",
        },
    )

    assert response.status_code == 200
    assert ru("Please correct the errors below.") in messages_of(response)
    handover.refresh_from_db()
    assert handover.notes == ""


def test_the_regional_admin_lists_and_opens_their_regions_hand_overs(
    client, handover, regional_admin
):
    client.force_login(regional_admin)

    listing = client.get("/ru/manage/handovers/")
    detail = client.get(url(handover))

    assert listing.status_code == 200
    assert list(listing.context["open_handovers"]) == [handover]
    assert detail.status_code == 200
    text = page_text(detail)
    assert ru("Appoint the successor") in text
    assert "Интенсив для новичков" in text


def test_an_admin_of_another_region_can_neither_open_nor_appoint(
    client, handover, other_regional_admin, successor
):
    client.force_login(other_regional_admin)

    assert client.get("/ru/manage/handovers/").context["open_handovers"] == []
    assert client.get(url(handover)).status_code == 404
    response = client.post(url(handover, "appoint/"), {"email": successor.email})
    assert response.status_code == 404
    assert (
        client.post(
            url(handover, "stand-in/"), {"stand_in-email": successor.email}
        ).status_code
        == 404
    )
    assert not Position.objects.filter(user=successor).exists()


def test_mentors_and_learners_may_not_manage_hand_overs(
    client, handover, mentor, learner
):
    for user in (mentor, learner):
        client.force_login(user)
        assert client.get("/ru/manage/handovers/").status_code == 403
        assert client.get(url(handover)).status_code == 403


def test_appointing_through_the_page_twice_creates_one_position(
    client, handover, regional_admin, successor
):
    client.force_login(regional_admin)

    first = client.post(url(handover, "appoint/"), {"email": successor.email})
    second = client.post(url(handover, "appoint/"), {"email": successor.email})

    assert first.status_code == 302
    assert second.status_code == 302
    assert Position.objects.filter(user=successor).count() == 1
    handover.refresh_from_db()
    assert handover.status == Handover.Status.COMPLETED
    entry = ModelLogEntry.objects.get(action="people.handover_complete")
    assert entry.user_id == regional_admin.pk


def test_appointing_someone_outside_the_region_redisplays_the_form(
    client, handover, regional_admin, other_region_learner
):
    client.force_login(regional_admin)

    response = client.post(
        url(handover, "appoint/"), {"email": other_region_learner.email}
    )

    assert response.status_code == 400
    assert ru("The successor was not appointed.") in messages_of(response)
    assert ru(
        "Nobody with this e-mail address is among the people you manage."
    ) in page_text(response)
    assert not Position.objects.filter(user=other_region_learner).exists()


def test_naming_a_stand_in_through_the_page(client, handover, regional_admin, stand_in):
    client.force_login(regional_admin)

    response = client.post(
        url(handover, "stand-in/"), {"stand_in-email": stand_in.email}
    )

    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.stand_in == stand_in
    assert ModelLogEntry.objects.filter(action="people.handover_stand_in").exists()


def test_the_successor_finds_the_notes_on_their_profile(
    client, handover, regional_admin, successor
):
    services.handover_complete(handover=handover, successor=successor)
    client.force_login(successor)

    text = page_text(client.get("/ru/profile/"))

    assert f"/ru/profile/handovers/{handover.pk}/notes/" in text
    assert ru("not read yet") in text


def test_the_hand_over_pages_run_a_fixed_number_of_queries(
    client, handover, regional_admin, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people.models import HandoverContact, HandoverDuty

    def counts():
        result = []
        for user, path in (
            (regional_admin, url(handover)),
            (coordinator, f"/ru/profile/handovers/{handover.pk}/"),
        ):
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            result.append(len(queries))
        return result

    counts()  # warm the caches (permissions, content version)
    few = counts()
    for i in range(6):
        HandoverContact.objects.create(handover=handover, name=f"Группа {i}")
        HandoverDuty.objects.create(
            handover=handover,
            kind="sessions",
            object_type="scheduling.trainingsession",
            object_id=str(1000 + i),
            label=f"Занятие {i}",
            holder=coordinator,
        )

    assert counts() == few
