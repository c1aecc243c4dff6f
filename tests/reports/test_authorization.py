"""The authorization matrix of the reports: every report URL and export against every
kind of user, each cell refused or allowed with only the rows in scope."""

import csv
import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.courses.helpers import ru

from .helpers import assign, certify, csv_rows

URLS = ["reports:dashboard", "reports:dashboard_csv", "reports:dashboard_xlsx"]
KEY = uuid.uuid4()


@pytest.fixture
def records(learner, other_region_learner):
    """One completed assignment and a certificate in `region`; two assignments (none
    completed) in `other_region`."""
    assign(learner, KEY, state="completed")
    certify(learner, KEY)
    assign(other_region_learner, KEY, state="started")
    assign(other_region_learner, uuid.uuid4(), state="new")


@pytest.mark.parametrize("name", URLS)
def test_anonymous_people_are_sent_to_log_in(client, records, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("who", ["learner", "mentor", "editor"])
def test_learners_mentors_and_editors_are_refused(client, records, request, who, name):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


def _regions_in_csv(client) -> dict[str, list[str]]:
    response = client.get(reverse("reports:dashboard_csv"))
    assert response.status_code == 200
    return csv_rows(response)


def test_a_regional_admin_sees_only_their_region(
    client, records, regional_admin, region, other_region
):
    client.force_login(regional_admin)
    rows = _regions_in_csv(client)
    total = ru("Total")
    assert set(rows) == {region.name_ru, total}
    # learners, assigned, in progress, completed: only `region`'s
    assert rows[region.name_ru][1:5] == ["2", "1", "0", "1"]
    assert rows[total][1:5] == ["2", "1", "0", "1"]
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert region.name_ru in page and other_region.name_ru not in page


def test_a_regional_admin_of_another_region_sees_only_theirs(
    client, records, other_regional_admin, region, other_region
):
    client.force_login(other_regional_admin)
    rows = _regions_in_csv(client)
    assert set(rows) == {other_region.name_ru, ru("Total")}
    assert rows[other_region.name_ru][2:5] == ["2", "1", "0"]
    assert rows[other_region.name_ru][8] == "0"  # no certificate there


def test_a_regional_admin_cannot_filter_their_way_into_another_region(
    client, records, regional_admin, other_region
):
    client.force_login(regional_admin)
    response = client.get(reverse("reports:dashboard_csv"), {"region": other_region.pk})
    rows = csv_rows(response)
    assert other_region.name_ru not in rows
    assert rows[ru("Total")][2] == "1"


def test_a_national_admin_sees_all_twenty_regions(
    client, records, national_admin, region, other_region
):
    client.force_login(national_admin)
    rows = _regions_in_csv(client)
    assert len(rows) == 21  # twenty regions and the totals
    assert rows[region.name_ru][2:5] == ["1", "0", "1"]
    assert rows[other_region.name_ru][2:5] == ["2", "1", "0"]
    assert rows[ru("Total")][2] == "3"


@pytest.mark.parametrize(
    ("who", "regions"), [("regional_admin", 1), ("national_admin", 20)]
)
def test_the_xlsx_export_has_the_same_rows(client, records, request, who, regions):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reports:dashboard_xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    lines = list(book.active.iter_rows(values_only=True))
    assert len(lines) == 1 + regions + 1
    assert lines[-1][0] == ru("Total")


@pytest.mark.parametrize(
    ("who", "linked"), [("regional_admin", True), ("mentor", False)]
)
def test_the_learners_list_links_the_dashboard_for_admins_only(
    client, request, who, linked
):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("courses:learner_list")).content.decode()
    assert (reverse("reports:dashboard") in page) is linked


# The learner record: the admins' (a person in scope) and a person's own
# ------------------------------------------------------------------------------

RECORD_URLS = [
    "reports:learner_record",
    "reports:learner_record_csv",
    "reports:learner_record_xlsx",
]
MY_RECORD_URLS = [
    "reports:my_record",
    "reports:my_record_csv",
    "reports:my_record_xlsx",
]


def _record_lines(response) -> list[list]:
    """Every line of a record's export: the CSV's, or every sheet's of the XLSX."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/csv"):
        text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
        return list(csv.reader(io.StringIO(text)))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for sheet in book for row in sheet.iter_rows(values_only=True)]


def _record_emails(response) -> set[str]:
    """The e-mail addresses a record's export names."""
    lines = _record_lines(response)
    return {c for line in lines for c in line if isinstance(c, str) and "@" in c}


@pytest.mark.parametrize("name", [*RECORD_URLS, *MY_RECORD_URLS])
def test_anonymous_people_are_sent_to_log_in_to_a_record(client, learner, name):
    args = [learner.pk] if name in RECORD_URLS else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", RECORD_URLS)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("learner", 403),
        ("other_learner", 403),
        ("mentor", 403),
        ("editor", 403),
        ("other_regional_admin", 404),
        ("regional_admin", 200),
        ("national_admin", 200),
    ],
)
def test_the_record_of_a_person_is_for_admins_in_scope(
    client, records, request, learner, who, status, name
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name, args=[learner.pk]))
    assert response.status_code == status
    if status != 200:
        return
    if name == "reports:learner_record":
        assert learner.email in response.content.decode()
    elif name == "reports:learner_record_csv":
        lines = _record_lines(response)
        emails = {c for line in lines for c in line if "@" in c}
        assert emails == {learner.email}
        # The section's header and the learner's one assignment (none of the
        # other region's two).
        assert len([line for line in lines if line[0] == ru("Assigned learning")]) == 2
    else:
        assert _record_emails(response) == {learner.email}


@pytest.mark.parametrize("name", MY_RECORD_URLS[1:])
@pytest.mark.parametrize(
    "who", ["learner", "other_region_learner", "mentor", "regional_admin"]
)
def test_ones_own_record_names_only_oneself(client, records, request, who, name):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert _record_emails(client.get(reverse(name))) == {user.email}
