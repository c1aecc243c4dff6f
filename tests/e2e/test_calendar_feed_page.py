"""The page of one's calendar feed on a phone: made and replaced without JavaScript,
with no serious accessibility problem."""

import pytest

from scheduling.models import CalendarFeed
from tests.e2e.conftest import session_start
from tests.e2e.test_accessibility import PHONE, problems_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_calendar_feed_page_on_a_phone_without_javascript(
    live_server, context_new, home_page
):
    person = UserFactory()
    context = context_new(viewport=PHONE, java_script_enabled=False)
    session_start(context, person, live_server)
    page = context.new_page()
    url = f"{live_server.url}/ru/my/calendar/"

    page.goto(url)
    page.locator("main form button[type=submit]").click()
    first = CalendarFeed.objects.get(person=person).token
    assert first in page.locator("#calendar-feed-url").input_value()

    page.locator("main form button[type=submit]").click()
    second = CalendarFeed.objects.get(person=person).token
    assert second != first
    assert second in page.locator("#calendar-feed-url").input_value()

    checked = context_new(viewport=PHONE)
    session_start(checked, person, live_server)
    checker = checked.new_page()
    checker.goto(url)
    assert problems_of(checker, url) == []
