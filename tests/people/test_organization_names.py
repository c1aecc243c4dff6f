"""Organisations are named in Russian and, optionally, in Kazakh and English: a page
shows the name in its language (else the Russian one), imports recognise any of them,
and the demo's organisations have all three."""

import pytest
from django.utils import translation

from people import services
from people.demo.loader import ORGANIZATION_NAMES, ORGANIZATIONS
from people.importing import people_file_read, people_import_plan
from people.models import HandoverContact, Organization
from people.roles import Role
from people.selectors import organization_name_shown
from tests.factories import OrganizationFactory
from tests.people.import_helpers import csv_bytes

pytestmark = pytest.mark.django_db

RU = "Молодежный ресурсный центр города Алматы"
KK = "Алматы қаласының Жастар ресурстық орталығы"
EN = "Almaty City Youth Resource Centre"


def plan_of(rows, actor):
    parsed, problems = people_file_read(csv_bytes(rows))
    assert problems == []
    return people_import_plan(rows=parsed, actor=actor)


@pytest.fixture
def centre(region):
    return OrganizationFactory(
        name=RU,
        name_kk=KK,
        name_en=EN,
        kind=Organization.Kind.YOUTH_RESOURCE_CENTRE,
        region=region,
    )


@pytest.mark.parametrize(("language", "shown"), [("kk", KK), ("ru", RU), ("en", EN)])
def test_an_organisation_is_named_in_the_active_language(centre, language, shown):
    with translation.override(language):
        assert centre.display_name == shown
        assert str(centre) == shown
        assert (
            Organization.objects.annotate(shown=organization_name_shown())
            .get(pk=centre.pk)
            .shown
            == shown
        )


@pytest.mark.parametrize("language", ["kk", "en"])
def test_without_a_name_in_the_language_the_russian_one_is_shown(region, language):
    office = OrganizationFactory(name="Фронт-офис Алматы", region=region)
    with translation.override(language):
        assert office.display_name == "Фронт-офис Алматы"
        assert (
            Organization.objects.annotate(shown=organization_name_shown())
            .get(pk=office.pk)
            .shown
            == "Фронт-офис Алматы"
        )


def test_the_profile_on_kazakh_pages_names_the_organisation_in_kazakh(
    learner_client, learner, centre
):
    services.position_start(user=learner, organization=centre, role=Role.MENTOR)

    page = learner_client.get("/kk/profile/").content.decode()

    assert KK in page
    assert RU not in page


def test_an_import_recognises_an_organisation_by_its_kazakh_or_english_name(
    national_admin, centre
):
    plan = plan_of(
        [
            ["a@example.kz", "А", "", "KZ-75", KK.upper(), "staff", ""],
            ["b@example.kz", "Б", "", "KZ-75", EN, "staff", ""],
        ],
        national_admin,
    )
    assert plan.errors == []
    assert [row.organization for row in plan.rows] == [centre, centre]


def test_an_import_prefers_an_organisations_russian_name_to_anothers_kazakh_one(
    national_admin, centre, region
):
    namesake = OrganizationFactory(name=KK, region=region)
    plan = plan_of(
        [["a@example.kz", "А", "", "KZ-75", KK, "staff", ""]], national_admin
    )
    assert plan.rows[0].organization == namesake


def test_a_handover_contact_of_an_organisation_is_named_in_the_active_language(
    centre,
):
    contact = HandoverContact(organization=centre, name=RU)
    written = HandoverContact(organization=centre, name="Ресурсный центр (Айгуль)")
    with translation.override("kk"):
        assert contact.display_name == KK
        assert written.display_name == "Ресурсный центр (Айгуль)"


def test_every_demo_organisation_has_a_kazakh_and_an_english_name():
    assert set(ORGANIZATION_NAMES) == set(ORGANIZATIONS)
    for kazakh, english in ORGANIZATION_NAMES.values():
        assert kazakh and english
