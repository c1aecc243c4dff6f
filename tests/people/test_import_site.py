"""The import of people on the site's management pages (/<lang>/manage/people/import/):
regional admins, who have no Wagtail admin, upload, see the dry run and confirm once."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from core.importing import MSG_PREVIEW_EXPIRED, MSG_PREVIEW_INVALID
from people.importing import plan as p
from people.models import Position, User
from tests.courses.helpers import messages_of, ru
from tests.factories import UserFactory
from tests.people.import_helpers import csv_bytes, person_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

INDEX = "people:import"
CONFIRM = "people:import_confirm"
TEMPLATE = "people:import_template"


def upload(client, raw: bytes, name="люди.csv", **data):
    return client.post(reverse(INDEX), {"file": SimpleUploadedFile(name, raw), **data})


def payload_of(response) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "the preview has no confirm form"
    return match.group(1)


def test_the_page_is_on_the_site_under_manage(client, regional_admin):
    assert reverse(INDEX) == "/ru/manage/people/import/"
    client.force_login(regional_admin)
    page = client.get(reverse(INDEX))
    assert page.status_code == 200
    html = page.content.decode()
    assert "wagtailadmin" not in page.templates[0].name
    assert page.templates[0].name == "people/import/upload.html"
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">' in html
    assert reverse(TEMPLATE) in html
    # Regional admins have no Wagtail admin: nothing on the page leads there.
    assert "/admin/" not in html.replace(reverse("people:import"), "")


def test_a_regional_admins_rows_for_another_region_are_errors_with_their_line(
    client, regional_admin, regional_office, other_regional_office
):
    client.force_login(regional_admin)
    rows = [
        *person_rows(2, organization=regional_office.name),
        *person_rows(1, organization=other_regional_office.name, region="KZ-71"),
    ]
    rows[2][0] = "foreign@example.kz"
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 200
    assert [e.line for e in response.context["errors"]] == [4]
    message = ru(p.MSG_REGION_OUT_OF_SCOPE, region=other_regional_office.region.name)
    assert response.context["errors"][0].message == message
    html = response.content.decode()
    assert f'<tr><th scope="row">4</th><td>{escape(message)}</td></tr>' in html
    # The error summary at the top links to the list of problems.
    assert 'href="#import-errors"' in html and 'id="import-errors"' in html
    assert 'name="payload"' not in html
    assert not User.objects.filter(email__in=[row[0] for row in rows]).exists()


def test_a_valid_file_is_previewed_then_imported_once_with_invitations(
    client,
    regional_admin,
    regional_office,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    client.force_login(regional_admin)
    raw = xlsx_bytes(person_rows(3, organization=regional_office.name))
    preview = upload(client, raw, name="люди.xlsx")
    assert preview.status_code == 200
    assert preview.templates[0].name == "people/import/preview.html"
    html = preview.content.decode()
    assert "person2@example.kz" in html and ru("new person") in html
    assert preview.context["counts"]["people_created"] == 3
    assert 'class="table-scroll"' in html and "<caption" in html
    assert not User.objects.filter(email__startswith="person").exists()

    payload = payload_of(preview)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse(CONFIRM), {"payload": payload})
    assert done.status_code == 302
    assert done["Location"] == reverse(INDEX)
    people = User.objects.filter(email__startswith="person")
    assert people.count() == 3
    assert set(people.values_list("region", flat=True)) == {regional_office.region_id}
    assert Position.objects.filter(user__in=people).count() == 3
    assert len(messages_of(done)) == 1
    assert sorted(m.to[0] for m in mailoutbox) == [
        "person0@example.kz",
        "person1@example.kz",
        "person2@example.kz",
    ]

    # The confirm button pressed twice: the second finds the preview used.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse(CONFIRM), {"payload": payload})
    assert again.status_code == 302
    assert messages_of(again)[-1] == ru(MSG_PREVIEW_EXPIRED)
    assert User.objects.filter(email__startswith="person").count() == 3
    assert Position.objects.filter(user__in=people).count() == 3
    assert len(mailoutbox) == 3


def test_another_user_cannot_confirm_someone_elses_preview(
    client, regional_admin, other_regional_admin, national_admin, regional_office
):
    client.force_login(regional_admin)
    payload = payload_of(
        upload(client, csv_bytes(person_rows(1, organization=regional_office.name)))
    )
    for other in (other_regional_admin, national_admin):
        client.force_login(other)
        response = client.post(reverse(CONFIRM), {"payload": payload})
        assert response.status_code == 302
        assert messages_of(response)[-1] == ru(MSG_PREVIEW_INVALID)
    assert not User.objects.filter(email__startswith="person").exists()


@pytest.mark.parametrize("who", ["learner", "mentor"])
def test_learners_and_mentors_are_refused(client, regional_office, mentor, who):
    client.force_login(UserFactory() if who == "learner" else mentor)
    assert client.get(reverse(INDEX)).status_code == 403
    assert client.get(reverse(TEMPLATE)).status_code == 403
    response = upload(
        client, csv_bytes(person_rows(1, organization=regional_office.name))
    )
    assert response.status_code == 403
    assert client.post(reverse(CONFIRM), {"payload": "x"}).status_code == 403
    assert not User.objects.filter(email__startswith="person").exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in (INDEX, TEMPLATE):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_template_file_downloads_as_csv(client, regional_admin):
    client.force_login(regional_admin)
    response = client.get(reverse(TEMPLATE))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("E-mail;")


def test_a_bad_upload_is_shown_again_with_its_error_linked(client, regional_admin):
    client.force_login(regional_admin)
    response = client.post(reverse(INDEX), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_file"' in html
    assert 'aria-invalid="true"' in html


def test_importers_find_the_page_on_the_learners_list(
    client, regional_admin, national_admin, mentor
):
    for user in (regional_admin, national_admin):
        client.force_login(user)
        page = client.get(reverse("courses:learner_list"))
        assert reverse(INDEX) in page.content.decode()
    client.force_login(mentor)
    page = client.get(reverse("courses:learner_list"))
    assert page.status_code == 200
    assert reverse(INDEX) not in page.content.decode()


def test_the_preview_takes_the_same_number_of_queries_for_10_and_50_rows(
    client, regional_admin, regional_office
):
    client.force_login(regional_admin)
    counts = []
    for size in (1, 10, 50):
        raw = csv_bytes(person_rows(size, organization=regional_office.name))
        with CaptureQueriesContext(connection) as queries:
            response = upload(client, raw)
        assert response.context["counts"]["people_created"] == size
        counts.append(len(queries))
    assert counts[1] == counts[2], counts
    assert counts[2] <= 8, counts
