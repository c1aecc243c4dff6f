"""Self check-in in Chromium: the trainer's screen shows the day's QR code, a
registered participant who opens its address while signed in confirms they are
there and is marked present, once; the course's attend-a-session item completes
when every day is attended."""

# The shared fixtures are imported by name (see tests/scheduling/test_attendance.py).
# ruff: noqa: F401, F811

import urllib.parse

import pytest
import segno
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import ItemProgress
from scheduling.models import Attendance
from scheduling.views.attendance import check_in_url
from tests.e2e.conftest import session_start, t
from tests.scheduling.attendance_helpers import (
    attend_course,
    day,
    participant,
    session,
    today,
    trainer,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_scanning_the_days_qr_code_marks_the_participant_present_once(
    live_server, context_new, day, session, trainer, participant
):
    trainer_context, participant_context = context_new(), context_new()
    session_start(trainer_context, trainer, live_server)
    session_start(participant_context, participant, live_server)

    screen = trainer_context.new_page()
    screen.goto(
        live_server.url
        + reverse("scheduling_attendance:day_check_in_code", args=[day.pk])
    )
    shown = screen.locator("svg.qr-code").evaluate("svg => svg.outerHTML")
    address = check_in_url(day)
    # The code on the screen is the QR code of the day's check-in address.
    expected = segno.make(address, error="m", micro=False).svg_inline(
        scale=6, border=2, svgclass="qr-code", lineclass=None, omitsize=True
    )
    assert _path(shown) == _path(expected)

    phone = participant_context.new_page()
    phone.goto(live_server.url + urllib.parse.urlsplit(address).path)
    phone.get_by_role("button", name=t("I am here")).click()
    expect(phone.locator(".status--done")).to_have_text(
        t("You are marked present today.")
    )
    phone.reload()  # scanning again changes nothing
    expect(phone.locator(".status--done")).to_have_text(
        t("You are marked present today.")
    )
    mark = Attendance.objects.get()
    assert (mark.person, mark.day, mark.mark, mark.source) == (
        participant,
        day,
        "present",
        "check_in",
    )
    # One day of two attended: the attend-a-session item is not done yet.
    assert not ItemProgress.objects.exists()


def _path(svg: str) -> str:
    """The drawing of an SVG QR code (its path data), whatever the serialiser."""
    start = svg.index(' d="') + 4
    return svg[start : svg.index('"', start)]
