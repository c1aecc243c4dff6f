"""The Wagtail admin's position chooser lists who holds which role where: only for
those who may see positions (national admins), not for anyone with admin access.
Found by the authorization walk (tests/authz): an editor read every region's staff
from it."""

import pytest
from django.urls import reverse

from people.models import Position

pytestmark = pytest.mark.django_db

CHOOSER = "wagtailsnippetchoosers_people_position"


@pytest.fixture
def position(regional_admin):
    return Position.objects.get(user=regional_admin)


def test_an_editor_may_not_open_the_position_chooser(client, editor, position):
    """Refused as Wagtail refuses inside its admin: back to the dashboard (and 403
    to the modal's script)."""
    client.force_login(editor)

    for url in (
        reverse(f"{CHOOSER}:choose"),
        reverse(f"{CHOOSER}:choose_results"),
        reverse(f"{CHOOSER}:chosen", args=[position.pk]),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
        modal = client.get(url, headers={"X-Requested-With": "XMLHttpRequest"})
        assert modal.status_code == 403, url
        assert "Координатор РФО" not in modal.content.decode()


def test_a_national_admin_chooses_a_position(client, national_admin, position):
    client.force_login(national_admin)

    results = client.get(reverse(f"{CHOOSER}:choose_results"))
    chosen = client.get(reverse(f"{CHOOSER}:chosen", args=[position.pk]))

    assert results.status_code == 200
    assert "Координатор РФО" in results.content.decode()
    assert chosen.status_code == 200
    assert chosen.json()["result"]["id"] == str(position.pk)
