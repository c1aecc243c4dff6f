"""Self check-in: the day's code (in the QR code's link, and as six digits) is
derived, differs every day and works only on its day; a registered participant who
uses it is marked present once; a wrong or expired code says so."""

# The shared fixtures are imported by name (see test_attendance.py).
# ruff: noqa: F401, F811

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from scheduling import selectors, services
from scheduling.models import Attendance
from tests.courses.helpers import ru
from tests.factories import TrainingSessionFactory, UserFactory, almaty
from tests.scheduling.attendance_helpers import (
    attend_course,
    day,
    participant,
    register,
    second_day,
    session,
    today,
    trainer,
)

pytestmark = pytest.mark.django_db


def test_check_in_codes_differ_between_days_and_match_only_their_day(day, second_day):
    token, digits = (
        selectors.check_in_token(day=day),
        selectors.check_in_human_code(day=day),
    )

    assert token != selectors.check_in_token(day=second_day)
    assert digits != selectors.check_in_human_code(day=second_day)
    assert len(digits) == 6 and digits.isdigit()
    assert selectors.check_in_code_matches(day=day, code=token)
    assert selectors.check_in_code_matches(day=day, code=f" {digits[:3]} {digits[3:]}")
    assert not selectors.check_in_code_matches(day=second_day, code=token)
    assert not selectors.check_in_code_matches(day=day, code="")


def test_check_in_code_is_valid_only_on_its_day_until_midnight(day):
    assert selectors.check_in_open(day=day, now=almaty(day.date, 0, 1))
    assert selectors.check_in_open(day=day, now=almaty(day.date, 23, 59))
    assert not selectors.check_in_open(
        day=day, now=almaty(day.date + datetime.timedelta(days=1), 0, 0)
    )
    assert not selectors.check_in_open(
        day=day, now=almaty(day.date - datetime.timedelta(days=1), 23, 59)
    )


def test_check_in_marks_a_participant_present_once(day, participant):
    token = selectors.check_in_token(day=day)

    first = services.attendance_check_in(day=day, person=participant, code=token)
    again = services.attendance_check_in(day=day, person=participant, code=token)

    assert (first.changed, again.changed) == (True, False)
    row = Attendance.objects.get()
    assert (row.mark, row.source, row.marked_by) == ("present", "check_in", participant)


def test_check_in_refuses_a_wrong_code_and_an_expired_one(day, second_day, participant):
    with pytest.raises(ValidationError) as wrong:
        services.attendance_check_in(day=day, person=participant, code="123")
    # Tomorrow's code is right for tomorrow, but not valid today.
    with pytest.raises(ValidationError) as expired:
        services.attendance_check_in(
            day=second_day,
            person=participant,
            code=selectors.check_in_token(day=second_day),
        )

    assert wrong.value.messages == [str(services.MSG_CODE_WRONG)]
    assert expired.value.messages == [str(services.MSG_CODE_EXPIRED)]
    assert not Attendance.objects.exists()


def test_check_in_refuses_a_person_without_a_seat(day):
    with pytest.raises(ValidationError) as error:
        services.attendance_check_in(
            day=day, person=UserFactory(), code=selectors.check_in_token(day=day)
        )
    assert error.value.messages == [str(services.MSG_CHECK_IN_NOT_REGISTERED)]


def test_check_in_with_the_six_digits_finds_todays_day(session, day, participant):
    outcome = services.attendance_check_in_session(
        session=session,
        person=participant,
        code=selectors.check_in_human_code(day=day),
    )
    assert outcome.attendance.day == day


# Pages
# ------------------------------------------------------------------------------


def _url(day, token=None):
    return reverse(
        "scheduling_attendance:check_in",
        args=[day.pk, token or selectors.check_in_token(day=day)],
    )


def test_check_in_link_sends_a_visitor_to_log_in_and_back(client, day):
    url = _url(day)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={url}")


def test_check_in_link_asks_to_confirm_then_marks_present_once(
    client, day, participant
):
    client.force_login(participant)

    assert client.get(_url(day)).status_code == 200
    assert not Attendance.objects.exists()
    client.post(_url(day))
    response = client.post(_url(day), follow=True)

    assert Attendance.objects.get().source == "check_in"
    assert escape(ru("You are already checked in for today.")) in (
        response.content.decode()
    )


def test_check_in_link_with_a_wrong_or_expired_code_says_so(
    client, region, participant, day, today
):
    client.force_login(participant)
    yesterday_session = TrainingSessionFactory(
        region=region, days=[today - datetime.timedelta(days=1)]
    )
    register(yesterday_session, participant)
    yesterday = yesterday_session.days.get()

    wrong = client.post(_url(day, token="0" * 20))
    expired = client.post(_url(yesterday))

    assert str(services.MSG_CODE_WRONG) in wrong.content.decode()
    assert str(services.MSG_CODE_EXPIRED) in expired.content.decode()
    assert not Attendance.objects.exists()


def test_session_check_in_page_takes_the_six_digits(client, session, day, participant):
    client.force_login(participant)
    url = reverse("scheduling_attendance:session_check_in", args=[session.pk])

    bad = client.post(url, {"code": "000000"})
    good = client.post(url, {"code": selectors.check_in_human_code(day=day)})

    assert bad.status_code == 400
    assert str(services.MSG_CODE_WRONG) in bad.content.decode()
    assert good.status_code == 302
    assert Attendance.objects.get().mark == "present"


def test_code_screen_shows_the_qr_code_and_digits_to_the_trainer_only(
    client, day, trainer, participant
):
    url = reverse("scheduling_attendance:day_check_in_code", args=[day.pk])
    client.force_login(participant)
    assert client.get(url).status_code == 403

    client.force_login(trainer)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg viewBox="' in html and 'class="qr-code"' in html
    assert selectors.check_in_human_code(day=day) in html
    assert "style=" not in html.split('class="qr-code"')[1].split("</svg>")[0]


def test_check_in_link_tells_a_person_without_a_seat_at_once(client, day):
    client.force_login(UserFactory())
    html = client.get(_url(day)).content.decode()
    assert str(services.MSG_CHECK_IN_NOT_REGISTERED) in html.replace("&#x27;", "'")
    assert "I am here" not in html
