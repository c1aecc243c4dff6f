"""The public calendars: national and per region, month grid and list, filters by
kind and region, never a draft, and a query count that does not grow with the
number of sessions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scheduling.models import SessionKind, SessionStatus
from tests.factories import region_by_code
from tests.factories.scheduling import TrainingSessionFactory

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2027, 3, 1)


def on(day: int, **fields):
    return TrainingSessionFactory(days=[MONTH.replace(day=day)], **fields)


def calendar(client, **query):
    return client.get(reverse("scheduling:calendar"), {"month": "2027-03", **query})


def test_calendar_shows_the_months_sessions_to_anonymous_visitors(client, home_page):
    session = on(10, title_ru="Интенсив в марте")
    TrainingSessionFactory(title_ru="Апрельский", days=[datetime.date(2027, 4, 20)])
    response = calendar(client)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Интенсив в марте" in content
    assert reverse("scheduling:session_detail", args=[session.pk]) in content
    assert "Апрельский" not in content


def test_calendar_never_shows_drafts(client, home_page):
    on(10, title_ru="Черновик", status=SessionStatus.DRAFT)
    on(11, title_ru="Открытая")
    for view in ("month", "list"):
        content = calendar(client, view=view).content.decode()
        assert "Черновик" not in content
        assert "Открытая" in content


def test_calendar_marks_a_cancelled_session(client, home_page):
    on(10, title_ru="Отменённая", status=SessionStatus.CANCELLED)
    content = calendar(client).content.decode()
    assert "Отменённая" in content
    assert "is-cancelled" in content


def test_calendar_filters_by_kind(client, home_page):
    on(10, title_ru="Интенсив", kind=SessionKind.INTENSIVE)
    on(11, title_ru="Онлайн-встреча", kind=SessionKind.ONLINE)
    content = calendar(client, kind="online").content.decode()
    assert "Онлайн-встреча" in content
    assert ">10:00 Интенсив<" not in content and "Интенсив</a>" not in content


def test_calendar_filters_by_region_and_national(client, home_page):
    on(10, title_ru="Тренинг Альфа", region=region_by_code("KZ-75"))
    on(11, title_ru="Тренинг Бета", region=region_by_code("KZ-71"))
    on(12, title_ru="Тренинг Гамма", region=None)
    content = calendar(client, region="KZ-71").content.decode()
    assert "Тренинг Бета" in content
    assert "Тренинг Альфа" not in content and "Тренинг Гамма" not in content
    content = calendar(client, region="national").content.decode()
    assert "Тренинг Гамма" in content and "Тренинг Бета" not in content


def test_region_calendar_shows_the_region_and_national_sessions(client, home_page):
    on(10, title_ru="Тренинг Альфа", region=region_by_code("KZ-75"))
    on(11, title_ru="Тренинг Бета", region=region_by_code("KZ-71"))
    on(12, title_ru="Тренинг Гамма", region=None)
    response = client.get(
        reverse("scheduling:calendar_region", args=["KZ-75"]), {"month": "2027-03"}
    )
    content = response.content.decode()
    assert "Тренинг Альфа" in content and "Тренинг Гамма" in content
    assert "Тренинг Бета" not in content


def test_region_calendar_of_an_unknown_region_is_404(client, home_page):
    response = client.get(reverse("scheduling:calendar_region", args=["XX-00"]))
    assert response.status_code == 404


def test_calendar_links_to_the_previous_and_next_month_keeping_filters(
    client, home_page
):
    content = calendar(client, kind="online", view="list").content.decode()
    assert "?kind=online&amp;view=list&amp;month=2027-02" in content
    assert "?kind=online&amp;view=list&amp;month=2027-04" in content


def test_calendar_with_a_bad_month_shows_this_month(client, home_page):
    response = client.get(reverse("scheduling:calendar"), {"month": "2027-13"})
    assert response.status_code == 200


def test_list_view_shows_each_session_once_with_its_days(client, home_page):
    TrainingSessionFactory(
        title_ru="Двухдневный",
        days=[datetime.date(2027, 3, 10), datetime.date(2027, 3, 11)],
    )
    content = calendar(client, view="list").content.decode()
    assert content.count("Двухдневный</a>") == 1
    assert content.count('class="session-summary__days"') == 1


@pytest.mark.parametrize("view", ["month", "list"])
def test_calendar_query_count_does_not_grow_with_sessions(client, home_page, view):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert calendar(client, view=view).status_code == 200
        return len(queries)

    for day in (3, 4):
        on(day)
    count()  # the first request fills the process's caches (site, catalogue)
    few = count()
    for day in range(5, 23):
        on(day, region=None if day % 2 else region_by_code("KZ-71"))
    assert count() == few


def test_the_calendars_link_their_icalendar_feeds(client, region, home_page):
    national = client.get(reverse("scheduling:calendar")).content.decode()
    assert reverse("scheduling_feeds:national") + "?lang=ru" in national
    regional = client.get(
        reverse("scheduling:calendar_region", args=[region.iso_code])
    ).content.decode()
    assert reverse("scheduling_feeds:region", args=[region.iso_code]) in regional
    assert reverse("scheduling:calendar_feed") not in regional  # anonymous
