"""The e-mails of a registration's events and of a session's change or cancellation:
each sent once (also when the task runs twice), in the recipient's language, with
the session's .ics (text/calendar, parsed back) where it belongs."""

import datetime

import pytest
from django.core import mail

from core import mail as core_mail
from scheduling import tasks
from scheduling.models import Registration, RegistrationStatus, SessionStatus
from scheduling.notices import registration_notice_send, session_notice_send
from tests.factories import TrainingSessionFactory, UserFactory, session_days_set

from .ical_helpers import ics_calendar, ics_parts, registration_make

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 4, 13)


@pytest.fixture
def session(db):
    return TrainingSessionFactory(
        title_ru="Интенсив в Караганде",
        title_kk="Қарағандыдағы интенсив",
        title_en="Karaganda intensive",
        days=[DAY, DAY + datetime.timedelta(days=1)],
    )


@pytest.fixture
def person(db):
    return UserFactory(preferred_language="ru")


def _notice(registration, event) -> int:
    return tasks.registration_notice(registration.pk, event)


# A registration's events
# ------------------------------------------------------------------------------


def test_a_confirmation_is_sent_once_with_the_session_ics(session, person, mailoutbox):
    registration = registration_make(session, person)

    assert _notice(registration, "registered") == 1
    assert _notice(registration, "registered") == 0  # the task ran twice

    (message,) = mailoutbox
    assert message.to == [person.email]
    assert "Интенсив в Караганде" in message.subject
    assert "Интенсив в Караганде" in message.body
    assert session.venue in message.body
    (part,) = ics_parts(message)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename().endswith(".ics")
    calendar = ics_calendar(message)
    assert calendar.walk("VTIMEZONE")
    events = calendar.walk("VEVENT")
    assert [e["STATUS"] for e in events] == ["CONFIRMED", "CONFIRMED"]
    assert events[0]["UID"].startswith(str(session.uid))
    registration.refresh_from_db()
    assert registration.confirmation_sent_at is not None


def test_the_e_mail_and_its_ics_are_in_the_recipients_language(session, mailoutbox):
    kazakh = UserFactory(preferred_language="kk")
    registration = registration_make(session, kazakh)

    _notice(registration, "registered")

    (message,) = mailoutbox
    assert "Қарағандыдағы интенсив" in message.subject
    assert "Қарағандыдағы интенсив" in str(
        ics_calendar(message).walk("VEVENT")[0]["SUMMARY"]
    )


def test_waitlisted_and_pending_are_told_without_an_ics(session, mailoutbox):
    waitlisted = registration_make(
        session, UserFactory(), RegistrationStatus.WAITLISTED
    )
    pending = registration_make(session, UserFactory(), RegistrationStatus.PENDING)

    assert _notice(waitlisted, "waitlisted") == 1
    assert _notice(pending, "pending") == 1
    assert _notice(pending, "pending") == 0

    assert [ics_parts(m) for m in mailoutbox] == [[], []]
    pending.refresh_from_db()
    assert pending.request_sent_at is not None


def test_an_approved_request_is_confirmed_after_its_acknowledgement(
    session, person, mailoutbox
):
    registration = registration_make(session, person, RegistrationStatus.PENDING)
    _notice(registration, "pending")
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.REGISTERED, seat=1
    )

    assert _notice(registration, "registered") == 1

    assert len(mailoutbox) == 2
    assert ics_parts(mailoutbox[1])


def test_a_promotion_is_sent_once_with_the_ics(session, person, mailoutbox):
    registration = registration_make(session, person, RegistrationStatus.WAITLISTED)
    _notice(registration, "waitlisted")
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.REGISTERED, seat=1
    )

    assert _notice(registration, "promoted") == 1
    assert _notice(registration, "promoted") == 0

    assert len(mailoutbox) == 2
    assert ics_calendar(mailoutbox[1]).walk("VEVENT")


def test_a_refusal_states_its_reason(session, person, mailoutbox):
    registration = registration_make(
        session, person, RegistrationStatus.REFUSED, reason="Нет мест для района"
    )

    assert _notice(registration, "refused") == 1
    assert _notice(registration, "refused") == 0

    (message,) = mailoutbox
    assert "Нет мест для района" in message.body
    assert not ics_parts(message)


def test_a_cancellation_by_an_admin_takes_the_event_out_of_the_calendar(
    session, person, mailoutbox
):
    registration = registration_make(session, person)
    _notice(registration, "registered")
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.CANCELLED, seat=None, reason="Дубликат"
    )

    assert _notice(registration, "cancelled") == 1
    assert _notice(registration, "cancelled") == 0

    message = mailoutbox[1]
    assert "Дубликат" in message.body
    events = ics_calendar(message).walk("VEVENT")
    assert {e["STATUS"] for e in events} == {"CANCELLED"}


def test_a_cancelled_request_that_never_had_an_ics_gets_none(
    session, person, mailoutbox
):
    registration = registration_make(session, person, RegistrationStatus.CANCELLED)

    assert _notice(registration, "cancelled") == 1

    assert not ics_parts(mailoutbox[0])


def test_an_event_the_registration_has_moved_on_from_sends_nothing(
    session, person, mailoutbox
):
    registration = registration_make(session, person, RegistrationStatus.CANCELLED)

    assert _notice(registration, "registered") == 0
    assert _notice(registration, "promoted") == 0
    assert mailoutbox == []


def test_no_confirmation_for_a_cancelled_session(session, person, mailoutbox):
    registration = registration_make(session, person)
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])

    assert _notice(registration, "registered") == 0


def test_an_unknown_event_is_an_error(session, person):
    registration = registration_make(session, person)

    with pytest.raises(ValueError):
        registration_notice_send(registration=registration, event="teleported")


def test_nobody_is_written_to_without_an_address(session, mailoutbox):
    registration = registration_make(session, UserFactory(is_active=False))

    assert _notice(registration, "registered") == 0
    assert mailoutbox == []


def test_a_failed_send_releases_the_claim_for_the_retry(
    session, person, mailoutbox, monkeypatch
):
    registration = registration_make(session, person)

    def unreachable(self, *args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(mail.EmailMessage, "send", unreachable)
    with pytest.raises(ConnectionRefusedError):
        registration_notice_send(registration=registration, event="registered")
    monkeypatch.undo()

    registration.refresh_from_db()
    assert registration.confirmation_sent_at is None
    assert _notice(registration, "registered") == 1


def test_a_confirmation_covers_the_changes_made_before_it(session, person, mailoutbox):
    session.sequence = 2
    session.save(update_fields=["sequence"])
    registration = registration_make(session, person)

    _notice(registration, "registered")

    assert session_notice_send(session=session) == 0
    registration.refresh_from_db()
    assert registration.notified_sequence == 2


# A session's change or cancellation
# ------------------------------------------------------------------------------


def _change(session, **fields):
    session.sequence += 1
    for name, value in fields.items():
        setattr(session, name, value)
    session.save()


def test_a_change_is_told_once_to_everyone_active_with_the_updated_ics(
    session, mailoutbox
):
    registered = registration_make(session, UserFactory())
    waitlisted = registration_make(
        session, UserFactory(), RegistrationStatus.WAITLISTED
    )
    pending = registration_make(session, UserFactory(), RegistrationStatus.PENDING)
    registration_make(session, UserFactory(), RegistrationStatus.CANCELLED)
    registration_make(session, UserFactory(), RegistrationStatus.REFUSED)
    uids = [e["UID"] for e in ics_calendar_of(session)]
    session_days_set(session, [DAY + datetime.timedelta(days=7)], start=(9, 30))
    _change(session, venue="Новый адрес: ул. Бухар-Жырау, 1")

    assert tasks.session_notice(session.pk) == 3
    assert tasks.session_notice(session.pk) == 0  # the task ran twice

    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {
        registered.person.email,
        waitlisted.person.email,
        pending.person.email,
    }
    message = by_person[registered.person.email]
    assert "Бухар-Жырау" in message.body
    events = ics_calendar(message).walk("VEVENT")
    assert [e["SEQUENCE"] for e in events] == [1]
    assert events[0]["UID"] == uids[0]  # the same event, moved
    assert events[0].start.hour == 9 and events[0].start.minute == 30
    assert not ics_parts(by_person[waitlisted.person.email])


def ics_calendar_of(session):
    from icalendar import Calendar

    from scheduling.ical import session_ics

    return Calendar.from_ical(session_ics(session=session, language="ru")).walk(
        "VEVENT"
    )


def test_each_new_change_is_told_again(session, person, mailoutbox):
    registration_make(session, person)

    _change(session)
    session_notice_send(session=session)
    _change(session)
    session_notice_send(session=session)

    assert len(mailoutbox) == 2
    assert [ics_calendar(m).walk("VEVENT")[0]["SEQUENCE"] for m in mailoutbox] == [
        1,
        2,
    ]


def test_a_cancellation_is_told_with_its_reason_and_a_cancelled_ics(
    session, mailoutbox
):
    kazakh = registration_make(session, UserFactory(preferred_language="kk"))
    _change(session, status=SessionStatus.CANCELLED, cancelled_reason="Карантин")

    assert session_notice_send(session=session) == 1
    assert session_notice_send(session=session) == 0

    (message,) = mailoutbox
    assert message.to == [kazakh.person.email]
    assert "Карантин" in message.body
    assert "Қарағандыдағы интенсив" in message.subject
    events = ics_calendar(message).walk("VEVENT")
    assert {e["STATUS"] for e in events} == {"CANCELLED"}
    assert {e["SEQUENCE"] for e in events} == {1}


def test_a_session_not_changed_tells_nobody(session, person, mailoutbox):
    registration_make(session, person)

    assert session_notice_send(session=session) == 0
    assert mailoutbox == []


def test_a_failed_change_notice_is_sent_by_the_retry(
    session, person, mailoutbox, monkeypatch
):
    registration = registration_make(session, person)
    _change(session)

    def unreachable(**kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("scheduling.notices.mail_send", unreachable)
    with pytest.raises(ConnectionRefusedError):
        session_notice_send(session=session)
    registration.refresh_from_db()
    assert registration.notified_sequence == 0
    monkeypatch.undo()

    assert session_notice_send(session=session) == 1


def test_core_mail_send_once_still_sends_without_attachments(session, person):
    # The attachments are optional: the other apps' e-mails are as before.
    registration = registration_make(session, person)
    recipient = core_mail.mail_recipient(person)

    sent = core_mail.mail_send_once(
        queryset=Registration.objects.filter(pk=registration.pk),
        flag_field="confirmation_sent_at",
        template="scheduling/emails/registration_pending",
        to=recipient,
        context={"person": person, "title": "x", "days": [], "url": "u"},
    )

    assert sent == 1
    assert mail.outbox[-1].attachments == []


def test_the_attachment_passes_an_independent_strict_parser(
    session, person, mailoutbox
):
    stream = pytest.importorskip("ical.calendar_stream")
    registration = registration_make(session, person)

    _notice(registration, "registered")

    (part,) = ics_parts(mailoutbox[0])
    calendar = stream.IcsCalendarStream.calendar_from_ics(
        part.get_payload(decode=True).decode()
    )
    assert len(calendar.events) == 2
    assert calendar.events[0].dtstart.tzinfo.key == "Asia/Almaty"


# Through the services, as the site runs them (tasks eager, on commit)
# ------------------------------------------------------------------------------


def test_sign_up_cancel_and_promotion_each_send_their_notice(
    region,
    regional_office,
    regional_admin,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    from people.roles import Role
    from scheduling.services import registration_cancel, session_register
    from tests.factories import staff_member

    session = TrainingSessionFactory(region=region, capacity=1)
    first, second = (
        staff_member(Role.STAFF, organization=regional_office) for _ in range(2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        seated = session_register(session=session, person=first, by=first)
        waiting = session_register(session=session, person=second, by=second)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seated, by=regional_admin, reason="Болеет")

    assert [(m.to[0], bool(ics_parts(m))) for m in mailoutbox[:2]] == [
        (first.email, True),  # registered, with the .ics
        (second.email, False),  # waitlisted
    ]
    later = {m.to[0]: m for m in mailoutbox[2:]}
    assert len(mailoutbox) == 4
    assert "Болеет" in later[first.email].body  # cancelled by an admin
    assert ics_parts(later[second.email])  # promoted, with the .ics
    cancelled = ics_calendar(later[first.email]).walk("VEVENT")
    assert {e["STATUS"] for e in cancelled} == {"CANCELLED"}
    waiting.refresh_from_db()
    assert waiting.promotion_sent_at is not None


def test_a_session_edited_then_cancelled_tells_each_step_once(
    region,
    regional_office,
    regional_admin,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    from people.roles import Role
    from scheduling.services import (
        DaySpec,
        session_cancel,
        session_register,
        session_update,
    )
    from tests.factories import staff_member

    session = TrainingSessionFactory(region=region)
    staff = staff_member(Role.STAFF, organization=regional_office)
    with django_capture_on_commit_callbacks(execute=True):
        session_register(session=session, person=staff, by=staff)
    confirmation = ics_calendar(mailoutbox[0]).walk("VEVENT")
    later = session.starts_at.date() + datetime.timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        session_update(
            session=session,
            by=regional_admin,
            days=[DaySpec(later, datetime.time(9), datetime.time(16))],
            venue="Новый адрес",
        )
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, by=regional_admin, reason="Карантин")
    tasks.session_notice(session.pk)  # a late second run sends nothing

    assert len(mailoutbox) == 3
    changed = ics_calendar(mailoutbox[1]).walk("VEVENT")
    cancelled = ics_calendar(mailoutbox[2]).walk("VEVENT")
    assert changed[0]["UID"] == confirmation[0]["UID"]
    assert cancelled[0]["UID"] == confirmation[0]["UID"]
    assert [confirmation[0]["SEQUENCE"], changed[0]["SEQUENCE"]] == [0, 1]
    assert cancelled[0]["SEQUENCE"] == 2 and cancelled[0]["STATUS"] == "CANCELLED"
    assert changed[0].start.date() == later and "Новый адрес" in mailoutbox[1].body
    assert "Карантин" in mailoutbox[2].body


def test_a_request_is_acknowledged_then_approved_or_refused(
    region,
    regional_office,
    regional_admin,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    from people.roles import Role
    from scheduling.services import (
        registration_approve,
        registration_refuse,
        session_register,
    )
    from tests.factories import staff_member

    session = TrainingSessionFactory(region=region, approval_required=True)
    approved, refused = (
        staff_member(Role.STAFF, organization=regional_office) for _ in range(2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        one = session_register(session=session, person=approved, by=approved)
        two = session_register(session=session, person=refused, by=refused)
    with django_capture_on_commit_callbacks(execute=True):
        registration_approve(registration=one, by=regional_admin)
        registration_refuse(registration=two, by=regional_admin, reason="Не ваш район")

    subjects = [(m.to[0], bool(ics_parts(m))) for m in mailoutbox]
    assert subjects == [
        (approved.email, False),
        (refused.email, False),
        (approved.email, True),
        (refused.email, False),
    ]
    assert "Не ваш район" in mailoutbox[3].body


def test_changes_made_before_a_sign_up_are_not_told_as_news(
    region, regional_office, django_capture_on_commit_callbacks, mailoutbox
):
    from people.roles import Role
    from scheduling.services import session_register
    from tests.factories import staff_member

    session = TrainingSessionFactory(region=region)
    session.sequence = 3
    session.save(update_fields=["sequence"])
    staff = staff_member(Role.STAFF, organization=regional_office)
    with django_capture_on_commit_callbacks(execute=False):
        session_register(session=session, person=staff, by=staff)

    assert session_notice_send(session=session) == 0


def test_a_meeting_link_is_for_a_seat_not_the_waitlist(session, mailoutbox):
    session.meeting_url = "https://meet.example.kz/room-7"
    session.save(update_fields=["meeting_url"])
    seated = registration_make(session, UserFactory())
    waiting = registration_make(session, UserFactory(), RegistrationStatus.WAITLISTED)

    _notice(seated, "registered")
    _notice(waiting, "waitlisted")

    assert "room-7" in mailoutbox[0].body
    assert "room-7" in ics_parts(mailoutbox[0])[0].get_payload(decode=True).decode()
    assert "room-7" not in mailoutbox[1].body
