"""Two-factor authentication (allauth's TOTP with recovery codes): required of staff
(mentors, regional and national admins, editors, whoever may enter an admin), who are
sent to set it up until they have; optional for learners. Codes are real: allauth's
TOTP functions on the real clock, as the phone's app computes them."""

import html

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from wagtail.models import ModelLogEntry

from people.access import user_is_staff
from people.models import User
from people.roles import Role
from people.services import MFA_ACTIVATE_ACTION, MFA_DEACTIVATE_ACTION
from tests.factories import UserFactory, staff_member

from .access_helpers import (
    ACTIVATE_URL,
    LOGIN_URL,
    MFA_AUTHENTICATE_URL,
    MFA_REQUIRED_URL,
    mfa_set_up,
    password_step,
    reauthenticate,
    totp_code,
    with_next,
)

pytestmark = pytest.mark.django_db

MY_LEARNING = "/ru/my/"


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.LMS_MFA_REQUIRED = True


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# Who is staff
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.MENTOR, Role.REGIONAL_ADMIN, Role.NATIONAL_ADMIN, Role.EDITOR]
)
def test_the_staff_roles_are_staff(role, regional_office):
    assert user_is_staff(staff_member(role, organization=regional_office))


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER])
def test_the_roles_of_learners_at_work_are_not_staff(role, regional_office):
    assert not user_is_staff(staff_member(role, organization=regional_office))


def test_learners_are_not_staff_and_admin_users_are(learner, superuser):
    assert not user_is_staff(learner)
    assert user_is_staff(superuser)
    assert user_is_staff(UserFactory(is_staff=True))


def test_whoever_may_enter_wagtails_admin_is_staff(learner):
    group = Group.objects.create(name="Редакторы сайта")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    learner.groups.add(group)

    assert user_is_staff(User.objects.get(pk=learner.pk))


# Set-up: a mentor without a second factor
# ------------------------------------------------------------------------------


def test_a_mentor_sets_up_the_app_with_a_real_code_and_goes_on_where_they_were_going(
    client, mentor, django_capture_on_commit_callbacks
):
    response = password_step(client, mentor)
    assert response["Location"] == MY_LEARNING

    # The first page after the login sends them to the page that explains.
    response = client.get(MY_LEARNING)
    assert response["Location"] == with_next(MFA_REQUIRED_URL, MY_LEARNING)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert ACTIVATE_URL in page.content.decode()

    # allauth asks for the password again before a second factor is added.
    response = client.get(ACTIVATE_URL)
    assert response.status_code == 302
    response = reauthenticate(client, ACTIVATE_URL)
    assert response["Location"] == ACTIVATE_URL

    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200
    text = page.content.decode()
    secret = client.session["mfa.totp.secret"]
    # The QR code is inline SVG (the Content-Security-Policy allows no data: image),
    # and the key is shown for typing by hand.
    assert '<svg role="img"' in text and "data:image" not in text
    assert secret in text

    wrong = client.post(ACTIVATE_URL, {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=mentor).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})
    assert response["Location"] == "/ru/accounts/2fa/recovery-codes/"
    codes = client.get(response["Location"])
    assert codes.status_code == 200
    assert len(codes.context["unused_codes"]) == 10
    assert MFA_REQUIRED_URL in codes.content.decode()  # "Continue"
    assert set(
        Authenticator.objects.filter(user=mentor).values_list("type", flat=True)
    ) == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    entry = ModelLogEntry.objects.get(action=MFA_ACTIVATE_ACTION)
    assert (entry.object_id, entry.user_id) == (str(mentor.pk), mentor.pk)

    # "Continue": on to where they were going, and the pages are open.
    response = client.get(MFA_REQUIRED_URL)
    assert response["Location"] == MY_LEARNING
    assert client.get(MY_LEARNING).status_code == 200
    assert client.get("/ru/manage/learners/").status_code == 200


@pytest.mark.parametrize(
    "who", ["mentor", "regional_admin", "national_admin", "editor", "superuser"]
)
def test_staff_without_a_second_factor_are_sent_to_set_it_up_from_every_page(
    client, request, who
):
    client.force_login(request.getfixturevalue(who))

    for url in [MY_LEARNING, "/ru/profile/", "/ru/manage/learners/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == with_next(MFA_REQUIRED_URL, url)
    # A form sent meanwhile is not carried out.
    response = client.post("/ru/profile/", {"full_name": "Другое имя"})
    assert response["Location"] == MFA_REQUIRED_URL


def test_staff_without_a_second_factor_may_still_set_it_up_read_and_log_out(
    client, mentor
):
    client.force_login(mentor)

    for url in [MFA_REQUIRED_URL, "/ru/accounts/2fa/", "/ru/privacy/"]:
        assert client.get(url).status_code == 200, url
    assert client.post("/ru/accounts/logout/").status_code == 302
    assert not signed_in(client)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_that_asks_staff_is_in_each_language(client, mentor, language):
    client.force_login(mentor)

    response = client.get(f"/{language}/profile/two-factor/")

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f'<html lang="{language}">' in page
    with translation.override(language):
        assert translation.gettext("Set up two-factor authentication") in page
    assert f"/{language}/accounts/2fa/totp/activate/" in page


def test_the_page_says_to_confirm_the_email_address_first_when_it_is_not(
    client, mentor
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=mentor, email=mentor.email, verified=False)
    client.force_login(mentor)

    page = client.get(MFA_REQUIRED_URL).content.decode()

    assert 'href="/ru/accounts/email/"' in page


def test_staff_are_not_asked_when_the_requirement_is_off(client, mentor, settings):
    settings.LMS_MFA_REQUIRED = False
    client.force_login(mentor)

    assert client.get(MY_LEARNING).status_code == 200


# Logging in with a second factor
# ------------------------------------------------------------------------------


def test_login_asks_for_the_apps_code_after_the_password(client, mentor):
    secret, _codes = mfa_set_up(mentor)

    response = password_step(client, mentor)

    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert not signed_in(client)
    assert client.get(MY_LEARNING)["Location"].startswith(LOGIN_URL)
    page = client.get(MFA_AUTHENTICATE_URL)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    wrong = client.post(MFA_AUTHENTICATE_URL, {"code": "123456"})
    assert wrong.status_code == 200
    assert not signed_in(client)

    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})
    assert response["Location"] == MY_LEARNING
    assert signed_in(client)
    assert client.get(MY_LEARNING).status_code == 200


def test_a_code_from_the_app_works_once(client, mentor):
    secret, _codes = mfa_set_up(mentor)
    code = totp_code(secret)
    password_step(client, mentor)
    client.post(MFA_AUTHENTICATE_URL, {"code": code})
    client.post("/ru/accounts/logout/")

    password_step(client, mentor)
    response = client.post(MFA_AUTHENTICATE_URL, {"code": code})

    assert response.status_code == 200
    assert not signed_in(client)


def test_a_recovery_code_logs_in_once_in_place_of_the_app(client, mentor):
    _secret, codes = mfa_set_up(mentor)

    password_step(client, mentor)
    response = client.post(MFA_AUTHENTICATE_URL, {"code": codes[0]})

    assert response["Location"] == MY_LEARNING
    assert signed_in(client)
    recovery = Authenticator.objects.get(
        user=mentor, type=Authenticator.Type.RECOVERY_CODES
    )
    assert recovery.wrap().get_unused_codes() == codes[1:]

    client.post("/ru/accounts/logout/")
    password_step(client, mentor)
    response = client.post(MFA_AUTHENTICATE_URL, {"code": codes[0]})
    assert response.status_code == 200
    assert not signed_in(client)


def test_switching_the_app_off_sends_staff_back_to_set_it_up_and_is_audited(
    client, mentor
):
    mfa_set_up(mentor)
    client.force_login(mentor)
    assert client.get(MY_LEARNING).status_code == 200

    deactivate = "/ru/accounts/2fa/totp/deactivate/"
    reauthenticate(client, deactivate)
    response = client.post(deactivate)

    assert response["Location"] == "/ru/accounts/2fa/"
    assert not Authenticator.objects.filter(user=mentor).exists()
    assert client.get(MY_LEARNING)["Location"] == with_next(
        MFA_REQUIRED_URL, MY_LEARNING
    )
    assert ModelLogEntry.objects.filter(
        action=MFA_DEACTIVATE_ACTION, object_id=str(mentor.pk)
    ).exists()


# Learners
# ------------------------------------------------------------------------------


def test_a_learner_is_not_asked_to_set_up_a_second_factor(client, learner):
    response = password_step(client, learner)

    assert response["Location"] == MY_LEARNING
    assert client.get(MY_LEARNING).status_code == 200
    assert client.get("/ru/profile/").status_code == 200
    # The page that asks staff sends a learner to allauth's page, where it is optional.
    assert client.get(MFA_REQUIRED_URL)["Location"] == "/ru/accounts/2fa/"


def test_a_learner_may_set_up_a_second_factor_from_the_profile(client, learner):
    client.force_login(learner)
    assert 'href="/ru/accounts/2fa/"' in client.get("/ru/profile/").content.decode()

    page = client.get("/ru/accounts/2fa/")
    assert page.status_code == 200
    assert ACTIVATE_URL in page.content.decode()

    secret, _codes = mfa_set_up(learner)
    client.post("/ru/accounts/logout/")
    assert password_step(client, learner)["Location"] == MFA_AUTHENTICATE_URL
    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})
    assert response["Location"] == MY_LEARNING


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_pages_of_the_second_factor_render_in_each_language(
    client, mentor, language
):
    mfa_set_up(mentor)
    password_step(client, mentor)
    login_code = client.get(f"/{language}/accounts/2fa/authenticate/")
    client.force_login(mentor)
    overview = client.get(f"/{language}/accounts/2fa/")
    reauthenticate(client, f"/{language}/accounts/2fa/recovery-codes/")
    codes = client.get(f"/{language}/accounts/2fa/recovery-codes/")

    for response in (login_code, overview, codes):
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()
    with translation.override(language):
        assert translation.gettext("Code from your app") in html.unescape(
            login_code.content.decode()
        )
        assert translation.gettext("Recovery codes") in html.unescape(
            codes.content.decode()
        )
