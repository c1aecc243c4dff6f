"""The iCalendar of sessions, parsed back with icalendar: one event per day in Almaty
time with its VTIMEZONE, UIDs kept across edits, SEQUENCE, STATUS:CANCELLED."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from scheduling.ical import day_uid, session_ics, sessions_calendar
from scheduling.models import RegistrationStatus, SessionStatus, TrainingSession
from tests.factories import TrainingSessionFactory, session_days_set

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
DAY = datetime.date(2027, 3, 16)


def _parsed(sessions, **kwargs) -> Calendar:
    sessions = TrainingSession.objects.filter(
        pk__in=[s.pk for s in sessions]
    ).prefetch_related("days")
    kwargs.setdefault("language", "ru")
    return Calendar.from_ical(sessions_calendar(sessions=sessions, **kwargs).to_ical())


@pytest.fixture
def session(db):
    return TrainingSessionFactory(
        title_ru="Интенсив по работе с волонтёрами",
        title_kk="Еріктілермен жұмыс интенсиві",
        title_en="Volunteer support intensive",
        days=[DAY, DAY + datetime.timedelta(days=1)],
    )


def test_each_day_is_an_event_in_almaty_time_with_its_vtimezone(session):
    calendar = _parsed([session])

    assert calendar["METHOD"] == "PUBLISH"
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Asia/Almaty"
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first, second = events
    assert first.start == datetime.datetime(2027, 3, 16, 10, tzinfo=ALMATY)
    assert first.end == datetime.datetime(2027, 3, 16, 17, tzinfo=ALMATY)
    assert second.start.date() == DAY + datetime.timedelta(days=1)
    assert first["DTSTART"].params["TZID"] == "Asia/Almaty"
    # 10:00 in Almaty is 05:00 UTC since Kazakhstan moved to one time zone (+05).
    assert first.start.astimezone(datetime.UTC).hour == 5
    assert first["STATUS"] == "CONFIRMED"
    assert first["SEQUENCE"] == 0
    assert first["LOCATION"] == session.venue
    assert "DTSTAMP" in first
    assert first["UID"] != second["UID"]


def test_summary_is_in_the_language_asked_with_the_day_of_the_session(session):
    kazakh = _parsed([session], language="kk").walk("VEVENT")[0]
    english = _parsed([session], language="en").walk("VEVENT")[1]

    assert "Еріктілермен жұмыс интенсиві" in str(kazakh["SUMMARY"])
    assert "Volunteer support intensive" in str(english["SUMMARY"])
    assert "2" in str(english["SUMMARY"])  # the second of two days


def test_description_links_to_the_session_page(session):
    event = _parsed([session]).walk("VEVENT")[0]

    assert "http" in str(event["DESCRIPTION"])
    assert str(event["URL"]).startswith("http")


def test_an_edited_session_keeps_its_uids_and_raises_its_sequence(session):
    before = [e["UID"] for e in _parsed([session]).walk("VEVENT")]

    later = DAY + datetime.timedelta(days=7)
    session_days_set(session, [later, later + datetime.timedelta(days=1)], start=(9, 0))
    TrainingSession.objects.filter(pk=session.pk).update(sequence=1)
    session.refresh_from_db()
    events = _parsed([session]).walk("VEVENT")

    assert [e["UID"] for e in events] == before
    assert [e["SEQUENCE"] for e in events] == [1, 1]
    assert events[0].start == datetime.datetime(2027, 3, 23, 9, tzinfo=ALMATY)


def test_uids_are_the_session_uid_and_the_day_on_the_public_domain(session, settings):
    settings.LMS_PUBLIC_URL = "https://academy.example.kz"

    events = _parsed([session]).walk("VEVENT")

    assert events[0]["UID"] == f"{session.uid}-1@academy.example.kz"
    assert events[1]["UID"] == day_uid(session, 2)


def test_a_cancelled_session_is_kept_with_status_cancelled_and_its_reason(session):
    TrainingSession.objects.filter(pk=session.pk).update(
        status=SessionStatus.CANCELLED, cancelled_reason="Зал закрыт", sequence=3
    )
    session.refresh_from_db()

    events = _parsed([session]).walk("VEVENT")

    assert len(events) == 2
    assert {e["STATUS"] for e in events} == {"CANCELLED"}
    assert {e["SEQUENCE"] for e in events} == {3}
    assert "Зал закрыт" in str(events[0]["DESCRIPTION"])


def test_the_meeting_link_is_only_in_a_private_calendar(db):
    meeting = TrainingSessionFactory(
        kind=TrainingSession.Kind.ONLINE,
        venue="",
        meeting_url="https://meet.example.kz/secret-room",
        days=[DAY],
    )

    public = _parsed([meeting]).walk("VEVENT")[0]
    private = _parsed([meeting], private=True).walk("VEVENT")[0]

    assert "secret-room" not in public.to_ical().decode()
    assert private["LOCATION"] == "https://meet.example.kz/secret-room"
    assert private["URL"] == "https://meet.example.kz/secret-room"


def test_waiting_for_a_seat_is_tentative_in_ones_own_calendar(session):
    calendar = _parsed(
        [session], private=True, states={session.pk: RegistrationStatus.WAITLISTED}
    )

    assert {e["STATUS"] for e in calendar.walk("VEVENT")} == {"TENTATIVE"}


def test_the_attachment_of_one_session_parses_and_has_no_feed_name(session):
    calendar = Calendar.from_ical(session_ics(session=session, language="en"))

    assert len(calendar.walk("VEVENT")) == 2
    assert calendar.walk("VTIMEZONE")
    assert "X-WR-CALNAME" not in calendar


def test_a_calendar_without_sessions_is_valid_and_empty(db):
    calendar = _parsed([], name="Пусто")

    assert calendar.walk("VEVENT") == []
    assert calendar["X-WR-CALNAME"] == "Пусто"
