"""Learner-facing pages of people: profile, data download, erasure, privacy policy."""

import datetime
import html
import json

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from courses.services import enrolment_create, item_complete
from people import services
from people.models import ErasureRequest, User
from people.roles import Role
from people.services import MSG_BIRTH_DATE_FUTURE
from tests.factories import course_with_lessons
from tests.factories.people import ErasureRequestFactory, UserFactory
from tests.lms.helpers import assert_error_summary

from .helpers import PASSWORD, days_from_today, in_language, profile_data

pytestmark = pytest.mark.django_db

PROFILE_URL = "/ru/profile/"
EXPORT_URL = "/ru/profile/my-data.json"
ERASURE_URL = "/ru/profile/delete/"
CANCEL_URL = "/ru/profile/delete/cancel/"


def profile_fields(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.full_name,
        user.region_id,
        user.organization_kind,
        user.date_of_birth,
        user.preferred_language,
    )


# Anonymous visitors
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PROFILE_URL, EXPORT_URL, ERASURE_URL])
def test_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/ru/accounts/login/?next={url}"


def test_anonymous_cancel_is_sent_to_log_in(client):
    response = client.post(CANCEL_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/ru/accounts/login/")


# Profile
# ------------------------------------------------------------------------------


def test_profile_shows_the_current_values(learner_client, learner, regional_office):
    services.consent_record(user=learner)
    services.position_start(
        user=learner, organization=regional_office, role=Role.MENTOR
    )

    response = learner_client.get(PROFILE_URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["full_name"] == learner.full_name
    assert form.initial["region"] == learner.region_id
    page = response.content.decode()
    assert f'value="{learner.full_name}"' in page
    assert f'<option value="{learner.region_id}" selected>' in page
    assert 'value="1995-04-12"' in page
    assert learner.email in page
    assert regional_office.name in page
    assert settings.LMS_CONSENT_POLICY_VERSION in page


def test_profile_post_saves_and_redirects_with_a_message(
    learner_client, learner, other_region
):
    response = learner_client.post(
        PROFILE_URL,
        profile_data(
            learner,
            full_name="Асель Нурланова",
            region=other_region.pk,
            organization_kind="initiative_group",
            date_of_birth="14.02.2001",
            preferred_language="en",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert profile_fields(learner) == (
        "Асель Нурланова",
        other_region.pk,
        "initiative_group",
        datetime.date(2001, 2, 14),
        "en",
    )
    assert len(list(get_messages(response.wsgi_request))) == 1


def test_profile_post_with_missing_fields_redisplays_and_changes_nothing(
    learner_client, learner
):
    before = profile_fields(learner)

    response = learner_client.post(
        PROFILE_URL, profile_data(learner, full_name="", region="")
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "region"}
    assert 'class="errorlist' in response.content.decode()
    assert profile_fields(learner) == before


def test_profile_post_with_errors_has_the_error_summary_linking_to_the_fields(
    learner_client, learner
):
    response = learner_client.post(
        PROFILE_URL, profile_data(learner, full_name="", region="")
    )

    assert_error_summary(response, fields=["id_full_name", "id_region"])


def test_profile_post_with_a_future_birth_date_shows_the_services_message(
    learner_client, learner
):
    before = profile_fields(learner)

    response = learner_client.post(
        PROFILE_URL,
        profile_data(
            learner,
            full_name="Другое Имя",
            date_of_birth=days_from_today(5).isoformat(),
        ),
    )

    assert response.status_code == 200
    message = in_language(MSG_BIRTH_DATE_FUTURE)
    assert response.context["form"].errors["date_of_birth"] == [message]
    assert message in response.content.decode()
    assert profile_fields(learner) == before


def test_profile_page_query_count_does_not_grow_with_positions(
    client, regional_office, other_regional_office, national_office
):
    few, many = UserFactory(), UserFactory()
    services.position_start(user=few, organization=regional_office, role=Role.STAFF)
    for organization in (regional_office, other_regional_office, national_office):
        services.position_start(user=many, organization=organization, role=Role.STAFF)

    counts = []
    for user in (few, many):
        client.force_login(user)
        assert client.get(PROFILE_URL).status_code == 200  # warm the memos
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PROFILE_URL).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    page = html.unescape(client.get(PROFILE_URL).content.decode())  # many's profile
    for organization in (regional_office, other_regional_office, national_office):
        assert organization.name in page


# Data download
# ------------------------------------------------------------------------------


@pytest.fixture
def two_learners_with_records(regional_office, program_page, other_learner, learner):
    """Each learner: a consent, a position, an enrolment with one lesson done."""
    courses = {}
    for person in (learner, other_learner):
        course, lessons = course_with_lessons(program_page, lessons=2)
        services.consent_record(user=person)
        services.position_start(
            user=person, organization=regional_office, role=Role.STAFF
        )
        enrolment = enrolment_create(learner=person, course=course)
        item_complete(enrolment=enrolment, item=lessons[0])
        courses[person] = course
    return courses[learner], courses[other_learner]


def test_data_download_is_a_json_attachment_of_the_users_data(
    learner_client, learner, regional_office, two_learners_with_records
):
    course, _other_course = two_learners_with_records

    response = learner_client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="birgemiz-academy-my-data-'
    )
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    data = json.loads(response.content)
    assert data["profile"]["email"] == learner.email
    assert data["profile"]["full_name"] == learner.full_name
    assert [c["policy_version"] for c in data["consents"]] == [
        settings.LMS_CONSENT_POLICY_VERSION
    ]
    assert [(p["organization"], p["role"]) for p in data["positions"]] == [
        (regional_office.name, "staff")
    ]
    [enrolment] = data["learning"]["enrolments"]
    assert enrolment["course"] == str(course.translation_key)
    assert len(enrolment["items_done"]) == 1


def test_data_download_holds_nothing_of_another_user(
    learner_client, other_learner, two_learners_with_records
):
    _course, other_course = two_learners_with_records

    content = learner_client.get(EXPORT_URL).content.decode()

    assert other_learner.email not in content
    assert other_learner.full_name not in content
    assert str(other_course.translation_key) not in content


def test_data_download_query_count_does_not_grow_with_records(
    client, program_page, regional_office, other_regional_office
):
    few, many = UserFactory(), UserFactory()
    courses = [course_with_lessons(program_page, lessons=2) for _ in range(3)]
    services.position_start(user=few, organization=regional_office, role=Role.STAFF)
    item_complete(
        enrolment=enrolment_create(learner=few, course=courses[0][0]),
        item=courses[0][1][0],
    )
    for organization in (regional_office, other_regional_office):
        services.position_start(user=many, organization=organization, role=Role.STAFF)
    for course, lessons in courses:
        enrolment = enrolment_create(learner=many, course=course)
        for lesson in lessons:
            item_complete(enrolment=enrolment, item=lesson)

    counts = []
    for user in (few, many):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(EXPORT_URL).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    data = json.loads(client.get(EXPORT_URL).content)  # many's records
    assert len(data["positions"]) == 2
    assert len(data["learning"]["enrolments"]) == 3


# Erasure
# ------------------------------------------------------------------------------


def erasure_post(client, confirm="on"):
    # The password is asked by the re-authentication of sensitive actions, off in
    # the test settings (tests/people/test_reauthentication.py has it on).
    return client.post(ERASURE_URL, {"confirm": confirm} if confirm else {})


def test_erasure_page_asks_to_confirm_and_says_the_password_may_be_asked(
    learner_client,
):
    response = learner_client.get(ERASURE_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="confirm"' in page
    assert 'name="password"' not in page


def test_erasure_request_confirmed_creates_a_pending_request_and_mails(
    learner_client, learner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = erasure_post(learner_client)

    assert response.status_code == 302
    assert response["Location"] == ERASURE_URL
    request = ErasureRequest.objects.get()
    assert (request.user, request.status) == (learner, ErasureRequest.Status.PENDING)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [learner.email]


def test_erasure_request_without_confirmation_redisplays_and_creates_nothing(
    learner_client,
):
    response = erasure_post(learner_client, confirm=None)

    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert not ErasureRequest.objects.exists()


def test_second_erasure_request_while_one_is_pending_creates_nothing(
    learner_client, learner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        erasure_post(learner_client)
        response = erasure_post(learner_client)

    assert response.status_code == 200
    assert response.context["pending"] == ErasureRequest.objects.get()
    assert len(mailoutbox) == 1


def test_profile_offers_to_cancel_a_pending_erasure(learner_client, learner):
    ErasureRequestFactory(user=learner)

    page = learner_client.get(PROFILE_URL).content.decode()

    assert f'action="{CANCEL_URL}"' in page


def test_erasure_cancel_cancels_the_pending_request(learner_client, learner):
    request = ErasureRequestFactory(user=learner)

    response = learner_client.post(CANCEL_URL)

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.CANCELLED


def test_erasure_cancel_refuses_get(learner_client, learner):
    request = ErasureRequestFactory(user=learner)

    assert learner_client.get(CANCEL_URL).status_code == 405

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.PENDING


def test_erasure_ends_the_open_session_and_the_login(learner_client, learner):
    services.user_erase(user=learner)

    response = learner_client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/ru/accounts/login/")
    assert not learner_client.login(email=learner.email, password=PASSWORD)


# Languages
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_profile_page_renders_in_each_language(learner_client, learner, language):
    services.consent_record(user=learner)
    ErasureRequestFactory(user=learner)

    response = learner_client.get(f"/{language}/profile/")

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_privacy_page_renders_in_each_language_for_anyone(client, language):
    response = client.get(f"/{language}/privacy/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert settings.LMS_CONSENT_POLICY_VERSION in page


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_erasure_page_renders_in_each_language(learner_client, language):
    response = learner_client.get(f"/{language}/profile/delete/")

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f'<html lang="{language}">' in page
    with translation.override(language):
        assert gettext("Delete my account and personal data") in page
