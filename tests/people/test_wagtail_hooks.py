"""People in the Wagtail admin: the Position snippet views go through the services."""

import html

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from people import services
from people.models import Position, User
from people.roles import Role

from .helpers import days_from_today, in_language

pytestmark = pytest.mark.django_db


def position_form(user, organization, **overrides) -> dict:
    data = {
        "user": user.pk,
        "organization": organization.pk,
        "role": Role.REGIONAL_ADMIN,
        "title": "Координатор",
        "start_date": days_from_today(0).isoformat(),
        "end_date": "",
    }
    data.update(overrides)
    return data


def test_position_create_view_starts_the_position_through_the_service(
    superuser_client, superuser, learner, regional_office
):
    response = superuser_client.post(
        reverse("wagtailsnippets_people_position:add"),
        position_form(learner, regional_office),
    )

    assert response.status_code == 302
    position = Position.objects.get()
    assert (position.user, position.role, position.title) == (
        learner,
        Role.REGIONAL_ADMIN,
        "Координатор",
    )
    user = User.objects.get(pk=learner.pk)
    assert user.groups.filter(name="role:regional_admin").exists()
    assert user.has_perm("people.view_user")
    entry = ModelLogEntry.objects.get(action="people.position_start")
    assert entry.object_id == str(position.pk)
    assert entry.user == superuser


def test_position_create_view_shows_the_services_refusal_on_the_form(
    superuser_client, learner, national_office
):
    response = superuser_client.post(
        reverse("wagtailsnippets_people_position:add"),
        position_form(learner, national_office, role=Role.MENTOR),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["organization"] == [
        in_language(services.MSG_POSITION_REGION_REQUIRED)
    ]
    assert not Position.objects.exists()
    assert not User.objects.get(pk=learner.pk).groups.exists()


def test_position_create_view_refuses_a_future_start(
    superuser_client, learner, regional_office
):
    response = superuser_client.post(
        reverse("wagtailsnippets_people_position:add"),
        position_form(learner, regional_office, start_date=days_from_today(3)),
    )

    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    assert not Position.objects.exists()


def test_position_edit_view_ends_the_position_through_the_service(
    superuser_client, superuser, learner, regional_office
):
    position = services.position_start(
        user=learner,
        organization=regional_office,
        role=Role.MENTOR,
        start_date=days_from_today(-30),
    )

    response = superuser_client.post(
        reverse("wagtailsnippets_people_position:edit", args=[position.pk]),
        position_form(
            learner,
            regional_office,
            role=Role.MENTOR,
            start_date=position.start_date.isoformat(),
            end_date=days_from_today(-1).isoformat(),
        ),
    )

    assert response.status_code == 302
    position.refresh_from_db()
    assert position.end_date == days_from_today(-1)
    assert not User.objects.get(pk=learner.pk).has_perm("courses.view_enrolment")
    assert ModelLogEntry.objects.filter(
        action="people.position_end", user=superuser
    ).exists()


def test_position_listing_renders(superuser_client, learner, regional_office):
    services.position_start(user=learner, organization=regional_office, role=Role.STAFF)

    response = superuser_client.get(reverse("wagtailsnippets_people_position:list"))

    assert response.status_code == 200
    listing = html.unescape(response.content.decode())
    assert str(learner) in listing and regional_office.name in listing
