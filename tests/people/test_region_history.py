"""Regions are self-declared: a change of region is kept in the audit log (old and new
region, who made it) and shown on the admin's page about the learner."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from people import selectors, services
from people.models import User
from tests.factories.people import UserFactory

from .helpers import profile_data

pytestmark = pytest.mark.django_db

PROFILE_URL = "/ru/profile/"


def region_entries(user: User) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.for_instance(user).filter(
            action=services.REGION_CHANGE_ACTION
        )
    )


def learner_page(user: User) -> str:
    return f"/ru/manage/learners/{user.pk}/"


@pytest.fixture
def learner(region):
    return UserFactory(region=region, full_name="Асель Нурланова")


def test_a_learner_changing_region_writes_an_audit_entry_with_both_regions(
    client, learner, region, other_region
):
    client.force_login(learner)

    response = client.post(PROFILE_URL, profile_data(learner, region=other_region.pk))

    assert response.status_code == 302
    [entry] = region_entries(learner)
    assert entry.user_id == learner.pk
    assert entry.data["old_region"]["id"] == region.pk
    assert entry.data["old_region"]["name"]["ru"] == region.name_ru
    assert entry.data["new_region"]["id"] == other_region.pk
    assert entry.data["new_region"]["name"]["kk"] == other_region.name_kk


def test_saving_the_profile_without_a_new_region_writes_no_entry(client, learner):
    client.force_login(learner)

    client.post(PROFILE_URL, profile_data(learner, full_name="Асель Н."))

    assert region_entries(learner) == []


def test_the_service_records_a_change_only_when_the_region_changed(
    learner, region, other_region
):
    fields = {
        "full_name": learner.full_name,
        "organization_kind": learner.organization_kind,
        "date_of_birth": learner.date_of_birth,
        "preferred_language": learner.preferred_language,
    }
    services.user_profile_update(user=learner, region=region, **fields)
    services.user_profile_update(user=learner, region=other_region, **fields)
    services.user_profile_update(user=learner, region=other_region, **fields)

    history = selectors.user_region_history(user=learner)

    assert [(c.old_region, c.new_region, c.by_self) for c in history] == [
        (region.name_ru, other_region.name_ru, True)
    ]


def test_the_new_regions_admin_sees_the_move_on_the_learners_page(
    client, learner, region, other_region, other_regional_admin
):
    client.force_login(learner)
    client.post(PROFILE_URL, profile_data(learner, region=other_region.pk))
    client.force_login(other_regional_admin)

    response = client.get(learner_page(learner))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "История региона" in text or "Region history" in text
    assert region.name_ru in text and other_region.name_ru in text
    [change] = response.context["region_history"]
    assert (change.old_region, change.new_region) == (
        region.name_ru,
        other_region.name_ru,
    )


def test_learner_page_queries_do_not_grow_with_the_region_history(
    client, learner, region, other_region, other_regional_admin
):
    fields = {
        "full_name": learner.full_name,
        "organization_kind": learner.organization_kind,
        "date_of_birth": learner.date_of_birth,
        "preferred_language": learner.preferred_language,
    }
    services.user_profile_update(user=learner, region=other_region, **fields)
    client.force_login(other_regional_admin)

    def count() -> int:
        assert client.get(learner_page(learner)).status_code == 200  # warm memos
        with CaptureQueriesContext(connection) as queries:
            assert client.get(learner_page(learner)).status_code == 200
        return len(queries)

    few = count()
    for moved_to in (region, other_region, region, other_region):
        services.user_profile_update(user=learner, region=moved_to, **fields)
    many = count()

    assert many == few
    assert len(selectors.user_region_history(user=learner)) == 5
    response = client.get(learner_page(learner))
    assert len(response.context["region_history"]) == 5
    text = html.unescape(response.content.decode())
    assert region.name_ru in text and other_region.name_ru in text


def test_an_admin_changing_the_region_in_the_wagtail_admin_is_recorded(
    client, superuser, home_page, learner, region, other_region
):
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[learner.pk]),
        {
            "email": learner.email,
            "full_name": learner.full_name,
            "region": other_region.pk,
            "organization_kind": learner.organization_kind,
            "preferred_language": learner.preferred_language,
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = region_entries(learner)
    assert entry.user_id == superuser.pk
    assert entry.data["new_region"]["id"] == other_region.pk
    [change] = selectors.user_region_history(user=learner)
    assert change.by_self is False and change.by == superuser
