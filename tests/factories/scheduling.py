"""Training sessions with their days (Asia/Almaty times), stored as they are: the
tests of scheduling's services create them through these."""

import datetime
import zoneinfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from scheduling.models import SessionDay, SessionStatus, TrainingSession

from .people import region_by_code

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def almaty(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime at `hour:minute` Almaty time on `day`."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ALMATY)


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    kind = TrainingSession.Kind.INTENSIVE
    title_ru = factory.Sequence(lambda n: f"Интенсив №{n}")
    title_kk = factory.Sequence(lambda n: f"Интенсив №{n} (kk)")
    region = factory.LazyFunction(region_by_code)
    venue = "г. Караганда, ул. Ерубаева, 35, конференц-зал"
    capacity = 10
    status = SessionStatus.OPEN

    @factory.post_generation
    def days(obj, create, extracted, **kwargs):
        """`days=[date, ...]` (default: two days starting 14 days from now), each
        10:00-17:00 Almaty time; sets the session's start and end."""
        if not create:
            return
        if extracted is None:
            first = timezone.localdate() + datetime.timedelta(days=14)
            extracted = [first, first + datetime.timedelta(days=1)]
        session_days_set(obj, extracted)


def session_days_set(
    session: TrainingSession,
    dates,
    *,
    start: tuple[int, int] = (10, 0),
    end: tuple[int, int] = (17, 0),
) -> TrainingSession:
    """Replace a session's days by `dates` (start and end times in Almaty)."""
    session.days.all().delete()
    rows = [
        SessionDay(
            session=session,
            date=day,
            starts_at=almaty(day, *start),
            ends_at=almaty(day, *end),
        )
        for day in sorted(dates)
    ]
    SessionDay.objects.bulk_create(rows)
    if rows:
        TrainingSession.objects.filter(pk=session.pk).update(
            starts_at=rows[0].starts_at, ends_at=rows[-1].ends_at
        )
        session.starts_at, session.ends_at = rows[0].starts_at, rows[-1].ends_at
    return session
