"""The check-in pages of a draft session answer 404, as every learner-facing page of
a draft does (drafts show nowhere), even with the day's right code: they showed its
title to anyone signed in who typed its number. Found by the authorization walk
(tests/authz)."""

# The shared fixtures are imported by name (see test_attendance.py).
# ruff: noqa: F401, F811

import pytest
from django.urls import reverse

from scheduling import selectors
from scheduling.models import Attendance, SessionStatus, TrainingSession
from tests.scheduling.attendance_helpers import (
    attend_course,
    day,
    participant,
    session,
    today,
    trainer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(session):
    TrainingSession.objects.filter(pk=session.pk).update(status=SessionStatus.DRAFT)
    return session


def test_the_qr_code_page_of_a_drafts_day_is_404_even_with_its_code(
    client, participant, draft, day
):
    client.force_login(participant)
    url = reverse(
        "scheduling_attendance:check_in",
        args=[day.pk, selectors.check_in_token(day=day)],
    )

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Attendance.objects.exists()


def test_the_typed_code_page_of_a_draft_is_404_even_with_its_code(
    client, participant, draft, day
):
    client.force_login(participant)
    url = reverse("scheduling_attendance:session_check_in", args=[draft.pk])

    assert client.get(url).status_code == 404
    response = client.post(url, {"code": selectors.check_in_human_code(day=day)})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_the_check_in_pages_of_an_open_session_still_answer(
    client, participant, session, day
):
    client.force_login(participant)
    token = selectors.check_in_token(day=day)

    qr = client.get(reverse("scheduling_attendance:check_in", args=[day.pk, token]))
    typed = client.get(
        reverse("scheduling_attendance:session_check_in", args=[session.pk])
    )

    assert qr.status_code == 200 and session.title in qr.content.decode()
    assert typed.status_code == 200
