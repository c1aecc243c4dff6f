"""The reminders 7 days and 1 day before a session's first day: which are due, each
sent once (also when the task runs twice), only the most urgent when first seen
late, none for a cancelled session or registration."""

import datetime
import zoneinfo

import pytest

from scheduling import tasks
from scheduling.models import Registration, RegistrationStatus, SessionStatus
from scheduling.notices import session_reminder_send
from scheduling.selectors import registration_list_reminder_due
from tests.factories import TrainingSessionFactory, UserFactory

from .ical_helpers import registration_make

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
# The beat runs at 08:00 Almaty time.
NOW = datetime.datetime(2027, 5, 3, 8, 0, tzinfo=ALMATY)
TODAY = NOW.date()


def _session_in(days: int, **fields):
    return TrainingSessionFactory(
        days=[TODAY + datetime.timedelta(days=days)], **fields
    )


def _due(now=NOW) -> dict[int, str]:
    return dict(registration_list_reminder_due(now=now))


def test_the_week_reminder_is_due_seven_days_before(db):
    registration = registration_make(_session_in(7), UserFactory())
    too_early = registration_make(_session_in(8), UserFactory())

    due = _due()

    assert due == {registration.pk: "week"}
    assert too_early.pk not in due


def test_the_day_reminder_is_due_the_day_before_and_on_the_day(db):
    tomorrow = registration_make(_session_in(1), UserFactory())
    today = registration_make(_session_in(0), UserFactory())  # 10:00, after 08:00

    assert _due() == {tomorrow.pk: "day", today.pk: "day"}


def test_a_registration_first_seen_late_gets_only_the_most_urgent(db, mailoutbox):
    registration = registration_make(_session_in(1), UserFactory())

    assert _due() == {registration.pk: "day"}
    assert session_reminder_send(registration=registration, kind="day", now=NOW) == 1
    # The week reminder is not sent after the day one.
    assert session_reminder_send(registration=registration, kind="week", now=NOW) == 0
    assert _due() == {}
    assert len(mailoutbox) == 1


def test_each_reminder_is_sent_once_and_the_day_one_after_the_week_one(db, mailoutbox):
    registration = registration_make(_session_in(7), UserFactory())

    for _run in range(2):  # the task runs twice
        for pk, kind in _due().items():
            tasks.session_reminder(pk, kind)
    assert len(mailoutbox) == 1
    assert _due(NOW + datetime.timedelta(days=3)) == {}

    six_days_later = NOW + datetime.timedelta(days=6)
    assert _due(six_days_later) == {registration.pk: "day"}
    session_reminder_send(registration=registration, kind="day", now=six_days_later)
    session_reminder_send(registration=registration, kind="day", now=six_days_later)

    assert len(mailoutbox) == 2
    registration.refresh_from_db()
    assert registration.reminder_week_sent_at and registration.reminder_day_sent_at


def test_the_reminder_is_in_the_recipients_language_with_the_session(db, mailoutbox):
    session = _session_in(7, title_kk="Қарағандыдағы интенсив")
    registration = registration_make(session, UserFactory(preferred_language="kk"))

    session_reminder_send(registration=registration, kind="week", now=NOW)

    (message,) = mailoutbox
    assert "Қарағандыдағы интенсив" in message.subject
    assert "7" in message.subject
    assert session.venue in message.body


def test_no_reminder_for_a_cancelled_session_or_registration_or_the_waitlist(
    db, mailoutbox
):
    cancelled_session = registration_make(
        _session_in(1, status=SessionStatus.CANCELLED), UserFactory()
    )
    draft = registration_make(_session_in(1, status=SessionStatus.DRAFT), UserFactory())
    session = _session_in(1)
    cancelled = registration_make(session, UserFactory(), RegistrationStatus.CANCELLED)
    waitlisted = registration_make(
        session, UserFactory(), RegistrationStatus.WAITLISTED
    )
    begun = registration_make(_session_in(-1), UserFactory())

    assert _due() == {}
    for registration in (cancelled_session, draft, cancelled, waitlisted, begun):
        assert (
            session_reminder_send(registration=registration, kind="day", now=NOW) == 0
        )
    assert mailoutbox == []


def test_a_registration_cancelled_after_the_beat_run_gets_no_reminder(db, mailoutbox):
    registration = registration_make(_session_in(7), UserFactory())
    due = _due()
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.CANCELLED, seat=None
    )

    assert (
        session_reminder_send(
            registration=registration, kind=due[registration.pk], now=NOW
        )
        == 0
    )


def test_the_beat_task_sends_the_due_reminders(db, mailoutbox):
    # The beat task reads the clock: sessions relative to today.
    registration_make(TrainingSessionFactory(), UserFactory())  # in 14 days: not yet
    week = TrainingSessionFactory(
        days=[datetime.datetime.now(ALMATY).date() + datetime.timedelta(days=7)]
    )
    registration_make(week, UserFactory())

    assert tasks.session_reminders_send() == 1
    assert tasks.session_reminders_send() == 0

    assert len(mailoutbox) == 1


def test_the_beat_schedule_runs_the_reminders_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["scheduling-session-reminders"]

    assert entry["task"] == "scheduling.tasks.session_reminders_send"
