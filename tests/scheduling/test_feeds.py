"""The iCalendar feeds: a person's private one by a revocable token, a region's and
the national one (never drafts, cancelled sessions kept), their language, a
constant number of queries, and the page to find and replace one's address."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar

from scheduling.models import CalendarFeed, RegistrationStatus, SessionStatus
from scheduling.services import calendar_feed_get_or_create, calendar_feed_revoke
from tests.factories import TrainingSessionFactory, UserFactory

from .ical_helpers import registration_make

pytestmark = pytest.mark.django_db

# The summary of a cancelled session, as the active catalogue words it.
CANCELLED_PREFIX = gettext("Cancelled: %(title)s") % {"title": ""}
TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=20)


def _day(n: int) -> list[datetime.date]:
    return [SOON + datetime.timedelta(days=2 * n)]


def _titles(response) -> set[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def _feed_url(person, **query) -> str:
    feed = calendar_feed_get_or_create(person=person)
    url = reverse("scheduling_feeds:person", args=[feed.token])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


# A person's own feed
# ------------------------------------------------------------------------------


def test_own_feed_has_the_sessions_one_is_signed_up_for_or_trains(client, learner):
    registered = TrainingSessionFactory(title_ru="Записан", days=_day(0))
    waitlisted = TrainingSessionFactory(title_ru="В листе", days=_day(1))
    pending = TrainingSessionFactory(title_ru="Ждёт", days=_day(2))
    trained = TrainingSessionFactory(title_ru="Веду", days=_day(3))
    left = TrainingSessionFactory(title_ru="Отменил", days=_day(4))
    TrainingSessionFactory(title_ru="Чужая", days=_day(5))
    registration_make(registered, learner)
    registration_make(waitlisted, learner, RegistrationStatus.WAITLISTED)
    registration_make(pending, learner, RegistrationStatus.PENDING)
    registration_make(left, learner, RegistrationStatus.CANCELLED)
    trained.trainers.add(learner)

    response = client.get(_feed_url(learner))
    calendar = Calendar.from_ical(response.content)
    statuses = {str(e["SUMMARY"]): e["STATUS"] for e in calendar.walk("VEVENT")}

    def status(title):
        (found,) = [v for k, v in statuses.items() if k.endswith(title)]
        return found

    assert len(statuses) == 4
    assert status("Записан") == "CONFIRMED"
    assert status("В листе") == "TENTATIVE"
    assert status("Ждёт") == "TENTATIVE"
    assert status("Веду") == "CONFIRMED"
    assert response["Cache-Control"].startswith("private")
    assert response["X-Robots-Tag"].startswith("noindex")


def test_own_feed_keeps_a_cancelled_session_with_status_cancelled(client, learner):
    session = TrainingSessionFactory(days=_day(0), status=SessionStatus.CANCELLED)
    registration_make(session, learner)

    calendar = Calendar.from_ical(client.get(_feed_url(learner)).content)

    assert [e["STATUS"] for e in calendar.walk("VEVENT")] == ["CANCELLED"]


def test_own_feed_has_no_draft_even_for_its_trainer(client, learner):
    draft = TrainingSessionFactory(days=_day(0), status=SessionStatus.DRAFT)
    draft.trainers.add(learner)

    assert _titles(client.get(_feed_url(learner))) == set()


def test_an_unknown_token_is_not_found(client, db):
    url = reverse("scheduling_feeds:person", args=["no-such-token"])

    assert client.get(url).status_code == 404


def test_a_revoked_token_is_not_found_and_the_new_one_works(client, learner):
    old_url = _feed_url(learner)

    feed = calendar_feed_revoke(person=learner)

    assert client.get(old_url).status_code == 404
    new_url = reverse("scheduling_feeds:person", args=[feed.token])
    assert client.get(new_url).status_code == 200
    assert CalendarFeed.objects.filter(person=learner).count() == 1


def test_the_feed_of_a_deactivated_account_is_not_found(client, learner):
    url = _feed_url(learner)
    learner.is_active = False
    learner.save(update_fields=["is_active"])

    assert client.get(url).status_code == 404


def test_get_or_create_returns_the_same_feed(learner):
    assert (
        calendar_feed_get_or_create(person=learner).token
        == calendar_feed_get_or_create(person=learner).token
    )


def test_the_feed_language_is_chosen_by_lang_and_defaults_to_russian(client, learner):
    session = TrainingSessionFactory(
        title_ru="Русское", title_kk="Қазақша", title_en="English", days=_day(0)
    )
    registration_make(session, learner)

    assert _titles(client.get(_feed_url(learner))) == {"Русское"}
    assert _titles(client.get(_feed_url(learner, lang="kk"))) == {"Қазақша"}
    assert _titles(client.get(_feed_url(learner, lang="en"))) == {"English"}
    assert _titles(client.get(_feed_url(learner, lang="xx"))) == {"Русское"}


# Public feeds
# ------------------------------------------------------------------------------


@pytest.fixture
def public_sessions(region, other_region):
    return {
        "open": TrainingSessionFactory(title_ru="Открыта", region=region, days=_day(0)),
        "closed": TrainingSessionFactory(
            title_ru="Закрыта",
            region=region,
            status=SessionStatus.CLOSED,
            days=_day(1),
        ),
        "cancelled": TrainingSessionFactory(
            title_ru="Отменена",
            region=region,
            status=SessionStatus.CANCELLED,
            days=_day(2),
        ),
        "held": TrainingSessionFactory(
            title_ru="Проведена",
            region=region,
            status=SessionStatus.HELD,
            days=[TODAY - datetime.timedelta(days=10)],
        ),
        "draft": TrainingSessionFactory(
            title_ru="Черновик", region=region, status=SessionStatus.DRAFT, days=_day(3)
        ),
        "national": TrainingSessionFactory(
            title_ru="Национальная", region=None, days=_day(4)
        ),
        "other": TrainingSessionFactory(
            title_ru="Астана", region=other_region, days=_day(5)
        ),
        "long_ago": TrainingSessionFactory(
            title_ru="Давно",
            region=region,
            status=SessionStatus.HELD,
            days=[TODAY - datetime.timedelta(days=400)],
        ),
    }


def test_a_region_feed_has_its_sessions_and_the_national_ones_never_drafts(
    client, region, public_sessions
):
    url = reverse("scheduling_feeds:region", args=[region.iso_code])

    response = client.get(url)

    assert _titles(response) == {
        "Открыта",
        "Закрыта",
        f"{CANCELLED_PREFIX}Отменена",
        "Проведена",
        "Национальная",
    }
    assert response["Cache-Control"].startswith("public")


def test_the_national_feed_has_every_region_never_drafts(client, public_sessions):
    titles = _titles(client.get(reverse("scheduling_feeds:national")))

    assert "Астана" in titles and "Национальная" in titles and "Открыта" in titles
    assert "Черновик" not in titles
    assert "Давно" not in titles  # ended more than LMS_SCHEDULING_FEED_PAST_DAYS ago


def test_a_cancelled_session_stays_in_the_public_feed_as_cancelled(
    client, region, public_sessions
):
    response = client.get(reverse("scheduling_feeds:region", args=[region.iso_code]))
    calendar = Calendar.from_ical(response.content)
    cancelled = [e for e in calendar.walk("VEVENT") if e["STATUS"] == "CANCELLED"]

    assert len(cancelled) == 1
    assert cancelled[0]["UID"].startswith(str(public_sessions["cancelled"].uid))


def test_an_unknown_region_is_not_found(client, db):
    url = reverse("scheduling_feeds:region", args=["KZ-00"])

    assert client.get(url).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_feeds_take_the_same_number_of_queries_for_2_or_8_sessions(
    client, learner, region
):
    own = _feed_url(learner)
    regional = reverse("scheduling_feeds:region", args=[region.iso_code])
    national = reverse("scheduling_feeds:national")

    def add(count, start):
        for n in range(start, start + count):
            session = TrainingSessionFactory(
                region=region, days=[*_day(n), _day(n)[0] + datetime.timedelta(1)]
            )
            registration_make(session, learner)
            session.trainers.add(UserFactory())

    add(2, 0)
    few = [_queries(client, url) for url in (own, regional, national)]
    add(6, 2)
    many = [_queries(client, url) for url in (own, regional, national)]

    assert few == many
    assert max(many) <= 5


# The page to find, copy and replace one's feed address
# ------------------------------------------------------------------------------


def test_the_feed_page_needs_a_signed_in_person(client, db):
    response = client.get(reverse("scheduling:calendar_feed"))

    assert response.status_code == 302


def test_the_feed_page_makes_the_address_on_request(learner_client, learner):
    url = reverse("scheduling:calendar_feed")

    page = learner_client.get(url)
    assert page.status_code == 200
    assert not CalendarFeed.objects.filter(person=learner).exists()  # GET writes not

    learner_client.post(url, {"action": "create"})
    feed = CalendarFeed.objects.get(person=learner)
    page = learner_client.get(url)

    assert feed.token in page.content.decode()
    assert "webcal://" in page.content.decode()


def test_the_feed_page_replaces_the_address(learner_client, learner):
    old = calendar_feed_get_or_create(person=learner).token

    response = learner_client.post(
        reverse("scheduling:calendar_feed"), {"action": "revoke"}
    )

    assert response.status_code == 302
    new = CalendarFeed.objects.get(person=learner).token
    assert new != old
    assert old not in learner_client.get(response.url).content.decode()


def test_replacing_the_address_needs_the_csrf_token(learner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    old = calendar_feed_get_or_create(person=learner).token

    response = client.post(reverse("scheduling:calendar_feed"), {"action": "revoke"})

    assert response.status_code == 403
    assert CalendarFeed.objects.get(person=learner).token == old


def test_the_feeds_pass_an_independent_strict_parser(
    client, learner, region, public_sessions
):
    # `ical` (not icalendar, which wrote them) parses RFC 5545 strictly: required
    # properties, value types, the VTIMEZONE a TZID refers to.
    stream = pytest.importorskip("ical.calendar_stream")
    registration_make(public_sessions["open"], learner)
    registration_make(public_sessions["cancelled"], learner)
    urls = [
        _feed_url(learner, lang="kk"),
        reverse("scheduling_feeds:region", args=[region.iso_code]) + "?lang=en",
        reverse("scheduling_feeds:national"),
    ]

    for url in urls:
        calendar = stream.IcsCalendarStream.calendar_from_ics(
            client.get(url).content.decode()
        )
        assert calendar.events
        assert [tz.tz_id for tz in calendar.timezones] == ["Asia/Almaty"]
        for event in calendar.events:
            assert event.dtstart.utcoffset() == datetime.timedelta(hours=5)
            assert event.dtstart.tzinfo.key == "Asia/Almaty"
        assert "CANCELLED" in {event.status.value for event in calendar.events}
