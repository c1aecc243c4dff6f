"""The authorization matrix of the reports: every report URL and export against every
kind of user, each cell refused or allowed with only the rows in scope."""

import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.courses.helpers import ru

from .helpers import assign, certify, csv_rows

URLS = [
    "reports:dashboard",
    "reports:dashboard_csv",
    "reports:dashboard_xlsx",
    "reports:enrolments_csv",
    "reports:enrolments_xlsx",
    "reports:expiring_certificates",
    "reports:expiring_certificates_csv",
    "reports:expiring_certificates_xlsx",
]
REMIND = "reports:expiring_certificates_remind"
KEY = uuid.uuid4()


@pytest.fixture
def records(learner, other_region_learner):
    """One completed assignment and a certificate in `region`; two assignments (none
    completed) in `other_region`."""
    assign(learner, KEY, state="completed")
    certify(learner, KEY)
    assign(other_region_learner, KEY, state="started")
    assign(other_region_learner, uuid.uuid4(), state="new")


@pytest.fixture
def expiring(records, learner, other_region_learner):
    """The records, and in each region a certificate expiring in 20 days."""
    return {
        "here": certify(learner, uuid.uuid4(), expires_in_days=20),
        "there": certify(other_region_learner, uuid.uuid4(), expires_in_days=20),
    }


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


@pytest.mark.parametrize(
    ("name", "column"),
    [("reports:enrolments_csv", 1), ("reports:expiring_certificates_csv", 1)],
)
@pytest.mark.parametrize(
    ("who", "people"),
    [
        ("regional_admin", {"learner"}),
        ("other_regional_admin", {"other_region_learner"}),
        ("national_admin", {"learner", "other_region_learner"}),
    ],
)
def test_the_lists_exports_have_only_the_rows_in_scope(
    client, expiring, request, who, people, name, column
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    assert response.status_code == 200
    emails = {line[column] for line in csv_rows(response).values()}
    assert emails == {request.getfixturevalue(p).email for p in people}


def test_a_regional_admin_sees_only_their_regions_expiring_certificates(
    client, expiring, regional_admin
):
    client.force_login(regional_admin)
    rows = client.get(reverse("reports:expiring_certificates")).context["rows"]
    assert [row.certificate for row in rows] == [expiring["here"]]


def test_anonymous_people_may_not_remind(client, expiring):
    response = client.post(reverse(REMIND), {"certificate": expiring["here"].pk})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["learner", "mentor", "editor"])
def test_learners_mentors_and_editors_may_not_remind(client, expiring, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse(REMIND), {"certificate": expiring["here"].pk})
    assert response.status_code == 403


def test_a_regional_admin_may_not_remind_another_regions_holder(
    client, expiring, other_regional_admin, mailoutbox
):
    client.force_login(other_regional_admin)
    response = client.post(reverse(REMIND), {"certificate": expiring["here"].pk})
    assert response.status_code == 404 and mailoutbox == []


def test_reminding_is_a_post(client, expiring, regional_admin):
    client.force_login(regional_admin)
    assert client.get(reverse(REMIND)).status_code == 405
