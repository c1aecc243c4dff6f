"""Sign-up, log-in and password reset through django-allauth's HTML views."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from people.models import ConsentRecord, Organization, User
from people.services import MSG_BIRTH_DATE_FUTURE, MSG_BIRTH_DATE_IMPLAUSIBLE
from tests.factories.people import UserFactory

from .helpers import PASSWORD, days_from_today, in_language, years_ago

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/ru/accounts/signup/"
LOGIN_URL = "/ru/accounts/login/"
RESET_URL = "/ru/accounts/password/reset/"
NEW_PASSWORD = "Steppe-wind-2026"


@pytest.fixture
def signup_data(region):
    def build(**overrides):
        data = {
            "email": "aigerim.saparova@example.kz",
            "full_name": "Айгерим Сапарова",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "region": region.pk,
            "organization_kind": Organization.Kind.VOLUNTEER_NGO,
            "date_of_birth": "1999-05-01",
            "preferred_language": "kk",
            "consent": "on",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return build


def form_errors(response) -> dict:
    assert response.status_code == 200, "the form should be re-displayed"
    return response.context["form"].errors


# Sign-up
# ------------------------------------------------------------------------------


def test_signup_creates_one_user_with_profile_and_current_consent(
    client, signup_data, region
):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "aigerim.saparova@example.kz"
    assert user.full_name == "Айгерим Сапарова"
    assert user.region == region
    assert user.organization_kind == Organization.Kind.VOLUNTEER_NGO
    assert str(user.date_of_birth) == "1999-05-01"
    assert user.preferred_language == "kk"
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).email == user.email
    consent = ConsentRecord.objects.get()
    assert consent.user == user
    assert consent.purpose == ConsentRecord.Purpose.PERSONAL_DATA
    assert consent.policy_version == settings.LMS_CONSENT_POLICY_VERSION
    assert consent.given_by_guardian is False
    assert consent.guardian_name == ""


def test_signup_logs_the_user_in_and_lands_on_my_learning_in_preferred_language(
    client, signup_data
):
    response = client.post(SIGNUP_URL, signup_data(preferred_language="kk"))

    assert response["Location"] == "/kk/my/"
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


def test_signup_stores_the_email_in_lower_case(client, signup_data):
    client.post(SIGNUP_URL, signup_data(email="Aigerim.Saparova@Example.KZ"))

    assert User.objects.get().email == "aigerim.saparova@example.kz"


def test_signup_without_consent_redisplays_the_form_and_creates_nothing(
    client, signup_data
):
    response = client.post(SIGNUP_URL, signup_data(consent=None))

    assert "consent" in form_errors(response)
    assert not User.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_signup_of_a_minor_without_guardian_redisplays_both_guardian_errors(
    client, signup_data
):
    response = client.post(
        SIGNUP_URL, signup_data(date_of_birth=years_ago(15).isoformat())
    )

    errors = form_errors(response)
    assert "guardian_name" in errors
    assert "guardian_consent" in errors
    assert not User.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_signup_of_a_minor_with_guardian_name_but_no_guardian_consent_is_refused(
    client, signup_data
):
    response = client.post(
        SIGNUP_URL,
        signup_data(
            date_of_birth=years_ago(15).isoformat(), guardian_name="Сапарова Динара"
        ),
    )

    assert list(form_errors(response)) == ["guardian_consent"]
    assert not User.objects.exists()


def test_signup_of_a_minor_with_guardian_records_the_consent_as_the_guardians(
    client, signup_data
):
    response = client.post(
        SIGNUP_URL,
        signup_data(
            date_of_birth=years_ago(15).isoformat(),
            guardian_name="  Сапарова Динара Ержановна ",
            guardian_consent="on",
        ),
    )

    assert response.status_code == 302
    consent = ConsentRecord.objects.get(user=User.objects.get())
    assert consent.given_by_guardian is True
    assert consent.guardian_name == "Сапарова Динара Ержановна"
    assert consent.policy_version == settings.LMS_CONSENT_POLICY_VERSION


def test_signup_the_day_before_the_18th_birthday_still_needs_a_guardian(
    client, signup_data
):
    response = client.post(
        SIGNUP_URL, signup_data(date_of_birth=years_ago(18, days=1).isoformat())
    )

    assert "guardian_name" in form_errors(response)
    assert not User.objects.exists()


def test_signup_on_the_18th_birthday_needs_no_guardian(client, signup_data):
    response = client.post(
        SIGNUP_URL,
        signup_data(
            date_of_birth=years_ago(18).isoformat(), guardian_name="Сапарова Динара"
        ),
    )

    assert response.status_code == 302
    consent = ConsentRecord.objects.get()
    assert consent.given_by_guardian is False
    assert consent.guardian_name == ""


def test_signup_with_an_email_taken_in_another_case_is_refused(client, signup_data):
    existing = UserFactory(email="aigerim.saparova@example.kz", full_name="Первая")

    response = client.post(SIGNUP_URL, signup_data(email="AIGERIM.Saparova@example.kz"))

    assert "email" in form_errors(response)
    assert list(User.objects.all()) == [existing]
    assert not ConsentRecord.objects.exists()


def test_signup_with_a_taken_email_under_mandatory_verification_creates_nothing(
    client, signup_data, settings, mailoutbox
):
    # Production verifies e-mail: allauth then hides that the address is taken and
    # mails its owner instead of showing an error.
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    existing = UserFactory(email="aigerim.saparova@example.kz", full_name="Первая")

    response = client.post(SIGNUP_URL, signup_data(email="Aigerim.Saparova@example.kz"))

    assert response.status_code == 302
    assert list(User.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.full_name == "Первая"
    assert not ConsentRecord.objects.exists()
    assert [mail.to for mail in mailoutbox] == [["aigerim.saparova@example.kz"]]


def test_signup_with_a_birth_date_in_the_future_is_refused_with_its_message(
    client, signup_data
):
    response = client.post(
        SIGNUP_URL,
        signup_data(
            date_of_birth=days_from_today(3).isoformat(),
            guardian_name="Сапарова Динара",
            guardian_consent="on",
        ),
    )

    assert form_errors(response)["date_of_birth"] == [
        in_language(MSG_BIRTH_DATE_FUTURE)
    ]
    assert not User.objects.exists()


def test_signup_with_an_implausible_birth_date_is_refused_with_its_message(
    client, signup_data
):
    response = client.post(
        SIGNUP_URL,
        signup_data(
            date_of_birth=years_ago(2).isoformat(),
            guardian_name="Сапарова Динара",
            guardian_consent="on",
        ),
    )

    assert form_errors(response)["date_of_birth"] == [
        in_language(MSG_BIRTH_DATE_IMPLAUSIBLE)
    ]
    assert not User.objects.exists()


def test_signup_page_renders_the_profile_and_consent_fields(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    for name in (
        "email",
        "full_name",
        "region",
        "date_of_birth",
        "consent",
        "guardian_name",
    ):
        assert f'name="{name}"' in response.content.decode()


# Log-in
# ------------------------------------------------------------------------------


def test_login_with_email_and_password_logs_the_user_in(client, learner):
    response = client.post(LOGIN_URL, {"login": learner.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/ru/my/"
    assert int(client.session["_auth_user_id"]) == learner.pk


def test_login_lands_on_my_learning_in_the_users_preferred_language(client):
    user = UserFactory(preferred_language="en")

    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})

    assert response["Location"] == "/en/my/"


def test_login_follows_a_safe_next_url(client, learner):
    response = client.post(
        f"{LOGIN_URL}?next=/ru/profile/",
        {"login": learner.email, "password": PASSWORD},
    )

    assert response["Location"] == "/ru/profile/"


def test_login_ignores_a_next_url_on_another_site(client, learner):
    response = client.post(
        f"{LOGIN_URL}?next=https://evil.example.com/",
        {"login": learner.email, "password": PASSWORD},
    )

    assert response["Location"] == "/ru/my/"


def test_login_accepts_the_email_in_another_case(client, learner):
    client.post(LOGIN_URL, {"login": learner.email.upper(), "password": PASSWORD})

    assert int(client.session["_auth_user_id"]) == learner.pk


def test_login_with_a_wrong_password_redisplays_the_form_and_logs_nobody_in(
    client, learner
):
    response = client.post(
        LOGIN_URL, {"login": learner.email, "password": "wrong-password-1"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


# Password reset
# ------------------------------------------------------------------------------


def test_password_reset_mails_one_link_that_sets_a_new_password(
    client, learner, mailoutbox
):
    response = client.post(RESET_URL, {"email": learner.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [learner.email]
    link = re.search(
        r"https?://[^/\s]+(/\S+/password/reset/key/\S+/)", mailoutbox[0].body
    )
    assert link, mailoutbox[0].body

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302

    client.logout()
    client.post(LOGIN_URL, {"login": learner.email, "password": NEW_PASSWORD})
    assert int(client.session["_auth_user_id"]) == learner.pk
    learner.refresh_from_db()
    assert not learner.check_password(PASSWORD)


def test_password_reset_for_an_unknown_address_mails_no_link(client, mailoutbox):
    client.post(RESET_URL, {"email": "nobody@example.kz"})

    assert all("/password/reset/key/" not in mail.body for mail in mailoutbox)
