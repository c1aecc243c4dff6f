"""The admins log in through allauth: Wagtail's /admin/login/, Django's
/django-admin/login/ and Wagtail's login for private pages send people to allauth's
login with ?next=, so its rate limits and the second factor apply there too."""

import pytest
from allauth.account.adapter import get_adapter

from tests.factories import UserFactory

from .access_helpers import (
    LOGIN_URL,
    MFA_AUTHENTICATE_URL,
    mfa_set_up,
    password_step,
    redirect_target,
    totp_code,
    with_next,
)
from .helpers import PASSWORD, in_language

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.LMS_MFA_REQUIRED = True


def test_wagtails_admin_login_sends_visitors_to_allauths_login(client):
    response = client.get("/admin/login/")
    assert redirect_target(response) == (LOGIN_URL, "/admin/")

    response = client.get("/admin/login/?next=/admin/pages/")
    assert redirect_target(response) == (LOGIN_URL, "/admin/pages/")


def test_djangos_admin_login_sends_visitors_to_allauths_login(client):
    response = client.get("/django-admin/login/")
    assert redirect_target(response) == (LOGIN_URL, "/django-admin/")

    response = client.get("/django-admin/login/?next=/django-admin/people/")
    assert redirect_target(response) == (LOGIN_URL, "/django-admin/people/")


def test_a_next_to_another_site_is_dropped(client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert redirect_target(response) == (LOGIN_URL, "/admin/")


def test_the_admins_send_visitors_through_their_login_pages_to_allauths(client):
    response = client.get("/admin/")
    assert redirect_target(response) == ("/admin/login/", "/admin/")
    response = client.get(response["Location"])
    assert redirect_target(response) == (LOGIN_URL, "/admin/")

    response = client.get("/django-admin/")
    assert redirect_target(response) == ("/django-admin/login/", "/django-admin/")
    response = client.get(response["Location"])
    assert redirect_target(response) == (LOGIN_URL, "/django-admin/")


def test_the_login_of_wagtails_private_pages_is_allauths_too(client):
    response = client.get("/ru/_util/login/?next=/ru/catalog/")

    assert redirect_target(response) == (LOGIN_URL, "/ru/catalog/")


def test_a_password_posted_to_the_old_login_pages_signs_nobody_in(client, superuser):
    for url in ["/admin/login/", "/django-admin/login/", "/ru/_util/login/"]:
        response = client.post(url, {"username": superuser.email, "password": PASSWORD})
        assert response.status_code == 302, url
        assert "_auth_user_id" not in client.session


def test_a_signed_in_person_without_the_admin_is_refused_without_a_loop(
    client, learner
):
    client.force_login(learner)

    assert client.get("/admin/login/?next=/admin/").status_code == 403
    assert client.get("/django-admin/login/").status_code == 403
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_an_admin_already_signed_in_goes_on_to_the_admin(client, superuser):
    mfa_set_up(superuser)
    client.force_login(superuser)

    assert client.get("/admin/login/?next=/admin/pages/")["Location"] == (
        "/admin/pages/"
    )
    assert client.get("/django-admin/login/")["Location"] == "/django-admin/"


def test_staff_with_a_second_factor_reach_the_admin_only_after_the_code(
    client, superuser
):
    secret, _codes = mfa_set_up(superuser)

    response = password_step(client, superuser, next_url="/admin/")

    assert response["Location"] == MFA_AUTHENTICATE_URL
    # The password alone opens neither admin: back to the login, which waits for
    # the code.
    for url in ["/admin/", "/django-admin/"]:
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == MFA_AUTHENTICATE_URL, url
        assert "_auth_user_id" not in client.session

    password_step(client, superuser, next_url="/admin/")
    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_allauths_rate_limit_holds_for_logins_on_the_way_to_the_admin(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip"}
    admin = UserFactory(is_staff=True, is_superuser=True)
    url = with_next(LOGIN_URL, "/admin/")
    for _ in range(2):
        client.post(url, {"login": admin.email, "password": "wrong-password"})

    response = client.post(url, {"login": admin.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    too_many = get_adapter().error_messages["too_many_login_attempts"]
    assert response.context["form"].non_field_errors() == [in_language(too_many)]
