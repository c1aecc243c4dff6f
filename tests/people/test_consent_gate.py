"""The consent gate: a signed-in person without a consent to the current version of
the personal-data policy is asked for it on any page (people.middleware), and the
consent page: agree (under 18 with a guardian), decline (signed out), under 14 not
at all."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from people import services
from people.models import ConsentRecord, User
from people.services import CONSENT_DECLINE_ACTION
from tests.factories.people import UserFactory

from .helpers import PASSWORD, years_ago

pytestmark = pytest.mark.django_db

CONSENT_URL = "/ru/privacy/consent/"
DECLINE_URL = "/ru/privacy/consent/decline/"
DECLINED_URL = "/ru/privacy/consent/declined/"
PROFILE_URL = "/ru/profile/"
OLD_VERSION = "2020-01"


@pytest.fixture
def behind(region):
    """A learner who consented to an older version of the policy."""
    user = UserFactory(region=region, consent_policy_version=OLD_VERSION)
    ConsentRecord.objects.create(
        user=user, purpose=ConsentRecord.Purpose.PERSONAL_DATA, policy_version="2020-01"
    )
    return user


@pytest.fixture
def behind_client(client, behind):
    client.force_login(behind)
    return client


def current_version(user) -> str:
    return User.objects.get(pk=user.pk).consent_policy_version


# The gate
# ------------------------------------------------------------------------------


def test_a_new_policy_version_sends_a_signed_in_person_to_the_consent_page(
    learner_client, settings
):
    settings.LMS_CONSENT_POLICY_VERSION = "2099-01"

    response = learner_client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{CONSENT_URL}?next=%2Fru%2Fprofile%2F"


def test_the_gate_asks_at_login_before_the_first_page(client, behind):
    response = client.post(
        "/ru/accounts/login/",
        {"login": behind.email, "password": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0].startswith(CONSENT_URL)
    assert response.templates[0].name == "people/consent.html"


def test_the_gate_holds_on_the_editors_admin_too(client, region):
    superuser = UserFactory(
        region=region, is_superuser=True, is_staff=True, consent_policy_version=""
    )
    client.force_login(superuser)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/ru/privacy/consent/?next=%2Fadmin%2F")


@pytest.mark.parametrize(
    "url",
    [
        CONSENT_URL,
        "/ru/privacy/",
        "/ru/profile/my-data.json",
        "/ru/profile/delete/",
    ],
)
def test_the_question_the_policy_and_the_persons_data_stay_open(behind_client, url):
    response = behind_client.get(url)

    assert response.status_code == 200


def test_signing_out_stays_open(behind_client):
    response = behind_client.post("/ru/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in behind_client.session


def test_scripts_get_a_json_refusal_with_the_consent_address(behind_client):
    response = behind_client.post(
        PROFILE_URL, {}, headers={"accept": "application/json"}
    )

    assert response.status_code == 403
    body = json.loads(response.content)
    assert body["url"] == CONSENT_URL
    assert body["error"]


def test_a_form_post_is_sent_to_the_question_without_a_next(behind_client):
    response = behind_client.post(PROFILE_URL, {})

    assert response.status_code == 302
    assert response["Location"] == CONSENT_URL


def test_a_record_of_the_current_version_given_elsewhere_lets_the_person_in(
    behind_client, behind
):
    ConsentRecord.objects.create(
        user=behind,
        purpose=ConsentRecord.Purpose.PERSONAL_DATA,
        policy_version=settings.LMS_CONSENT_POLICY_VERSION,
    )

    response = behind_client.get(PROFILE_URL)

    assert response.status_code == 200
    assert current_version(behind) == settings.LMS_CONSENT_POLICY_VERSION


def test_anonymous_visitors_are_not_asked(client):
    response = client.get("/ru/privacy/")

    assert response.status_code == 200


def _profile_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROFILE_URL).status_code == 200
    return len(queries)


@pytest.mark.parametrize("older_consents", [0, 5])
def test_a_person_whose_consent_is_current_costs_the_gate_no_query(
    client, learner, settings, older_consents
):
    services.consent_record(user=learner)
    for n in range(older_consents):
        ConsentRecord.objects.create(
            user=learner,
            purpose=ConsentRecord.Purpose.PERSONAL_DATA,
            policy_version=f"2019-{n + 1:02d}",
        )
    client.force_login(learner)
    _profile_queries(client)  # warm the memoized user and permissions
    with_gate = _profile_queries(client)
    settings.MIDDLEWARE = [
        m
        for m in settings.MIDDLEWARE
        if m != "people.middleware.ConsentRequiredMiddleware"
    ]

    without_gate = _profile_queries(client)

    assert with_gate == without_gate


# The question
# ------------------------------------------------------------------------------


def test_the_page_names_both_versions_and_the_summary(behind_client):
    response = behind_client.get(CONSENT_URL)

    page = response.content.decode()
    assert OLD_VERSION in page
    assert settings.LMS_CONSENT_POLICY_VERSION in page
    assert response.context["form"] is not None
    assert "guardian_name" not in response.context["form"].fields


def test_agreeing_records_the_new_version_and_goes_on_to_the_page_asked_for(
    behind_client, behind
):
    response = behind_client.post(
        CONSENT_URL, {"consent": "on", "next": "/ru/profile/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/ru/profile/"
    record = ConsentRecord.objects.get(
        user=behind, policy_version=settings.LMS_CONSENT_POLICY_VERSION
    )
    assert record.given_by_guardian is False and record.recorded_by is None
    assert current_version(behind) == settings.LMS_CONSENT_POLICY_VERSION
    assert behind_client.get(PROFILE_URL).status_code == 200


def test_agreeing_never_follows_a_next_to_another_site(behind_client):
    response = behind_client.post(
        CONSENT_URL, {"consent": "on", "next": "https://evil.example.com/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/ru/")


def test_without_the_tick_nothing_is_recorded(behind_client, behind):
    response = behind_client.post(CONSENT_URL, {})

    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert current_version(behind) == OLD_VERSION


def test_a_minor_agrees_with_a_guardians_name_and_consent(client, region):
    teen = UserFactory(
        region=region, date_of_birth=years_ago(16), consent_policy_version=""
    )
    client.force_login(teen)

    refused = client.post(CONSENT_URL, {"consent": "on"})
    assert set(refused.context["form"].errors) == {"guardian_name", "guardian_consent"}

    client.post(
        CONSENT_URL,
        {"consent": "on", "guardian_name": "Сапарова Динара", "guardian_consent": "on"},
    )

    record = ConsentRecord.objects.get(user=teen)
    assert record.given_by_guardian is True
    assert record.guardian_name == "Сапарова Динара"
    assert current_version(teen) == settings.LMS_CONSENT_POLICY_VERSION


def test_a_child_under_14_cannot_consent_on_the_site(client, region):
    child = UserFactory(
        region=region, date_of_birth=years_ago(12), consent_policy_version=""
    )
    client.force_login(child)

    page = client.get(CONSENT_URL)
    client.post(CONSENT_URL, {"consent": "on"})

    assert page.context["child"] is True and page.context["form"] is None
    assert not ConsentRecord.objects.filter(user=child).exists()
    assert current_version(child) == ""


def test_declining_is_logged_signs_out_and_explains_the_way_to_erasure(
    behind_client, behind
):
    response = behind_client.post(DECLINE_URL, follow=True)

    assert response.redirect_chain == [(DECLINED_URL, 302)]
    assert "_auth_user_id" not in behind_client.session
    assert "/ru/accounts/login/?next=/ru/profile/delete/" in response.content.decode()
    entry = ModelLogEntry.objects.get(action=CONSENT_DECLINE_ACTION)
    assert entry.object_id == str(behind.pk) and entry.user_id == behind.pk
    assert entry.data["policy_version"] == settings.LMS_CONSENT_POLICY_VERSION
    assert current_version(behind) == OLD_VERSION


def test_after_declining_the_erasure_page_opens_at_sign_in(client, behind):
    response = client.post(
        "/ru/accounts/login/?next=/ru/profile/delete/",
        {"login": behind.email, "password": PASSWORD, "next": "/ru/profile/delete/"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/ru/profile/delete/"
    assert response.status_code == 200
