"""Children under 14: they do not sign up (nor are imported) themselves; an admin of
their region registers them with the written consent of a parent or legal
representative, recorded with the guardian's name and the admin, and records that
consent again when the policy changes."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from people import services
from people.importing import people_file_read, people_import_plan
from people.importing import plan as import_plan
from people.models import ConsentRecord, User
from people.services import (
    MINOR_REGISTER_ACTION,
    MSG_GUARDIAN_CONSENT_MISSING,
    MSG_GUARDIAN_NAME_MISSING,
    MSG_MINOR_EMAIL_TAKEN,
    MSG_MINOR_TOO_OLD,
    MSG_UNDER_14_PROFILE,
    MSG_UNDER_14_SIGNUP,
)
from tests.factories.people import UserFactory
from tests.people.import_helpers import csv_bytes

from .helpers import in_language, profile_data, years_ago

pytestmark = pytest.mark.django_db

REGISTER_URL = "/ru/manage/people/children/new/"
GUARDIAN_URL = "/ru/manage/people/guardian-consent/"


@pytest.fixture
def signup_data(region):
    def build(**overrides):
        data = {
            "email": "dana@example.kz",
            "full_name": "Дана Сапарова",
            "password1": "Steppe-wind-2026",
            "password2": "Steppe-wind-2026",
            "region": region.pk,
            "organization_kind": "",
            "date_of_birth": years_ago(13).isoformat(),
            "preferred_language": "kk",
            "consent": "on",
            "guardian_name": "Сапарова Динара",
            "guardian_consent": "on",
        }
        data.update(overrides)
        return data

    return build


@pytest.fixture
def child_data(region):
    def build(**overrides):
        data = {
            "full_name": "Дана Сапарова",
            "email": "dana.parent@example.kz",
            "date_of_birth": years_ago(12).isoformat(),
            "region": region.pk,
            "organization_kind": "",
            "preferred_language": "kk",
            "guardian_name": "Сапарова Динара Ержановна",
            "guardian_consent": "on",
        }
        data.update(overrides)
        return data

    return build


# Sign-up, profile, import
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_self_signup_under_14_is_refused_saying_that_an_admin_registers_them(
    client, signup_data, language
):
    response = client.post(f"/{language}/accounts/signup/", signup_data())

    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == [
        in_language(MSG_UNDER_14_SIGNUP, language)
    ]
    assert not User.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_self_signup_on_the_14th_birthday_goes_through_with_a_guardian(
    client, signup_data
):
    response = client.post(
        "/ru/accounts/signup/", signup_data(date_of_birth=years_ago(14).isoformat())
    )

    assert response.status_code == 302
    assert ConsentRecord.objects.get().given_by_guardian is True


def test_the_signup_service_refuses_a_child_under_14_too(region):
    user = User.objects.create_user("dana@example.kz", "x")

    with pytest.raises(ValidationError) as raised:
        services.user_signup_complete(
            user=user,
            full_name="Дана",
            region=region,
            organization_kind="",
            date_of_birth=years_ago(14, days=1),
            preferred_language="ru",
            consent=True,
            guardian_name="Сапарова Динара",
            guardian_consent=True,
        )

    assert raised.value.message_dict["date_of_birth"] == [str(MSG_UNDER_14_SIGNUP)]


def test_a_profile_cannot_be_changed_to_a_date_under_14(learner_client, learner):
    ConsentRecord.objects.create(
        user=learner,
        purpose=ConsentRecord.Purpose.PERSONAL_DATA,
        policy_version=settings.LMS_CONSENT_POLICY_VERSION,
        given_by_guardian=True,
        guardian_name="Родитель",
    )

    response = learner_client.post(
        "/ru/profile/",
        profile_data(learner, date_of_birth=years_ago(13).isoformat()),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == [
        in_language(MSG_UNDER_14_PROFILE)
    ]


def test_an_import_refuses_a_child_under_14_with_its_line(national_admin):
    born = years_ago(10)
    rows = [
        ["kid@example.kz", "Ребёнок Тест", born.strftime("%d.%m.%Y"), "KZ-75"]
        + ["", "", ""],
    ]
    parsed, problems = people_file_read(csv_bytes(rows))
    assert problems == []

    plan = people_import_plan(rows=parsed, actor=national_admin)

    assert [(e.line, e.message) for e in plan.errors] == [
        (
            2,
            in_language(
                import_plan.MSG_BIRTH_DATE_CHILD % {"value": born.strftime("%d.%m.%Y")}
            ),
        )
    ]


# Registration by an admin
# ------------------------------------------------------------------------------


def test_a_learner_may_not_register_children(learner_client):
    assert learner_client.get(REGISTER_URL).status_code == 403
    assert learner_client.get(GUARDIAN_URL).status_code == 403


def test_the_learners_page_links_the_registration_for_a_regional_admin(
    regional_admin_client,
):
    page = regional_admin_client.get("/ru/manage/learners/")

    assert REGISTER_URL in page.content.decode()


def test_a_regional_admin_registers_a_child_with_the_guardians_consent(
    regional_admin_client,
    regional_admin,
    region,
    child_data,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = regional_admin_client.post(REGISTER_URL, child_data())

    assert response.status_code == 302
    child = User.objects.get(email="dana.parent@example.kz")
    assert child.full_name == "Дана Сапарова"
    assert child.region == region
    assert child.date_of_birth == years_ago(12)
    assert not child.has_usable_password()
    assert child.consent_policy_version == settings.LMS_CONSENT_POLICY_VERSION
    consent = ConsentRecord.objects.get(user=child)
    assert consent.given_by_guardian is True
    assert consent.guardian_name == "Сапарова Динара Ержановна"
    assert consent.recorded_by == regional_admin
    assert consent.policy_version == settings.LMS_CONSENT_POLICY_VERSION
    assert EmailAddress.objects.get(user=child).verified is True
    entry = ModelLogEntry.objects.get(action=MINOR_REGISTER_ACTION)
    assert entry.object_id == str(child.pk) and entry.user_id == regional_admin.pk
    assert [mail.to for mail in mailoutbox] == [["dana.parent@example.kz"]]


def test_a_regional_admin_cannot_register_into_another_region(
    regional_admin_client, other_region, child_data
):
    response = regional_admin_client.post(
        REGISTER_URL, child_data(region=other_region.pk)
    )

    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not User.objects.filter(email="dana.parent@example.kz").exists()


def test_a_national_admin_registers_anywhere(
    national_admin_client, other_region, child_data
):
    response = national_admin_client.post(
        REGISTER_URL, child_data(region=other_region.pk)
    )

    assert response.status_code == 302
    assert User.objects.get(email="dana.parent@example.kz").region == other_region


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"date_of_birth": years_ago(14).isoformat()},
            "date_of_birth",
            MSG_MINOR_TOO_OLD,
        ),
        ({"guardian_name": "  "}, "guardian_name", MSG_GUARDIAN_NAME_MISSING),
        ({"guardian_consent": ""}, "guardian_consent", MSG_GUARDIAN_CONSENT_MISSING),
    ],
)
def test_a_registration_without_what_the_law_asks_is_refused(
    regional_admin_client, child_data, overrides, field, message
):
    response = regional_admin_client.post(REGISTER_URL, child_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [in_language(message)]
    assert not User.objects.filter(email="dana.parent@example.kz").exists()


def test_the_service_refuses_a_registration_without_the_guardians_consent(
    regional_admin, region
):
    with pytest.raises(ValidationError) as raised:
        services.minor_register(
            by=regional_admin,
            email="kid@example.kz",
            full_name="Ребёнок",
            region=region,
            date_of_birth=years_ago(10),
            preferred_language="ru",
            guardian_name="Родитель",
            guardian_consent=False,
        )

    assert raised.value.message_dict == {
        "guardian_consent": [str(MSG_GUARDIAN_CONSENT_MISSING)]
    }
    assert not User.objects.filter(email="kid@example.kz").exists()


def test_an_address_already_taken_is_refused(regional_admin_client, child_data):
    UserFactory(email="Dana.Parent@example.kz")

    response = regional_admin_client.post(REGISTER_URL, child_data())

    assert response.context["form"].errors["email"] == [
        in_language(MSG_MINOR_EMAIL_TAKEN)
    ]


# A guardian's consent to a new policy version
# ------------------------------------------------------------------------------


def test_an_admin_records_a_guardians_consent_to_a_new_version_and_lets_the_child_in(
    client, regional_admin, region, settings
):
    child = UserFactory(region=region, date_of_birth=years_ago(11))
    settings.LMS_CONSENT_POLICY_VERSION = "2099-01"
    client.force_login(child)
    assert client.get("/ru/profile/").status_code == 302
    client.force_login(regional_admin)
    regional_admin.consent_policy_version = "2099-01"
    regional_admin.save()

    response = client.post(
        GUARDIAN_URL,
        {
            "email": child.email,
            "guardian_name": "Отец Ребёнка",
            "guardian_consent": "on",
        },
    )

    assert response.status_code == 302
    consent = ConsentRecord.objects.get(user=child, policy_version="2099-01")
    assert consent.given_by_guardian is True
    assert consent.guardian_name == "Отец Ребёнка"
    assert consent.recorded_by == regional_admin
    client.force_login(child)
    assert client.get("/ru/profile/").status_code == 200


def test_no_guardian_consent_is_recorded_for_an_adult_or_outside_the_region(
    regional_admin_client, learner, other_region_learner
):
    for person in (learner, other_region_learner):
        response = regional_admin_client.post(
            GUARDIAN_URL,
            {
                "email": person.email,
                "guardian_name": "Кто-то",
                "guardian_consent": "on",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors

    assert not ConsentRecord.objects.filter(given_by_guardian=True).exists()
