"""Staff sessions end after LMS_STAFF_SESSION_IDLE_MINUTES without a request;
learners keep Django's session length. The protections of staff sessions add no
query to a learner's page."""

import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from core.pagecache import content_version_bump
from people.middleware import LAST_SEEN_KEY, TOUCH_SECONDS
from tests.factories import course_with_lessons

from .access_helpers import LOGIN_URL, mfa_set_up, password_step, redirect_target

pytestmark = pytest.mark.django_db

MY_LEARNING = "/ru/my/"
PEOPLE_MIDDLEWARE = (
    "people.middleware.StaffSessionIdleMiddleware",
    "people.middleware.StaffMFAMiddleware",
)


def last_seen_ago(client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time() - seconds)
    session.save()


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_login_starts_the_idle_clock(client, mentor):
    before = int(time.time())

    password_step(client, mentor)

    assert client.session[LAST_SEEN_KEY] >= before


def test_a_staff_session_ends_after_the_idle_limit(client, regional_admin, settings):
    assert settings.LMS_STAFF_SESSION_IDLE_MINUTES == 30
    client.force_login(regional_admin)
    last_seen_ago(client, 31 * 60)

    response = client.get("/ru/manage/learners/")

    assert redirect_target(response) == (LOGIN_URL, "/ru/manage/learners/")
    assert not signed_in(client)
    [message] = get_messages(response.wsgi_request)
    with translation.override("ru"):
        expected = ngettext(
            "You were logged out after %(minutes)s minute without activity. "
            "Log in again to continue.",
            "You were logged out after %(minutes)s minutes without activity. "
            "Log in again to continue.",
            30,
        ) % {"minutes": 30}
    assert str(message) == expected
    # Logged out for good: the next page asks for the login too.
    assert redirect_target(client.get(MY_LEARNING)) == (LOGIN_URL, MY_LEARNING)


def test_an_admin_session_ends_in_the_admin_too(client, superuser):
    mfa_set_up(superuser)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
    last_seen_ago(client, 31 * 60)

    response = client.get("/admin/pages/")

    assert redirect_target(response) == (LOGIN_URL, "/admin/pages/")
    assert not signed_in(client)


def test_a_form_sent_after_the_limit_is_not_carried_out(client, regional_admin):
    client.force_login(regional_admin)
    last_seen_ago(client, 31 * 60)

    response = client.post("/ru/profile/", {"full_name": "Другое имя"})

    assert redirect_target(response) == (LOGIN_URL, None)
    regional_admin.refresh_from_db()
    assert regional_admin.full_name != "Другое имя"


def test_an_active_staff_session_goes_on_and_its_clock_is_moved_on(
    client, regional_admin
):
    client.force_login(regional_admin)
    last_seen_ago(client, 29 * 60)

    assert client.get("/ru/manage/learners/").status_code == 200

    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 1
    # Within a minute of the last move, the session is not written again.
    last_seen_ago(client, TOUCH_SECONDS - 20)
    stamp = client.session[LAST_SEEN_KEY]
    assert client.get("/ru/manage/learners/").status_code == 200
    assert client.session[LAST_SEEN_KEY] == stamp


def test_the_wagtail_editors_background_pings_do_not_keep_a_session_alive(
    client, superuser, home_page
):
    client.force_login(superuser)
    last_seen_ago(client, 20 * 60)
    stamp = client.session[LAST_SEEN_KEY]
    ping = reverse(
        "wagtailadmin_editing_sessions:ping",
        args=["wagtailcore", "page", str(home_page.pk), 0],
    )

    client.post(ping)

    assert client.session[LAST_SEEN_KEY] == stamp


def test_a_learners_session_does_not_end_when_idle(client, learner):
    client.force_login(learner)
    last_seen_ago(client, 24 * 60 * 60)

    assert client.get(MY_LEARNING).status_code == 200
    assert signed_in(client)


def test_no_idle_limit_when_it_is_zero(client, regional_admin, settings):
    settings.LMS_STAFF_SESSION_IDLE_MINUTES = 0
    client.force_login(regional_admin)
    last_seen_ago(client, 24 * 60 * 60)

    assert client.get("/ru/manage/learners/").status_code == 200


@pytest.mark.parametrize("memo", ["cold", "warm"])
@pytest.mark.parametrize(
    "url", [MY_LEARNING, "/ru/profile/", "/ru/profile/my-data.json"]
)
def test_the_protections_of_staff_sessions_add_no_query_to_a_learners_page(
    client, learner, program_page, settings, memo, url
):
    settings.LMS_MFA_REQUIRED = True
    course_with_lessons(program_page, 2)
    client.force_login(learner)
    client.get(url)
    full = list(settings.MIDDLEWARE)
    without = [m for m in full if m not in PEOPLE_MIDDLEWARE]

    def queries(middleware) -> int:
        settings.MIDDLEWARE = middleware
        if memo == "cold":
            content_version_bump()
        else:
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(full) == queries(without)
