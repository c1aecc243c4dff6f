"""The scheduling demo: this year's plan for all 20 regions, held sessions with
attendance, open ones with registrations and a waitlist, the RFO staff member
overdue for an intensive; a second load changes nothing."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from people.demo import people_demo_load
from people.models import User
from people.roles import Role
from scheduling.demo import scheduling_demo_load
from scheduling.models import (
    Attendance,
    AttendanceMark,
    CadenceRule,
    Holiday,
    PlanNotice,
    Registration,
    RegistrationStatus,
    SessionKind,
    SessionStatus,
    TrainingSession,
)
from scheduling.services.plan import quarter_next
from tests.factories import region_by_code

pytestmark = pytest.mark.django_db

STAFF = "staff@demo.birgemiz.kz"


def _load(capture) -> list[str]:
    said = []
    # Services enqueue follow-up work (notices) with on_commit: run it.
    with capture(execute=True):
        people_demo_load(say=said.append)
        scheduling_demo_load(say=said.append)
    return said


def _state() -> tuple:
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("scheduling", "people")
    }
    sessions = list(
        TrainingSession.objects.order_by("pk").values_list(
            "pk", "status", "venue", "meeting_url", "capacity", "sequence", "updated_at"
        )
    )
    registrations = list(
        Registration.objects.order_by("pk").values_list("pk", "status", "seat")
    )
    return counts, sessions, registrations


@pytest.fixture
def loaded(root_page, django_capture_on_commit_callbacks):
    region_by_code()
    return _load(django_capture_on_commit_callbacks)


def test_a_second_load_changes_nothing(loaded, django_capture_on_commit_callbacks):
    before = _state()

    said = _load(django_capture_on_commit_callbacks)

    assert said == []
    assert _state() == before


def test_every_region_has_this_years_plan_and_the_next_quarters(loaded):
    year = timezone.localdate().year
    next_year, next_quarter = quarter_next(timezone.localdate())
    slots = {f"{year}-Q{q}-intensive-1" for q in (1, 2, 3, 4)}
    slots |= {f"{year}-{month:02d}-online-1" for month in range(1, 13)}
    slots.add(f"{next_year}-Q{next_quarter}-intensive-1")

    planned = {}
    for iso_code, slot in TrainingSession.objects.values_list(
        "region__iso_code", "plan_slot"
    ):
        planned.setdefault(iso_code, set()).add(slot)

    assert len(planned) == 20
    assert all(slots <= region_slots for region_slots in planned.values())
    assert Holiday.objects.filter(date__year=year).exists()


def test_sessions_over_are_held_and_the_rest_open(loaded):
    now = timezone.now()
    sessions = TrainingSession.objects.all()

    assert not sessions.filter(ends_at__lte=now).exclude(status=SessionStatus.HELD)
    assert not sessions.filter(starts_at__gt=now).exclude(status=SessionStatus.OPEN)
    assert sessions.filter(status=SessionStatus.OPEN, starts_at__gt=now).exists()
    # Confirmed: a venue or a meeting link; their notices count as sent.
    assert not sessions.filter(kind=SessionKind.INTENSIVE, venue="").exists()
    assert not sessions.filter(kind=SessionKind.ONLINE, meeting_url="").exists()
    assert not PlanNotice.objects.filter(sent_at__isnull=True).exists()


def test_almatys_held_sessions_have_attendance_of_registered_people(loaded):
    held = TrainingSession.objects.filter(
        region__iso_code="KZ-75", status=SessionStatus.HELD
    )
    if not held.exists():
        pytest.skip("nothing of this year is over yet (the first days of January)")

    for session in held:
        registered = set(
            session.registrations.filter(
                status=RegistrationStatus.REGISTERED
            ).values_list("person_id", flat=True)
        )
        marked = set(
            Attendance.objects.filter(day__session=session).values_list(
                "person_id", flat=True
            )
        )
        assert registered and marked == registered
        assert session.trainers.filter(email="mentor@demo.birgemiz.kz").exists()


def test_almatys_next_intensive_is_full_with_a_waitlist(loaded):
    intensive = (
        TrainingSession.objects.filter(
            region__iso_code="KZ-75",
            kind=SessionKind.INTENSIVE,
            status=SessionStatus.OPEN,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    registrations = intensive.registrations.all()

    assert registrations.filter(status=RegistrationStatus.REGISTERED).count() == (
        intensive.capacity
    )
    waiting = registrations.filter(status=RegistrationStatus.WAITLISTED)
    assert waiting.count() == 2
    assert registrations.filter(
        person__email=STAFF, status=RegistrationStatus.REGISTERED
    ).exists()
    meeting = (
        TrainingSession.objects.filter(
            region__iso_code="KZ-75",
            kind=SessionKind.ONLINE,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    assert meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def test_the_rfo_staff_member_is_overdue_for_an_intensive_only(loaded):
    staff = User.objects.get(email=STAFF)
    rule = CadenceRule.objects.get(role=Role.STAFF)
    assert (rule.intensive_months, rule.online_meetings, rule.online_share) == (
        6,
        6,
        50,
    )
    assert CadenceRule.objects.filter(role=Role.REGIONAL_ADMIN).exists()
    since = timezone.now() - datetime.timedelta(days=183)

    present = Attendance.objects.filter(person=staff, mark=AttendanceMark.PRESENT)

    assert not present.filter(
        day__session__kind=SessionKind.INTENSIVE, day__starts_at__gte=since
    ).exists()
    # ... yet comes to the online meetings: at least half of the last six held.
    last_six = list(
        TrainingSession.objects.filter(
            region__iso_code="KZ-75",
            kind=SessionKind.ONLINE,
            status=SessionStatus.HELD,
        ).order_by("-starts_at")[:6]
    )
    attended = present.filter(day__session__in=last_six).count()
    assert not last_six or attended * 2 >= len(last_six)
