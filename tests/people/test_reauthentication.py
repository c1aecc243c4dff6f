"""Sensitive actions ask for the password again (allauth's re-authentication) when it
was last given longer ago than ACCOUNT_REAUTHENTICATION_TIMEOUT, then carry out the
request that waited, and land in the audit log: revoking a certificate, appointing to
a role (positions, hand-overs, groups), imports (people, questions), deleting people
or one's own data."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from assessments.models import Question
from assessments.services.bank import ACTION_IMPORT
from certificates import services as certificate_services
from certificates.models import Certificate
from people import services
from people.models import ErasureRequest, Handover, Position, User
from people.roles import Role
from people.services import IMPORT_ACTION, ROLES_CHANGE_ACTION
from tests.factories.assessments import QuestionCategoryFactory

from .access_helpers import (
    authentications_age,
    mfa_set_up,
    reauthenticate,
    reauthentication_asked,
    redirect_target,
    totp_code,
)
from .conftest import yesterday
from .helpers import days_from_today
from .import_helpers import csv_bytes, person_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reauthentication_required(settings):
    settings.LMS_REAUTHENTICATION_REQUIRED = True


def reauthenticated_long_ago(client, settings) -> None:
    """The password was given again, longer ago than the window allows."""
    reauthenticate(client, "/ru/my/")
    authentications_age(client, settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1)


def asked_then_done(client, url: str, data: dict, *, done) -> object:
    """POST `data` to `url`: re-authentication is asked and nothing is done; the
    password given, the request that waited is carried out. Returns that response."""
    response = client.post(url, data)
    assert reauthentication_asked(response, url)
    assert not done()
    response = reauthenticate(client, url)
    assert done()
    return response


def payload_of(response) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "the preview has no confirm form"
    return match.group(1)


def audited(action: str, user) -> bool:
    return ModelLogEntry.objects.filter(action=action, user=user).exists()


# Revoking a certificate
# ------------------------------------------------------------------------------


@pytest.fixture
def certificate(holder, certified_course_and_lessons):
    _course, _lessons, rule = certified_course_and_lessons
    certificate, _created = certificate_services.certificate_issue(
        learner=holder, rule=rule, completed_at=timezone.now()
    )
    return certificate


def revoked(certificate) -> bool:
    return Certificate.objects.get(pk=certificate.pk).revoked_at is not None


def test_revoking_a_certificate_asks_for_the_password_when_it_is_old(
    client, settings, regional_admin, certificate
):
    client.force_login(regional_admin)
    reauthenticated_long_ago(client, settings)
    url = reverse("certificates_manage:revoke", args=[certificate.pk])

    response = asked_then_done(
        client, url, {"reason": "Выдан по ошибке"}, done=lambda: revoked(certificate)
    )

    assert redirect_target(response)[0] == reverse(
        "certificates_manage:detail", args=[certificate.pk]
    )
    assert audited("certificates.revoke", regional_admin)


def test_a_recent_re_authentication_is_not_asked_again(
    client, regional_admin, certificate
):
    client.force_login(regional_admin)
    reauthenticate(client, "/ru/my/")
    url = reverse("certificates_manage:revoke", args=[certificate.pk])

    response = client.post(url, {"reason": "Выдан по ошибке"})

    assert response.status_code == 302
    assert revoked(certificate)


def test_a_fresh_session_is_asked_too(client, regional_admin, certificate):
    client.force_login(regional_admin)
    url = reverse("certificates_manage:revoke", args=[certificate.pk])

    assert reauthentication_asked(client.post(url, {"reason": "Ошибка"}), url)
    assert not revoked(certificate)


def test_staff_with_a_second_factor_may_re_authenticate_with_a_code(
    client, regional_admin, certificate
):
    secret, _codes = mfa_set_up(regional_admin)
    client.force_login(regional_admin)
    url = reverse("certificates_manage:revoke", args=[certificate.pk])
    assert reauthentication_asked(client.post(url, {"reason": "Ошибка"}), url)

    page = client.get(f"/ru/accounts/reauthenticate/?next={url}")
    assert "/ru/accounts/2fa/reauthenticate/" in page.content.decode()
    client.post(
        f"/ru/accounts/2fa/reauthenticate/?next={url}", {"code": totp_code(secret)}
    )

    assert revoked(certificate)


# Role changes: positions, hand-overs, groups
# ------------------------------------------------------------------------------


def position_form(user, organization, **overrides) -> dict:
    return {
        "user": user.pk,
        "organization": organization.pk,
        "role": Role.REGIONAL_ADMIN,
        "title": "Координатор",
        "start_date": days_from_today(0).isoformat(),
        "end_date": "",
        **overrides,
    }


def test_appointing_to_a_role_in_the_admin_asks_for_the_password(
    client, settings, superuser, learner, regional_office
):
    client.force_login(superuser)
    reauthenticated_long_ago(client, settings)

    asked_then_done(
        client,
        reverse("wagtailsnippets_people_position:add"),
        position_form(learner, regional_office),
        done=lambda: Position.objects.filter(user=learner).exists(),
    )

    assert User.objects.get(pk=learner.pk).has_perm("people.view_user")
    assert audited("people.position_start", superuser)


def test_ending_and_deleting_a_position_ask_for_the_password(
    client, settings, superuser, learner, regional_office
):
    position = services.position_start(
        user=learner,
        organization=regional_office,
        role=Role.MENTOR,
        start_date=days_from_today(-30),
    )
    client.force_login(superuser)
    reauthenticated_long_ago(client, settings)

    asked_then_done(
        client,
        reverse("wagtailsnippets_people_position:edit", args=[position.pk]),
        position_form(
            learner,
            regional_office,
            role=Role.MENTOR,
            start_date=position.start_date.isoformat(),
            end_date=days_from_today(-1).isoformat(),
        ),
        done=lambda: Position.objects.get(pk=position.pk).end_date is not None,
    )
    assert audited("people.position_end", superuser)

    authentications_age(client, settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1)
    asked_then_done(
        client,
        reverse("wagtailsnippets_people_position:delete", args=[position.pk]),
        {},
        done=lambda: not Position.objects.filter(pk=position.pk).exists(),
    )
    assert audited("wagtail.delete", superuser)


@pytest.fixture
def handover(coordinator_position, volunteer_ngo, sessions):
    services.position_end(position=coordinator_position, end_date=yesterday())
    return coordinator_position.handovers.get()


def test_appointing_a_successor_asks_for_the_password(
    client, settings, handover, regional_admin, successor
):
    client.force_login(regional_admin)
    reauthenticated_long_ago(client, settings)

    asked_then_done(
        client,
        f"/ru/manage/handovers/{handover.pk}/appoint/",
        {"email": successor.email},
        done=lambda: (
            Handover.objects.get(pk=handover.pk).status == Handover.Status.COMPLETED
        ),
    )

    assert Position.objects.filter(user=successor).exists()
    assert audited("people.handover_complete", regional_admin)


def test_naming_a_stand_in_asks_for_the_password(
    client, settings, handover, regional_admin, stand_in
):
    client.force_login(regional_admin)
    reauthenticated_long_ago(client, settings)

    asked_then_done(
        client,
        f"/ru/manage/handovers/{handover.pk}/stand-in/",
        {"stand_in-email": stand_in.email},
        done=lambda: Handover.objects.get(pk=handover.pk).stand_in == stand_in,
    )

    assert audited("people.handover_stand_in", regional_admin)


def test_changing_someones_groups_in_the_admin_asks_and_is_audited(
    client, settings, superuser, learner
):
    moderators = Group.objects.get_or_create(name="Moderators")[0]
    client.force_login(superuser)
    reauthenticated_long_ago(client, settings)

    asked_then_done(
        client,
        reverse("wagtailusers_users:edit", args=[learner.pk]),
        {
            "email": learner.email,
            "full_name": learner.full_name,
            "region": learner.region_id,
            "organization_kind": learner.organization_kind,
            "preferred_language": learner.preferred_language,
            "is_active": "on",
            "groups": [moderators.pk],
        },
        done=lambda: learner.groups.filter(pk=moderators.pk).exists(),
    )

    entry = ModelLogEntry.objects.get(action=ROLES_CHANGE_ACTION)
    assert (entry.object_id, entry.user_id) == (str(learner.pk), superuser.pk)
    assert entry.data["added"] == ["Moderators"]
    assert entry.data["removed"] == []


def test_deleting_a_user_in_the_admin_asks_for_the_password(
    client, settings, superuser, learner
):
    client.force_login(superuser)
    reauthenticated_long_ago(client, settings)

    asked_then_done(
        client,
        reverse("wagtailusers_users:delete", args=[learner.pk]),
        {},
        done=lambda: not User.objects.filter(pk=learner.pk).exists(),
    )

    assert audited("wagtail.delete", superuser)


# Imports
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "confirm"),
    [
        ("people:import", "people:import_confirm"),
        ("people_import:index", "people_import:confirm"),
    ],
)
def test_confirming_an_import_of_people_asks_for_the_password(
    client, settings, request, regional_office, index, confirm
):
    # The site's page (regional admins) and the Wagtail admin's.
    who = request.getfixturevalue(
        "regional_admin" if index == "people:import" else "superuser"
    )
    client.force_login(who)
    reauthenticated_long_ago(client, settings)
    raw = csv_bytes(person_rows(3, organization=regional_office.name))
    preview = client.post(reverse(index), {"file": SimpleUploadedFile("люди.csv", raw)})
    assert preview.status_code == 200  # the dry run changes nothing: not asked

    asked_then_done(
        client,
        reverse(confirm),
        {"payload": payload_of(preview)},
        done=lambda: User.objects.filter(email__startswith="person").count() == 3,
    )

    assert audited(IMPORT_ACTION, who)


def test_confirming_an_import_of_questions_asks_for_the_password(
    client, settings, superuser, locales
):
    category = QuestionCategoryFactory(name="Права волонтёра", locale=locales["ru"])
    client.force_login(superuser)
    reauthenticated_long_ago(client, settings)
    preview = client.post(
        reverse("assessments_import:index"),
        {
            "category": category.pk,
            "format": "",
            "file": SimpleUploadedFile(
                "questions.gift", "Волонтёрская книжка обязательна. {F}\n".encode()
            ),
        },
    )
    assert preview.status_code == 200

    asked_then_done(
        client,
        reverse("assessments_import:confirm"),
        {"payload": payload_of(preview)},
        done=lambda: Question.objects.filter(category=category).exists(),
    )

    assert audited(ACTION_IMPORT, superuser)


# One's own data
# ------------------------------------------------------------------------------


def test_asking_to_erase_ones_data_asks_for_the_password(client, settings, learner):
    client.force_login(learner)
    assert client.get("/ru/profile/delete/").status_code == 200  # the page: not asked
    reauthenticated_long_ago(client, settings)

    response = asked_then_done(
        client,
        "/ru/profile/delete/",
        {"confirm": "on"},
        done=lambda: ErasureRequest.objects.filter(user=learner).exists(),
    )

    assert redirect_target(response)[0] == "/ru/profile/delete/"
    assert audited("people.erasure_request", learner)


def test_visitors_are_sent_to_log_in_rather_than_to_re_authenticate(client):
    response = client.post("/ru/profile/delete/", {"confirm": "on"})

    assert redirect_target(response) == ("/ru/accounts/login/", "/ru/profile/delete/")
    assert not ErasureRequest.objects.exists()
