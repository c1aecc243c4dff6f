"""Plan rules, public holidays and training cadence rules in the Wagtail admin: one
"Training plan" menu group that national admins edit and regional admins cannot."""

import datetime

import pytest
from django.urls import reverse

from people.roles import ROLE_PERMISSIONS, Role
from scheduling.models import CadenceRule, Holiday, PlanRule
from tests.courses.helpers import ru

pytestmark = pytest.mark.django_db

MODELS = ("planrule", "holiday", "cadencerule")


def _url(model: str, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_scheduling_{model}:{view}", args=args)


def plan_rule_form(region="", **extra) -> dict:
    return {
        "region": region,
        "intensives_per_quarter": 1,
        "intensive_days": 3,
        "intensive_capacity": 25,
        "day_starts": "10:00",
        "day_ends": "17:00",
        "online_per_month": 2,
        "online_capacity": 80,
        "online_starts": "15:00",
        "online_minutes": 90,
        **extra,
    }


def test_national_admins_hold_every_permission_on_the_plans_rules():
    expected = {
        f"scheduling.{action}_{model}"
        for model in MODELS
        for action in ("add", "change", "delete", "view")
    }

    assert expected <= ROLE_PERMISSIONS[Role.NATIONAL_ADMIN]
    assert not expected & ROLE_PERMISSIONS[Role.REGIONAL_ADMIN]


@pytest.mark.parametrize("model", MODELS)
def test_the_listings_answer_national_admins(national_admin_client, model):
    PlanRule.objects.create(region=None)
    Holiday.objects.create(date=datetime.date(2027, 3, 22), name="Наурыз мейрамы")
    CadenceRule.objects.create(role=Role.STAFF)

    response = national_admin_client.get(_url(model, "list"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_regional_admins_cannot_open_the_plans_rules(regional_admin, client, model):
    client.force_login(regional_admin)

    response = client.get(_url(model, "list"))

    assert response.status_code in (302, 403)


def test_a_national_admin_adds_a_regions_plan_rule_with_its_audience(
    national_admin_client, region
):
    response = national_admin_client.post(
        _url("planrule", "add"),
        plan_rule_form(region.pk, audience_roles=[Role.STAFF, Role.REGIONAL_ADMIN]),
    )

    assert response.status_code == 302, response.context["form"].errors
    rule = PlanRule.objects.get(region=region)
    assert rule.intensive_days == 3
    assert rule.audience_roles == [Role.STAFF, Role.REGIONAL_ADMIN]
    edit = national_admin_client.get(_url("planrule", "edit", rule.pk))
    assert edit.status_code == 200
    assert edit.context["form"]["audience_roles"].value() == [
        Role.STAFF,
        Role.REGIONAL_ADMIN,
    ]


def test_a_second_national_default_is_refused_with_a_message(national_admin_client):
    PlanRule.objects.create(region=None)

    response = national_admin_client.post(_url("planrule", "add"), plan_rule_form())

    assert response.status_code == 200
    assert PlanRule.objects.count() == 1
    assert ru("There is a national default already.") in response.content.decode()


def test_a_day_that_ends_before_it_starts_is_refused(national_admin_client, region):
    response = national_admin_client.post(
        _url("planrule", "add"),
        plan_rule_form(region.pk, day_starts="17:00", day_ends="10:00"),
    )

    assert response.status_code == 200
    assert not PlanRule.objects.exists()


def test_a_national_admin_adds_a_holiday_and_a_cadence_rule(national_admin_client):
    response = national_admin_client.post(
        _url("holiday", "add"),
        {"date": "2027-01-03", "name": "Перенос выходного дня"},
    )
    assert response.status_code == 302
    assert Holiday.objects.filter(date=datetime.date(2027, 1, 3)).exists()

    response = national_admin_client.post(
        _url("cadencerule", "add"),
        {
            "role": Role.STAFF,
            "intensive_months": 6,
            "online_meetings": 6,
            "online_share": 50,
        },
    )
    assert response.status_code == 302
    assert CadenceRule.objects.get(role=Role.STAFF).online_share == 50
