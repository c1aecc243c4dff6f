"""The yearly plan: a quarter's sessions of every region as drafts, on working days,
once per region and slot however often (and however concurrently) it runs, and one
notice per region and quarter to its regional admins."""

import datetime
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from people.models import Region
from people.roles import Role
from scheduling.models import (
    Holiday,
    PlanNotice,
    PlanRule,
    SessionDay,
    SessionKind,
    SessionStatus,
    TrainingSession,
)
from scheduling.services import holiday_defaults_load, plan_quarter_create
from scheduling.services.holidays import holiday_dates_of_year
from scheduling.services.plan import plan_next_quarter_create, quarter_next
from scheduling.tasks import plan_next_quarter, plan_notice_send
from tests.factories import OrganizationFactory, UserFactory, staff_member
from tests.factories.scheduling import ALMATY, almaty
from tests.mail_helpers import UNREACHABLE, make_unreachable
from tests.services import database_vendor, missing

pytestmark = pytest.mark.django_db

REGIONS = 20
# The national default: one intensive a quarter and one online meeting a month.
PER_REGION = 1 + 3


def _first_region() -> Region:
    """The region planned first (staggered week 0): the lowest ISO code."""
    return Region.objects.order_by("iso_code").first()


def _days(region: Region, slot: str) -> list[datetime.date]:
    return list(
        SessionDay.objects.filter(
            session__region=region, session__plan_slot=slot
        ).values_list("date", flat=True)
    )


def test_plan_quarter_create_makes_drafts_for_every_region_from_the_default_rule():
    result = plan_quarter_create(year=2027, quarter=1)

    assert Region.objects.count() == REGIONS
    assert len(result.created) == REGIONS * PER_REGION
    assert result.skipped == []
    assert result.period == "2027-Q1"
    sessions = TrainingSession.objects.all()
    assert {s.status for s in sessions} == {SessionStatus.DRAFT}
    region = _first_region()
    assert sorted(
        sessions.filter(region=region).values_list("plan_slot", flat=True)
    ) == [
        "2027-01-online-1",
        "2027-02-online-1",
        "2027-03-online-1",
        "2027-Q1-intensive-1",
    ]
    # The national default rule was made, with the model's defaults.
    rule = PlanRule.objects.get(region=None)
    assert (rule.intensives_per_quarter, rule.intensive_days) == (1, 2)


def test_the_intensive_is_two_consecutive_working_days_in_the_second_month_in_almaty_time():
    plan_quarter_create(year=2027, quarter=1)

    region = _first_region()
    intensive = TrainingSession.objects.get(
        region=region, plan_slot="2027-Q1-intensive-1"
    )
    # February 2027 starts on a Monday: the first region's week starts Tuesday the 2nd.
    assert _days(region, intensive.plan_slot) == [
        datetime.date(2027, 2, 2),
        datetime.date(2027, 2, 3),
    ]
    first, second = intensive.days.all()
    assert first.starts_at == almaty(datetime.date(2027, 2, 2), 10)
    assert second.ends_at == almaty(datetime.date(2027, 2, 3), 17)
    assert (intensive.starts_at, intensive.ends_at) == (first.starts_at, second.ends_at)
    assert intensive.kind == SessionKind.INTENSIVE
    assert intensive.capacity == 30
    assert region.name_ru in intensive.title_ru
    assert region.name_kk in intensive.title_kk
    assert intensive.title_en == f"Offline intensive, Q1 2027 — {region.name_en}"


def test_regions_are_staggered_over_the_weeks_of_the_month():
    plan_quarter_create(year=2027, quarter=1)

    starts = [
        TrainingSession.objects.get(region=region, kind=SessionKind.INTENSIVE).starts_at
        for region in Region.objects.order_by("iso_code")[:4]
    ]

    assert [s.date().day for s in starts] == [2, 9, 16, 23]


def test_online_meetings_fall_on_the_second_wednesday_for_ninety_minutes():
    plan_quarter_create(year=2027, quarter=1)

    meeting = TrainingSession.objects.get(
        region=_first_region(), plan_slot="2027-01-online-1"
    )
    (day,) = meeting.days.all()
    assert day.date == datetime.date(2027, 1, 13)
    assert day.starts_at == almaty(day.date, 15)
    assert day.ends_at - day.starts_at == datetime.timedelta(minutes=90)
    assert meeting.kind == SessionKind.ONLINE
    assert meeting.capacity == 100


def test_sessions_fall_on_working_days_only_and_skip_holidays():
    region = _first_region()
    Holiday.objects.create(date=datetime.date(2027, 1, 13), name="Test day off")
    Holiday.objects.create(date=datetime.date(2027, 2, 3), name="Test day off")
    holiday_defaults_load(years=[2027])

    plan_quarter_create(year=2027, quarter=1)

    holidays = set(Holiday.objects.values_list("date", flat=True))
    dates = list(SessionDay.objects.values_list("date", flat=True))
    assert dates
    assert all(date.weekday() < 5 for date in dates)
    assert not holidays & set(dates)
    # The meeting moves to the next working day; the intensive to the next two
    # consecutive working days (Thursday and Friday).
    assert _days(region, "2027-01-online-1") == [datetime.date(2027, 1, 14)]
    assert _days(region, "2027-Q1-intensive-1") == [
        datetime.date(2027, 2, 4),
        datetime.date(2027, 2, 5),
    ]


def test_a_regions_own_rule_overrides_the_national_default(region):
    PlanRule.objects.create(
        region=region,
        intensives_per_quarter=2,
        intensive_days=3,
        online_per_month=2,
        intensive_capacity=12,
        day_starts=datetime.time(9, 30),
        audience_roles=[Role.STAFF, Role.REGIONAL_ADMIN],
    )

    result = plan_quarter_create(year=2027, quarter=2)

    assert len(result.created) == (REGIONS - 1) * PER_REGION + 2 + 6
    own = TrainingSession.objects.filter(region=region)
    intensives = own.filter(kind=SessionKind.INTENSIVE).order_by("starts_at")
    assert [s.plan_slot for s in intensives] == [
        "2027-Q2-intensive-1",
        "2027-Q2-intensive-2",
    ]
    for intensive in intensives:
        days = [day.date for day in intensive.days.all()]
        assert len(days) == 3
        assert days[-1] - days[0] == datetime.timedelta(days=2)  # consecutive
        assert intensive.capacity == 12
        assert intensive.audience_roles == [Role.STAFF, Role.REGIONAL_ADMIN]
        assert intensive.days.first().starts_at == almaty(days[0], 9, 30)
    # Intensives in the quarter's first and third months; two meetings a month,
    # never on a day of the region's intensive.
    assert [s.starts_at.astimezone(ALMATY).month for s in intensives] == [4, 6]
    meetings = own.filter(kind=SessionKind.ONLINE)
    assert meetings.count() == 6
    intensive_days = set(
        SessionDay.objects.filter(session__in=intensives).values_list("date", flat=True)
    )
    meeting_days = set(
        SessionDay.objects.filter(session__in=meetings).values_list("date", flat=True)
    )
    assert not intensive_days & meeting_days
    other = TrainingSession.objects.exclude(region=region).first()
    assert other.audience_roles == []


def test_running_the_plan_twice_creates_nothing_twice():
    first = plan_quarter_create(year=2027, quarter=1)
    days = SessionDay.objects.count()

    second = plan_quarter_create(year=2027, quarter=1)

    assert second.created == []
    assert len(second.skipped) == len(first.created) == REGIONS * PER_REGION
    assert TrainingSession.objects.count() == REGIONS * PER_REGION
    assert SessionDay.objects.count() == days
    assert PlanNotice.objects.filter(period="2027-Q1").count() == REGIONS


def test_a_session_an_admin_moved_or_opened_is_left_alone_by_the_next_run(region):
    plan_quarter_create(year=2027, quarter=1)
    meeting = TrainingSession.objects.get(region=region, plan_slot="2027-01-online-1")
    TrainingSession.objects.filter(pk=meeting.pk).update(
        status=SessionStatus.OPEN, meeting_url="https://meet.example.kz/almaty"
    )

    plan_quarter_create(year=2027, quarter=1)

    meeting.refresh_from_db()
    assert meeting.status == SessionStatus.OPEN
    assert meeting.meeting_url == "https://meet.example.kz/almaty"
    assert meeting.days.count() == 1


def test_the_database_refuses_a_second_session_of_a_region_in_one_slot(region):
    plan_quarter_create(year=2027, quarter=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingSession.objects.create(
            kind=SessionKind.ONLINE,
            title_ru="Дубль",
            region=region,
            plan_slot="2027-01-online-1",
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_plans_running_at_once_on_separate_connections_create_each_session_once():
    if database_vendor() != "postgresql":
        missing("concurrent plans need PostgreSQL")
    from tests.factories import region_by_code

    region_by_code()  # a transactional flush removes the migration's regions
    barrier = threading.Barrier(3)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(plan_quarter_create(year=2027, quarter=3))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(len(r.created) for r in results) == REGIONS * PER_REGION
    assert all(len(r.created) + len(r.skipped) == REGIONS * PER_REGION for r in results)
    assert TrainingSession.objects.count() == REGIONS * PER_REGION
    # Every session has its days, none twice.
    assert SessionDay.objects.count() == REGIONS * (2 + 3)
    assert PlanNotice.objects.filter(period="2027-Q3").count() == REGIONS


# The plan notice
# ------------------------------------------------------------------------------


def _plan(capture, **kwargs):
    with capture(execute=True):
        return plan_quarter_create(**kwargs)


def test_each_regional_admin_is_asked_once_per_region_and_quarter(
    mailoutbox,
    regional_admin,
    other_regional_admin,
    region,
    django_capture_on_commit_callbacks,
):
    # A second organisation of the region with its own regional admin; a mentor
    # and a staff member of the region are not asked.
    district = OrganizationFactory(name="МРЦ района", region=region)
    second_admin = staff_member(Role.REGIONAL_ADMIN, organization=district)
    staff_member(Role.MENTOR, organization=district)
    staff_member(Role.STAFF, organization=district)

    _plan(django_capture_on_commit_callbacks, year=2027, quarter=1)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [regional_admin.email, second_admin.email, other_regional_admin.email]
    )
    mail = next(m for m in mailoutbox if m.to == [regional_admin.email])
    assert region.name_ru in mail.subject
    assert f"/ru/manage/sessions/?region={region.pk}" in mail.body
    assert mail.body.count("Онлайн-встреча") == 3
    assert "Офлайн-интенсив" in mail.body
    notice = PlanNotice.objects.get(region=region, period="2027-Q1")
    assert notice.sent_at is not None

    # Again: nothing. Another quarter: a notice of its own.
    _plan(django_capture_on_commit_callbacks, year=2027, quarter=1)
    assert len(mailoutbox) == 3
    _plan(django_capture_on_commit_callbacks, year=2027, quarter=2)
    assert len(mailoutbox) == 6


def test_a_region_without_a_regional_admin_is_asked_once_it_has_one(
    mailoutbox, regional_office, django_capture_on_commit_callbacks
):
    _plan(django_capture_on_commit_callbacks, year=2027, quarter=1)
    assert mailoutbox == []
    notice = PlanNotice.objects.get(region=regional_office.region, period="2027-Q1")
    assert notice.sent_at is None

    admin = staff_member(Role.REGIONAL_ADMIN, organization=regional_office)
    _plan(django_capture_on_commit_callbacks, year=2027, quarter=1)

    assert [m.to for m in mailoutbox] == [[admin.email]]


def test_the_plan_notice_links_to_the_regions_sessions_in_the_admins_language(
    mailoutbox, regional_admin, region
):
    regional_admin.preferred_language = "kk"
    regional_admin.save()
    plan_quarter_create(year=2027, quarter=1)
    notice = PlanNotice.objects.get(region=region, period="2027-Q1")

    assert plan_notice_send.delay(notice_id=notice.pk).get() == 1

    (mail,) = mailoutbox
    assert f"/kk/manage/sessions/?region={region.pk}" in mail.body
    assert region.name_kk in mail.subject


@pytest.mark.parametrize("state", UNREACHABLE)
def test_plan_notice_send_writes_to_no_inactive_or_erased_admin(
    mailoutbox, regional_admin, region, state
):
    make_unreachable(regional_admin, state)
    plan_quarter_create(year=2027, quarter=1)
    notice = PlanNotice.objects.get(region=region, period="2027-Q1")

    assert plan_notice_send.delay(notice_id=notice.pk).get() == 0

    assert mailoutbox == []
    notice.refresh_from_db()
    assert notice.sent_at is None


def test_a_past_regional_admin_is_not_asked(mailoutbox, regional_office, region):
    from people.models import Position

    admin = staff_member(Role.REGIONAL_ADMIN, organization=regional_office)
    Position.objects.filter(user=admin).update(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1)
    )
    plan_quarter_create(year=2027, quarter=1)
    notice = PlanNotice.objects.get(region=region, period="2027-Q1")

    assert plan_notice_send.delay(notice_id=notice.pk).get() == 0


# Commands and the beat task
# ------------------------------------------------------------------------------


def test_sessions_plan_prints_what_it_created_and_then_what_it_skipped(region):
    out = StringIO()
    call_command("sessions_plan", "--year", "2027", "--quarter", "1", stdout=out)
    first = out.getvalue()

    assert "created  KZ-75  2027-01-online-1  2027-01-13" in first
    assert "2027-Q1: 80 session(s) created, 0 already planned (skipped)" in first

    out = StringIO()
    call_command("sessions_plan", "--year", "2027", "--quarter", "1", stdout=out)
    second = out.getvalue()
    assert "created " not in second
    assert "skipped  KZ-75  2027-Q1-intensive-1  (already planned)" in second
    assert "2027-Q1: 0 session(s) created, 80 already planned (skipped)" in second


def test_sessions_plan_wants_both_year_and_quarter():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("sessions_plan", "--year", "2027")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 12, 7), (2027, 1)),
        (datetime.date(2027, 1, 1), (2027, 2)),
        (datetime.date(2027, 6, 30), (2027, 3)),
        (datetime.date(2027, 7, 1), (2027, 4)),
    ],
)
def test_the_next_quarter_is_the_one_after_today(today, expected):
    assert quarter_next(today) == expected


def test_plan_next_quarter_create_plans_the_quarter_after_today():
    result = plan_next_quarter_create(today=datetime.date(2027, 11, 1))

    assert result.period == "2028-Q1"
    assert TrainingSession.objects.filter(plan_slot="2028-Q1-intensive-1").count() == (
        REGIONS
    )


def test_the_monthly_beat_task_plans_the_next_quarter_and_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["scheduling-plan-next-quarter"]
    assert entry["task"] == "scheduling.tasks.plan_next_quarter"

    assert plan_next_quarter.delay().get() == REGIONS * PER_REGION
    assert plan_next_quarter.delay().get() == 0


# Public holidays
# ------------------------------------------------------------------------------


def test_the_holidays_of_2026_carry_weekend_holidays_over_but_not_religious_ones():
    days = holiday_dates_of_year(2026)

    # Nauryz 2026: Saturday 21 to Monday 23 March; the weekend's two days move to
    # Tuesday 24 and Wednesday 25.
    assert {datetime.date(2026, 3, day) for day in (21, 22, 23, 24, 25)} <= days.keys()
    assert days[datetime.date(2026, 5, 27)] == "Курбан айт"
    assert datetime.date(2026, 12, 16) in days
    assert datetime.date(2026, 12, 17) not in days
    # 2027: Kurban ait falls on Sunday 16 May and is not carried over; Victory Day
    # (Sunday 9 May) is, to Monday 10 May.
    days_2027 = holiday_dates_of_year(2027)
    assert datetime.date(2027, 5, 16) in days_2027
    assert datetime.date(2027, 5, 17) not in days_2027
    assert datetime.date(2027, 5, 10) in days_2027


def test_holidays_load_adds_the_missing_days_once_and_keeps_edited_ones():
    Holiday.objects.create(date=datetime.date(2027, 7, 6), name="Астана күні")
    out = StringIO()
    call_command("holidays_load", "--year", "2027", stdout=out)
    count = Holiday.objects.count()

    assert count == len(holiday_dates_of_year(2027))
    assert Holiday.objects.get(date=datetime.date(2027, 7, 6)).name == "Астана күні"
    assert f"{count - 1} holiday(s) added." in out.getvalue()

    out = StringIO()
    call_command("holidays_load", "--year", "2027", stdout=out)
    assert Holiday.objects.count() == count
    assert "0 holiday(s) added." in out.getvalue()


def test_holidays_load_by_default_loads_2026_to_2028():
    call_command("holidays_load", stdout=StringIO())

    years = {date.year for date in Holiday.objects.values_list("date", flat=True)}
    assert years == {2026, 2027, 2028}


def test_a_learner_is_not_a_recipient(mailoutbox, region):
    UserFactory(region=region)
    plan_quarter_create(year=2027, quarter=1)
    notice = PlanNotice.objects.get(region=region, period="2027-Q1")

    assert plan_notice_send.delay(notice_id=notice.pk).get() == 0


def test_there_is_one_national_default_rule_however_it_is_created():
    PlanRule.objects.create(region=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanRule.objects.create(region=None)


def test_the_plan_loads_the_years_holidays_when_the_table_has_none():
    result = plan_quarter_create(year=2027, quarter=1)

    assert len(result.holidays_added) == len(holiday_dates_of_year(2027))
    # No session of any region falls on one.
    holidays = set(Holiday.objects.values_list("date", flat=True))
    assert not holidays & set(SessionDay.objects.values_list("date", flat=True))


def test_the_plan_leaves_a_year_with_holidays_as_it_is():
    Holiday.objects.create(date=datetime.date(2027, 3, 9), name="Перенос")

    result = plan_quarter_create(year=2027, quarter=1)

    assert result.holidays_added == []
    assert Holiday.objects.count() == 1


def test_sessions_plan_asks_for_kurban_ait_of_a_year_it_does_not_know():
    out, err = StringIO(), StringIO()

    call_command(
        "sessions_plan", "--year", "2029", "--quarter", "2", stdout=out, stderr=err
    )

    assert "public holiday(s) of 2029 loaded" in out.getvalue()
    assert "Kurban ait of 2029 is not known here" in err.getvalue()
