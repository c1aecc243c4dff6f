"""The import of people in the Wagtail admin: upload, dry run, confirm once; who may."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.importing import MSG_PREVIEW_EXPIRED, MSG_PREVIEW_INVALID
from people.importing import plan as p
from people.models import Position, User
from tests.courses.helpers import messages_of, ru
from tests.factories import UserFactory
from tests.people.import_helpers import csv_bytes, person_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

INDEX = "people_import:index"
CONFIRM = "people_import:confirm"


def upload(client, raw: bytes, name="люди.csv", **data):
    return client.post(reverse(INDEX), {"file": SimpleUploadedFile(name, raw), **data})


def payload_of(response) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "the preview has no confirm form"
    return match.group(1)


def test_upload_dry_run_then_confirm_imports_once(
    client, national_admin, regional_office
):
    client.force_login(national_admin)
    page = client.get(reverse(INDEX))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert reverse("people_import:template") in page.content.decode()

    raw = xlsx_bytes(person_rows(3, organization=regional_office.name))
    preview = upload(client, raw, name="люди.xlsx")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "person2@example.kz" in html and ru("new person") in html
    assert preview.context["counts"]["people_created"] == 3
    assert not User.objects.filter(email__startswith="person").exists()

    payload = payload_of(preview)
    done = client.post(reverse(CONFIRM), {"payload": payload})
    assert done.status_code == 302
    assert User.objects.filter(email__startswith="person").count() == 3
    assert Position.objects.filter(user__email__startswith="person").count() == 3
    assert len(messages_of(done)) == 1

    # A second click finds the preview used: nothing more happens.
    again = client.post(reverse(CONFIRM), {"payload": payload})
    assert again.status_code == 302
    assert messages_of(again)[-1] == str(MSG_PREVIEW_EXPIRED)
    assert User.objects.filter(email__startswith="person").count() == 3

    # The same file again: everything is there already, there is nothing to confirm.
    same = upload(client, raw, name="люди.xlsx")
    assert same.context["counts"]["unchanged"] == 3
    assert 'name="payload"' not in same.content.decode()


def test_invalid_rows_are_listed_with_their_lines_and_cannot_be_confirmed(
    client, national_admin, regional_office
):
    client.force_login(national_admin)
    rows = person_rows(3, organization=regional_office.name)
    rows[1][0] = "не почта"
    rows[2][5] = "директор"
    response = upload(client, csv_bytes(rows))
    html = response.content.decode()
    assert re.findall(r"<tr><td>(\d+)</td><td>", html) == ["3", "4"]
    assert 'name="payload"' not in html
    assert not User.objects.filter(email__startswith="person").exists()


def with_admin_access(user):
    """A regional admin let into the Wagtail admin (their role does not yet: see
    people.roles._PEOPLE_IMPORT)."""
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    return User.objects.get(pk=user.pk)


def test_regional_admin_imports_into_their_region_only(
    client, regional_admin, regional_office, other_regional_office
):
    client.force_login(with_admin_access(regional_admin))
    assert client.get(reverse(INDEX)).status_code == 200
    foreign = person_rows(1, organization=other_regional_office.name, region="KZ-71")
    response = upload(client, csv_bytes(foreign))
    assert [e.line for e in response.context["errors"]] == [2]
    assert response.context["errors"][0].message == ru(
        p.MSG_REGION_OUT_OF_SCOPE, region=other_regional_office.region.name
    )

    own = upload(client, csv_bytes(person_rows(2, organization=regional_office.name)))
    done = client.post(reverse(CONFIRM), {"payload": payload_of(own)})
    assert done.status_code == 302
    assert (
        User.objects.filter(
            email__startswith="person", region=regional_office.region
        ).count()
        == 2
    )


def test_a_preview_is_confirmed_only_by_its_uploader(
    client, national_admin, regional_admin, regional_office
):
    client.force_login(with_admin_access(regional_admin))
    preview = upload(
        client, csv_bytes(person_rows(1, organization=regional_office.name))
    )
    payload = payload_of(preview)
    client.force_login(national_admin)
    response = client.post(reverse(CONFIRM), {"payload": payload})
    assert response.status_code == 302
    assert messages_of(response) == [str(MSG_PREVIEW_INVALID)]
    assert not User.objects.filter(email__startswith="person").exists()


def test_template_file_downloads_as_csv(client, national_admin):
    client.force_login(national_admin)
    response = client.get(reverse("people_import:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("E-mail;")


@pytest.mark.parametrize("who", ["learner", "mentor"])
def test_people_without_the_permission_cannot_import(client, regional_office, who):
    from people.roles import Role
    from tests.factories import staff_member

    user = (
        UserFactory()
        if who == "learner"
        else staff_member(Role.MENTOR, organization=regional_office)
    )
    client.force_login(user)
    assert client.get(reverse(INDEX)).status_code in (302, 403)
    response = upload(
        client, csv_bytes(person_rows(1, organization=regional_office.name))
    )
    assert response.status_code in (302, 403)
    assert not User.objects.filter(email__startswith="person").exists()


def test_admins_find_the_import_in_the_menu_and_on_the_user_listing(
    client, national_admin, regional_admin
):
    assert regional_admin.has_perm("people.import_user")
    client.force_login(with_admin_access(regional_admin))
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert reverse(INDEX) in dashboard.content.decode()

    client.force_login(national_admin)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert reverse(INDEX) in dashboard.content.decode()
    listing = client.get(reverse("wagtailusers_users:index"))
    assert listing.status_code == 200
    assert reverse(INDEX) in listing.content.decode()
