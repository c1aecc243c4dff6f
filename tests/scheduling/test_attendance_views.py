"""The trainer's list of a day (one POST for the whole list, without JavaScript),
the JSON endpoint the phone sends kept marks to, the query count of the list, and
the "attend a session" item page."""

# The shared fixtures are imported by name (see test_attendance.py).
# ruff: noqa: F401, F811

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.services import enrolment_create
from scheduling.models import Attendance
from tests.factories import UserFactory
from tests.scheduling.attendance_helpers import (
    attend_course,
    day,
    other_session,
    participant,
    people_registered,
    register,
    second_day,
    session,
    today,
    trainer,
)

pytestmark = pytest.mark.django_db


def list_url(day):
    return reverse("scheduling_attendance:day_list", args=[day.pk])


def marks_url(day):
    return reverse("scheduling_attendance:day_marks", args=[day.pk])


def test_list_shows_the_registered_people_with_a_radio_per_mark(
    client, day, participant, trainer
):
    client.force_login(trainer)
    html = client.get(list_url(day)).content.decode()

    assert participant.full_name in html
    for value in ("present", "absent", "excused"):
        assert f'name="mark-{participant.pk}" value="{value}"' in html
    assert "scheduling/attendance" in html and ".js" in html


def test_list_post_saves_the_whole_list_and_shows_it_again_with_a_message(
    client, day, session, participant, trainer, region
):
    other, unmarked = people_registered(session, 2, region=region)
    client.force_login(trainer)

    response = client.post(
        list_url(day),
        {f"mark-{participant.pk}": "present", f"mark-{other.pk}": "excused"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == list_url(day)
    assert "2" in str(list(response.context["messages"])[0])
    assert dict(Attendance.objects.values_list("person_id", "mark")) == {
        participant.pk: "present",
        other.pk: "excused",
    }
    assert re.search(
        rf'name="mark-{participant.pk}" value="present"[^>]* checked',
        response.content.decode(),
    )


def test_list_post_with_a_bad_value_is_shown_again_with_the_error(
    client, day, participant, trainer
):
    client.force_login(trainer)
    response = client.post(list_url(day), {f"mark-{participant.pk}": "late"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_list_is_refused_to_a_learner_and_to_a_trainer_of_another_session(
    client, day, participant, region
):
    client.force_login(participant)
    assert client.get(list_url(day)).status_code == 403
    client.force_login(UserFactory(region=region))
    assert client.post(list_url(day), {}).status_code == 403


queries_last = []


def _queries(client, day) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(list_url(day)).status_code == 200
    queries_last[:] = queries.captured_queries
    return len(queries)


def test_list_query_count_does_not_grow_with_the_registrations(
    client, day, session, trainer, region
):
    client.force_login(trainer)
    people = people_registered(session, 2, region=region)
    Attendance.objects.create(
        day=day,
        person=people[0],
        mark="present",
        source="list",
        marked_at=timezone.now(),
    )
    _queries(client, day)  # warm the caches a first request fills
    few = _queries(client, day)

    more = people_registered(session, 8, region=region)
    for person in more[:5]:
        Attendance.objects.create(
            day=day,
            person=person,
            mark="absent",
            source="list",
            marked_at=timezone.now(),
        )
    _queries(client, day)  # saving people and marks emptied those caches
    many = _queries(client, day)

    assert many == few, "\n".join(q["sql"] for q in queries_last)


# The JSON endpoint
# ------------------------------------------------------------------------------


def _post(client, day, marks):
    return client.post(
        marks_url(day), json.dumps({"marks": marks}), content_type="application/json"
    )


def _mark(person, value, at, client_id):
    return {
        "person": person.pk,
        "mark": value,
        "marked_at": at.isoformat(),
        "client_id": client_id,
    }


def test_json_batch_saves_and_a_resent_batch_changes_nothing(
    client, day, participant, trainer
):
    client.force_login(trainer)
    at = timezone.now() - datetime.timedelta(hours=2)  # made offline, sent later
    batch = [_mark(participant, "present", at, "c1")]

    first = _post(client, day, batch).json()
    again = _post(client, day, batch).json()

    assert first["results"][0]["status"] == "saved"
    assert again["results"][0]["status"] == "unchanged"
    row = Attendance.objects.get()
    assert (row.mark, row.marked_at) == ("present", at)


def test_json_batch_keeps_the_newest_mark_whatever_order_they_arrive_in(
    client, day, participant, trainer
):
    client.force_login(trainer)
    now = timezone.now()
    _post(client, day, [_mark(participant, "absent", now, "late")])
    answer = _post(
        client,
        day,
        [_mark(participant, "present", now - datetime.timedelta(minutes=1), "early")],
    ).json()

    assert answer["results"] == [
        {
            "client_id": "early",
            "person_id": participant.pk,
            "status": "unchanged",
            "message": "",
            "mark": "absent",
        }
    ]
    assert Attendance.objects.get().mark == "absent"


def test_json_batch_refuses_a_person_not_registered_and_says_why(
    client, day, participant, trainer
):
    client.force_login(trainer)
    stranger = UserFactory()
    answer = _post(
        client,
        day,
        [
            _mark(stranger, "present", timezone.now(), "x"),
            _mark(participant, "present", timezone.now(), "y"),
        ],
    ).json()
    assert [r["status"] for r in answer["results"]] == ["refused", "saved"]
    assert answer["results"][0]["message"]


def test_json_batch_answers_401_403_and_400_as_json(client, day, participant):
    batch = [_mark(participant, "present", timezone.now(), "z")]
    assert _post(client, day, batch).status_code == 401
    client.force_login(participant)
    assert _post(client, day, batch).status_code == 403
    assert not Attendance.objects.exists()


def test_json_batch_that_is_not_one_is_refused(client, day, trainer):
    client.force_login(trainer)
    response = client.post(marks_url(day), "nonsense", content_type="application/json")
    assert response.status_code == 400
    no_time = _post(client, day, [{"person": 1, "mark": "present"}])
    assert no_time.status_code == 400


def test_json_batch_needs_the_csrf_token(day, trainer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)
    assert _post(client, day, []).status_code == 403


# The "attend a session" item page
# ------------------------------------------------------------------------------


def test_item_page_lists_the_courses_open_sessions_and_the_learners_state(
    client, attend_course, session, day, second_day, participant, trainer
):
    _course, item = attend_course
    client.force_login(participant)

    before = client.get(item.url).content.decode()
    assert session.title in before
    assert f"/sessions/{session.pk}/" in before
    assert "status--waiting" in before

    client.force_login(trainer)
    for each in (day, second_day):
        client.post(list_url(each), {f"mark-{participant.pk}": "present"})
    client.force_login(participant)
    after = client.get(item.url).content.decode()
    assert "status--done" in after


def test_trainers_page_lists_their_sessions_with_a_link_to_each_day(
    client, session, day, second_day, trainer, other_session
):
    client.force_login(trainer)
    html = client.get(reverse("scheduling_attendance:session_list")).content.decode()

    assert session.title in html
    assert other_session.title not in html
    for each in (day, second_day):
        assert list_url(each) in html
