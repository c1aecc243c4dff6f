"""The authorization matrix of the reports: every report URL and export against every
kind of user, each cell refused or allowed with only the rows in scope."""

import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.models import ReportSubscription, Target
from reports.services import report_subscription_create
from tests.courses.helpers import ru

from .helpers import assign, certify, csv_rows

URLS = [
    f"reports:{page}{export}"
    for page in ("dashboard", "activity", "by_course", "audit")
    for export in ("", "_csv", "_xlsx")
] + [
    "reports:subscriptions",
    "reports:targets",
    "reports:target_create",
    "reports:enrolments_csv",
    "reports:enrolments_xlsx",
    "reports:expiring_certificates",
    "reports:expiring_certificates_csv",
    "reports:expiring_certificates_xlsx",
]
# The scheduled reports' actions (POST): subscribe, and cancel a subscription.
POST_URLS = ["reports:subscription_create", "reports:subscription_cancel"]
# Pages of one target: national admins only (regional admins see targets, read-only).
TARGET_URLS = ["reports:target_edit", "reports:target_delete"]
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


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("who", ["regional_admin", "national_admin", "superuser"])
def test_regional_and_national_admins_are_let_in(client, records, request, who, name):
    client.force_login(request.getfixturevalue(who))
    # Setting targets is the national admins' (regional admins see theirs).
    refused = who == "regional_admin" and name == "reports:target_create"
    assert client.get(reverse(name)).status_code == (403 if refused else 200)


@pytest.fixture
def subscription(regional_admin):
    subscription, _created = report_subscription_create(
        user=regional_admin, report="completion", query="", frequency="weekly"
    )
    return subscription


def _post(client, name, subscription):
    args = [subscription.pk] if name == "reports:subscription_cancel" else []
    return client.post(
        reverse(name, args=args),
        {"report": "completion", "query": "", "frequency": "monthly"},
    )


@pytest.mark.parametrize("name", POST_URLS)
def test_anonymous_people_are_sent_to_log_in_before_any_action(
    client, subscription, name
):
    response = _post(client, name, subscription)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert ReportSubscription.objects.get().cancelled_at is None


@pytest.mark.parametrize("name", POST_URLS)
@pytest.mark.parametrize("who", ["learner", "mentor", "editor"])
def test_learners_mentors_and_editors_may_not_subscribe_or_cancel(
    client, subscription, request, who, name
):
    client.force_login(request.getfixturevalue(who))
    assert _post(client, name, subscription).status_code == 403
    assert ReportSubscription.objects.get().cancelled_at is None


@pytest.mark.parametrize("name", POST_URLS)
def test_a_regional_admin_may_subscribe_and_cancel(
    client, regional_admin, subscription, name
):
    client.force_login(regional_admin)
    response = _post(client, name, subscription)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:subscriptions")


@pytest.mark.parametrize("name", POST_URLS)
def test_the_actions_refuse_get(client, regional_admin, name, subscription):
    client.force_login(regional_admin)
    args = [subscription.pk] if name == "reports:subscription_cancel" else []
    assert client.get(reverse(name, args=args)).status_code == 405


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


@pytest.mark.parametrize("name", ["reports:activity_csv", "reports:by_course_csv"])
@pytest.mark.parametrize(
    ("who", "lines"), [("regional_admin", 2), ("national_admin", 21)]
)
def test_the_other_reports_are_allowed_to_admins(
    client, records, request, name, who, lines
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    assert response.status_code == 200
    if name == "reports:activity_csv":  # a line per region in scope, and the totals
        assert len(csv_rows(response)) == lines


def test_a_regional_admin_of_another_region_sees_only_theirs_by_region(
    client, records, other_regional_admin, region, other_region
):
    client.force_login(other_regional_admin)
    rows = csv_rows(client.get(reverse("reports:activity_csv")))
    assert set(rows) == {other_region.name_ru, ru("Total")}
    assert rows[ru("Total")][1] == "2"  # the learner and the admin of other_region


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


def test_the_reports_link_to_one_another(client, regional_admin):
    client.force_login(regional_admin)
    names = ("reports:dashboard", "reports:activity", "reports:by_course")
    for name in names:
        page = client.get(reverse(name)).content.decode()
        assert all(reverse(other) in page for other in names)


@pytest.fixture
def target(national_admin, region):
    return Target.objects.create(
        region=region,
        title="Цель",
        target_key=KEY,
        percent=80,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )


@pytest.mark.parametrize("name", TARGET_URLS)
def test_anonymous_people_are_sent_to_log_in_from_a_target(client, target, name):
    response = client.get(reverse(name, args=[target.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", TARGET_URLS)
@pytest.mark.parametrize(
    "who", ["learner", "mentor", "editor", "regional_admin", "other_regional_admin"]
)
def test_only_national_admins_change_or_delete_a_target(
    client, target, request, who, name
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name, args=[target.pk])).status_code == 403
    assert client.post(reverse(name, args=[target.pk])).status_code == 403
    assert Target.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("name", [*TARGET_URLS, "reports:target_create"])
def test_a_national_admin_opens_the_target_forms(national_admin_client, target, name):
    args = [] if name == "reports:target_create" else [target.pk]
    assert national_admin_client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(
    ("who", "regions"),
    [("regional_admin", 1), ("other_regional_admin", 0), ("national_admin", 1)],
)
def test_the_targets_page_lists_only_the_targets_in_scope(
    client, target, request, who, regions
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reports:targets"))
    assert response.status_code == 200
    assert response.content.decode().count('class="standing standing--') == regions


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
