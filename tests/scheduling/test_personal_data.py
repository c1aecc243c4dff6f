"""A person's registrations and attendance in their personal data download, and
what erasure leaves of them."""

import pytest
from django.utils import timezone

from people.selectors import user_data_export
from people.services import user_erase
from scheduling.models import Attendance, CalendarFeed, Registration
from scheduling.services import registration_cancel, session_register

pytestmark = pytest.mark.django_db


def test_the_download_lists_registrations_and_attendance(open_session, staff):
    registration = session_register(session=open_session, person=staff, by=staff)
    day = open_session.days.first()
    Attendance.objects.create(
        day=day, person=staff, mark="present", source="list", marked_at=timezone.now()
    )

    data = user_data_export(user=staff)["training_sessions"]

    (entry,) = data["registrations"]
    assert entry["session"] == str(open_session.uid)
    assert entry["status"] == registration.status
    assert entry["seat"] == 1
    (mark,) = data["attendance"]
    assert mark == {
        "session": str(open_session.uid),
        "title": open_session.title_ru,
        "date": day.date.isoformat(),
        "mark": "present",
        "source": "list",
        "marked_at": mark["marked_at"],
    }


def test_erasure_drops_the_feed_and_the_reasons_but_keeps_the_counts(
    open_session, staff, regional_admin
):
    registration = session_register(session=open_session, person=staff, by=staff)
    registration_cancel(registration=registration, by=regional_admin, reason="Болеет")
    CalendarFeed.objects.create(person=staff)

    user_erase(user=staff)

    assert not CalendarFeed.objects.filter(person=staff).exists()
    kept = Registration.objects.get(pk=registration.pk)
    assert kept.reason == ""
    assert kept.status == "cancelled"
