"""Kazakhstan's public holidays, loaded into the Holiday table (which the admin
edits): the yearly plan puts no session on them.

The days are those of the Law "On holidays in the Republic of Kazakhstan" (No. 267-II
of 13 December 2001, as amended in 2022: Republic Day on 25 October is a holiday
again, 17 December no longer is). When a national or state holiday falls on a
Saturday or Sunday, the next working day is a day off (the Labour Code's rule);
religious holidays (Orthodox Christmas, Kurban ait) are not carried over. Kurban
ait's date is set each year by the Spiritual Administration of Muslims: the dates
below are the announced ones. Days the government moves by decree (a bridge
between a holiday and a weekend) are added by hand in the admin.
"""

from __future__ import annotations

import datetime

from ..models import Holiday

# (month, day, name): every year.
FIXED_HOLIDAYS = [
    (1, 1, "Новый год"),
    (1, 2, "Новый год"),
    (1, 7, "Православное Рождество"),
    (3, 8, "Международный женский день"),
    (3, 21, "Наурыз мейрамы"),
    (3, 22, "Наурыз мейрамы"),
    (3, 23, "Наурыз мейрамы"),
    (5, 1, "Праздник единства народа Казахстана"),
    (5, 7, "День защитника Отечества"),
    (5, 9, "День Победы"),
    (7, 6, "День Столицы"),
    (8, 30, "День Конституции"),
    (10, 25, "День Республики"),
    (12, 16, "День Независимости"),
]
# Religious holidays: a day off, not carried over from a weekend.
NOT_CARRIED_OVER = {(1, 7)}
KURBAN_AIT_NAME = "Курбан айт"
KURBAN_AIT = {
    2026: datetime.date(2026, 5, 27),
    2027: datetime.date(2027, 5, 16),
    2028: datetime.date(2028, 5, 5),
}
CARRIED_OVER_NAME = "Выходной день (перенос: {name})"
DEFAULT_YEARS = tuple(sorted(KURBAN_AIT))


def holiday_dates_of_year(year: int) -> dict[datetime.date, str]:
    """The days off of `year` by this module's rules: the fixed-date holidays, Kurban
    ait (when its date is known here) and the working days that replace holidays
    falling on a weekend."""
    days: dict[datetime.date, str] = {}
    carried: list[tuple[datetime.date, str]] = []
    for month, day, name in FIXED_HOLIDAYS:
        date = datetime.date(year, month, day)
        days[date] = name
        if date.weekday() >= 5 and (month, day) not in NOT_CARRIED_OVER:
            carried.append((date, name))
    if year in KURBAN_AIT:
        days[KURBAN_AIT[year]] = KURBAN_AIT_NAME
    for date, name in carried:
        off = date + datetime.timedelta(days=1)
        while off.weekday() >= 5 or off in days:
            off += datetime.timedelta(days=1)
        days[off] = CARRIED_OVER_NAME.format(name=name)
    return dict(sorted(days.items()))


def holiday_defaults_load(*, years=DEFAULT_YEARS) -> list[Holiday]:
    """Add the public holidays of `years` that the table lacks, by date: a row an
    admin edited is kept as it is (one deleted comes back). Returns the rows added.
    Safe to run again, and at the same time (the date is unique)."""
    rows = [
        Holiday(date=date, name=name)
        for year in years
        for date, name in holiday_dates_of_year(year).items()
    ]
    before = set(
        Holiday.objects.filter(date__in=[row.date for row in rows]).values_list(
            "date", flat=True
        )
    )
    missing = [row for row in rows if row.date not in before]
    Holiday.objects.bulk_create(missing, ignore_conflicts=True)
    return missing
