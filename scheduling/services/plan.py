"""The yearly plan: each quarter's sessions of every region, made as drafts from the
region's plan rule (or the national default), on working days, and the regional
admins asked to confirm venue and dates.

Running it again creates nothing twice: the sessions are inserted with
ON CONFLICT DO NOTHING against the constraint session_one_per_region_plan_slot (one
session per region and plan slot), so two runs at the same moment cannot both insert
a slot; the rows a run inserted are told by the calendar identifiers (uid) it chose.

Where the sessions fall:
- an offline intensive is `intensive_days` consecutive working days (Monday to
  Friday, no Holiday row), from the region's week in the month: regions are
  staggered over four weeks in order of their ISO code, so the national trainers can
  travel from one to the next; one intensive a quarter is in its second month, two in
  the first and third, three in each month;
- online meetings are on Wednesdays (one a month: the second; two: the second and
  fourth; ...), or the next working day that is not a day of the region's intensive.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core.outbox import enqueue_durably
from people.models import Region

from ..models import (
    Holiday,
    PlanNotice,
    PlanRule,
    SessionDay,
    SessionKind,
    SessionStatus,
    TrainingSession,
)
from ..tasks import plan_notice_send as plan_notice_send_task
from .holidays import holiday_defaults_load

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
DAY = datetime.timedelta(days=1)
# Months of the quarter (0, 1, 2) holding its intensives, by how many there are.
INTENSIVE_MONTHS = {0: (), 1: (1,), 2: (0, 2), 3: (0, 1, 2)}
# Which Wednesdays of the month (1st to 4th) hold the online meetings, by how many.
ONLINE_WEEKS = {0: (), 1: (2,), 2: (2, 4), 3: (1, 3, 4), 4: (1, 2, 3, 4)}
WEDNESDAY = 2
TUESDAY = 1
# Regions are staggered over this many weeks of an intensive's month.
STAGGER_WEEKS = 4

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS_RU = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_KK = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class PlannedSession:
    """One session the plan wants: its slot, kind and days (start and end of each)."""

    region: Region
    slot: str
    kind: str
    days: tuple[tuple[datetime.datetime, datetime.datetime], ...]
    titles: tuple[str, str, str]  # ru, kk, en
    capacity: int
    audience_roles: tuple[str, ...]


@dataclass
class PlanResult:
    """What one run of the plan did for a quarter: the sessions it created and the
    slots it found already planned (by an earlier run, or one at the same time)."""

    period: str  # "2027-Q1"
    created: list[TrainingSession] = field(default_factory=list)
    skipped: list[PlannedSession] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # slots with no room left
    notices: list[int] = field(default_factory=list)  # PlanNotice ids to send
    # Public holidays the table was given for the year (none unless it had none).
    holidays_added: list[Holiday] = field(default_factory=list)


def quarter_period(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def quarter_months(year: int, quarter: int) -> list[datetime.date]:
    """The first day of each month of the quarter."""
    first = 3 * (quarter - 1) + 1
    return [datetime.date(year, month, 1) for month in range(first, first + 3)]


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The quarter's first and last day."""
    start = quarter_months(year, quarter)[0]
    if quarter == 4:
        return start, datetime.date(year, 12, 31)
    return start, datetime.date(year, 3 * quarter + 1, 1) - DAY


def quarter_next(today: datetime.date) -> tuple[int, int]:
    """The (year, quarter) after the one `today` is in."""
    quarter = (today.month - 1) // 3 + 1
    return (today.year + 1, 1) if quarter == 4 else (today.year, quarter + 1)


def _weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=ALMATY)


class Calendar:
    """Working days: Monday to Friday, and not a Holiday row."""

    def __init__(self, holidays: Iterable[datetime.date]):
        self.holidays = frozenset(holidays)

    def is_working(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def run_from(
        self, anchor: datetime.date, days: int, last: datetime.date
    ) -> list[datetime.date] | None:
        """The first `days` consecutive working days from `anchor` on, ending by
        `last`; None when there is no such run."""
        start = anchor
        while start + (days - 1) * DAY <= last:
            run = [start + i * DAY for i in range(days)]
            if all(self.is_working(day) for day in run):
                return run
            start += DAY
        return None

    def working_on_or_after(
        self, day: datetime.date, last: datetime.date, taken: set[datetime.date]
    ) -> datetime.date | None:
        while day <= last:
            if self.is_working(day) and day not in taken:
                return day
            day += DAY
        return None


def _intensive_titles(
    region: Region, year: int, quarter: int, number: int, of: int
) -> tuple[str, str, str]:
    suffix = f" ({number})" if of > 1 else ""
    q = ROMAN[quarter]
    return (
        f"Офлайн-интенсив, {q} квартал {year} г.{suffix} — {region.name_ru}",
        f"Офлайн-интенсив, {year} ж. {q} тоқсан{suffix} — {region.name_kk}",
        f"Offline intensive, Q{quarter} {year}{suffix} — {region.name_en}",
    )


def _online_titles(
    region: Region, month: datetime.date, number: int, of: int
) -> tuple[str, str, str]:
    suffix = f" ({number})" if of > 1 else ""
    index = month.month - 1
    return (
        f"Онлайн-встреча, {MONTHS_RU[index]} {month.year} г.{suffix}"
        f" — {region.name_ru}",
        f"Онлайн-кездесу, {month.year} ж. {MONTHS_KK[index]}{suffix}"
        f" — {region.name_kk}",
        f"Online meeting, {MONTHS_EN[index]} {month.year}{suffix} — {region.name_en}",
    )


def plan_quarter_sessions(
    *,
    region: Region,
    stagger: int,
    rule: PlanRule,
    year: int,
    quarter: int,
    calendar: Calendar,
) -> tuple[list[PlannedSession], list[str]]:
    """The sessions the plan wants for one region and quarter (nothing written), and
    the slots that found no room in the quarter."""
    planned: list[PlannedSession] = []
    unplaced: list[str] = []
    months = quarter_months(year, quarter)
    _first, last = quarter_bounds(year, quarter)
    audience = tuple(rule.audience_roles or ())
    intensive_days: set[datetime.date] = set()

    chosen = INTENSIVE_MONTHS[min(rule.intensives_per_quarter, 3)]
    for number, month_index in enumerate(chosen, start=1):
        slot = f"{year}-Q{quarter}-intensive-{number}"
        anchor = _weekday_on_or_after(months[month_index], TUESDAY) + 7 * DAY * (
            stagger % STAGGER_WEEKS
        )
        # Late in a month with a long intensive, the region's week may not fit: then
        # the first run from the month's first Tuesday.
        run = calendar.run_from(anchor, rule.intensive_days, last) or calendar.run_from(
            _weekday_on_or_after(months[month_index], TUESDAY),
            rule.intensive_days,
            last,
        )
        if run is None:
            unplaced.append(slot)
            continue
        intensive_days.update(run)
        planned.append(
            PlannedSession(
                region=region,
                slot=slot,
                kind=SessionKind.INTENSIVE,
                days=tuple(
                    (_at(day, rule.day_starts), _at(day, rule.day_ends)) for day in run
                ),
                titles=_intensive_titles(region, year, quarter, number, len(chosen)),
                capacity=rule.intensive_capacity,
                audience_roles=audience,
            )
        )

    weeks = ONLINE_WEEKS[min(rule.online_per_month, 4)]
    length = datetime.timedelta(minutes=rule.online_minutes)
    for month in months:
        taken = set(intensive_days)
        first_wednesday = _weekday_on_or_after(month, WEDNESDAY)
        for number, week in enumerate(weeks, start=1):
            slot = f"{month.year}-{month.month:02d}-online-{number}"
            day = calendar.working_on_or_after(
                first_wednesday + 7 * DAY * (week - 1), last, taken
            )
            if day is None:
                unplaced.append(slot)
                continue
            taken.add(day)
            starts = _at(day, rule.online_starts)
            planned.append(
                PlannedSession(
                    region=region,
                    slot=slot,
                    kind=SessionKind.ONLINE,
                    days=((starts, starts + length),),
                    titles=_online_titles(region, month, number, len(weeks)),
                    capacity=rule.online_capacity,
                    audience_roles=audience,
                )
            )
    return planned, unplaced


def plan_rules_by_region(regions: Iterable[Region]) -> dict[int, PlanRule]:
    """Each region's plan rule: its own, else the national default (created with the
    model's defaults when missing)."""
    PlanRule.objects.get_or_create(region=None)
    rules = {rule.region_id: rule for rule in PlanRule.objects.all()}
    default = rules[None]
    return {region.pk: rules.get(region.pk, default) for region in regions}


def _session(planned: PlannedSession) -> TrainingSession:
    title_ru, title_kk, title_en = planned.titles
    return TrainingSession(
        kind=planned.kind,
        title_ru=title_ru,
        title_kk=title_kk,
        title_en=title_en,
        region=planned.region,
        audience_roles=list(planned.audience_roles),
        capacity=planned.capacity,
        status=SessionStatus.DRAFT,
        plan_slot=planned.slot,
        starts_at=planned.days[0][0],
        ends_at=planned.days[-1][1],
    )


def plan_quarter_create(*, year: int, quarter: int) -> PlanResult:
    """Create the quarter's sessions of every region as drafts (those not planned
    yet), on working days (the year's public holidays are loaded first if the table
    has none), and a plan notice per region with sessions in the quarter; once the
    transaction commits, each regional admin is asked (once per region and quarter,
    scheduling.tasks.plan_notice_send) to confirm venue and dates."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter {quarter!r}: expected 1 to 4")
    period = quarter_period(year, quarter)
    result = PlanResult(period=period)
    first, last = quarter_bounds(year, quarter)
    if not Holiday.objects.filter(date__year=year).exists():
        # A year nobody loaded or edited yet: its holidays by the law's rules (an
        # admin adds the days moved by decree, and Kurban ait where it is unknown).
        result.holidays_added = holiday_defaults_load(years=[year])
    calendar = Calendar(
        Holiday.objects.filter(date__range=(first, last)).values_list("date", flat=True)
    )
    regions = sorted(Region.objects.all(), key=lambda region: region.iso_code)
    rules = plan_rules_by_region(regions)
    planned: list[PlannedSession] = []
    for stagger, region in enumerate(regions):
        sessions, unplaced = plan_quarter_sessions(
            region=region,
            stagger=stagger,
            rule=rules[region.pk],
            year=year,
            quarter=quarter,
            calendar=calendar,
        )
        planned.extend(sessions)
        result.unplaced.extend(f"{region.iso_code} {slot}" for slot in unplaced)

    with transaction.atomic():
        rows = [_session(session) for session in planned]
        # The constraint decides: a slot another run holds is skipped (on PostgreSQL
        # after that run commits). The rows this run inserted carry its uids.
        TrainingSession.objects.bulk_create(rows, ignore_conflicts=True)
        by_uid = {row.uid: session for row, session in zip(rows, planned, strict=True)}
        created = list(
            TrainingSession.objects.filter(uid__in=list(by_uid)).order_by(
                "region__iso_code", "starts_at"
            )
        )
        SessionDay.objects.bulk_create(
            SessionDay(
                session=session,
                date=starts.astimezone(ALMATY).date(),
                starts_at=starts,
                ends_at=ends,
            )
            for session in created
            for starts, ends in by_uid[session.uid].days
        )
        regions_by_id = {region.pk: region for region in regions}
        for session in created:
            session.region = regions_by_id[session.region_id]
        created_uids = {session.uid for session in created}
        result.created = created
        result.skipped = [
            session for uid, session in by_uid.items() if uid not in created_uids
        ]
        region_ids = sorted({session.region.pk for session in planned})
        PlanNotice.objects.bulk_create(
            [PlanNotice(region_id=pk, period=period) for pk in region_ids],
            ignore_conflicts=True,
        )
        result.notices = list(
            PlanNotice.objects.filter(
                region_id__in=region_ids, period=period, sent_at__isnull=True
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for notice_id in result.notices:
            enqueue_durably(plan_notice_send_task, notice_id=notice_id)
    return result


def plan_next_quarter_create(*, today: datetime.date | None = None) -> PlanResult:
    """Plan the quarter after the one `today` (Almaty) is in."""
    year, quarter = quarter_next(today or timezone.localdate())
    return plan_quarter_create(year=year, quarter=quarter)
