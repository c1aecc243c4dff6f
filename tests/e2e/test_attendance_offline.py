"""The trainer's attendance list in Chromium at a venue without internet: marks made
while the browser is offline are kept on the phone (and said to be waiting), then
sent when the connection returns, and arrive on the server once."""

# The shared fixtures are imported by name (see tests/scheduling/test_attendance.py).
# ruff: noqa: F401, F811

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from scheduling.models import Attendance
from tests.e2e.conftest import session_start
from tests.scheduling.attendance_helpers import (
    attend_course,
    day,
    people_registered,
    session,
    today,
    trainer,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_marks_made_offline_are_sent_once_when_the_connection_returns(
    live_server, context_new, day, session, trainer, region
):
    first, second, third = people_registered(session, 3, region=region)
    context = context_new()
    session_start(context, trainer, live_server)
    page = context.new_page()
    posts = []
    page.on(
        "request",
        lambda request: (
            posts.append(request.url)
            if request.method == "POST" and "/marks/" in request.url
            else None
        ),
    )
    page.goto(
        live_server.url + reverse("scheduling_attendance:day_list", args=[day.pk])
    )
    waiting = page.locator("[data-attendance-waiting]")
    expect(waiting).to_have_text("0")

    context.set_offline(True)
    page.locator(f'[data-person="{first.pk}"] input[value="present"]').check()
    page.locator(f'[data-person="{second.pk}"] input[value="absent"]').check()
    # Changed their mind about the second person: the latest mark replaces it.
    page.locator(f'[data-person="{second.pk}"] input[value="excused"]').check()
    page.locator(f'[data-person="{third.pk}"] input[value="present"]').check()

    expect(waiting).to_have_text("3")
    expect(page.locator("[data-attendance-offline]")).to_be_visible()
    assert not Attendance.objects.exists()

    context.set_offline(False)

    expect(waiting).to_have_text("0")
    marks = dict(Attendance.objects.values_list("person_id", "mark"))
    assert marks == {first.pk: "present", second.pk: "excused", third.pk: "present"}
    assert len(posts) == 1

    # Reloaded, the page has nothing waiting and sends nothing again.
    page.reload()
    expect(
        page.locator(f'[data-person="{second.pk}"] input[value="excused"]')
    ).to_be_checked()
    expect(waiting).to_have_text("0")
    assert len(posts) == 1
    assert Attendance.objects.count() == 3
