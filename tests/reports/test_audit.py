"""The audit log of admin actions: entries logged by the apps' services carry the
region they concern, admins see only their regions' entries (national admins every
entry, those without a region too), filters and exports keep the scope, and the page
costs the same number of queries whatever the number of entries."""

from __future__ import annotations

import ast
import datetime
import io
import re
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from certificates.services import certificate_revoke
from core.audit import REGION_KEY, audit_log
from courses.services import assignment_create
from people.importing import people_file_read
from people.services import IMPORT_ACTION, people_import_apply
from tests.courses.helpers import ru
from tests.factories import UserFactory
from tests.factories.courses import course_with_lessons
from tests.people.import_helpers import csv_bytes, person_rows

from .helpers import certify

pytestmark = pytest.mark.django_db

AUDIT = reverse("reports:audit")
AUDIT_CSV = reverse("reports:audit_csv")
AUDIT_XLSX = reverse("reports:audit_xlsx")
ROOT = Path(__file__).resolve().parents[2]


def _entry(action: str, **lookups) -> ModelLogEntry:
    return ModelLogEntry.objects.get(action=action, **lookups)


# What the services log
# ------------------------------------------------------------------------------


def test_a_revocation_is_logged_under_the_holders_region(
    learner, regional_admin, region
):
    certificate = certify(learner, uuid.uuid4())
    certificate_revoke(certificate=certificate, by=regional_admin, reason="Ошибка")
    entry = _entry("certificates.revoke", object_id=str(certificate.pk))
    assert entry.data[REGION_KEY] == region.pk
    assert entry.data["reason"] == "Ошибка"


def test_an_import_and_its_positions_are_logged_under_the_files_region(
    national_admin, regional_office, region
):
    rows, problems = people_file_read(
        csv_bytes(person_rows(2, organization=regional_office.name))
    )
    assert problems == []
    people_import_apply(rows=rows, actor=national_admin, filename="люди.csv")
    assert _entry(IMPORT_ACTION).data[REGION_KEY] == region.pk
    starts = ModelLogEntry.objects.filter(
        action="people.position_start", user=national_admin
    )
    assert [entry.data[REGION_KEY] for entry in starts] == [region.pk, region.pk]


def test_an_import_of_people_of_two_regions_has_no_region(
    national_admin, regional_office, other_regional_office
):
    lines = [
        *person_rows(1, organization=regional_office.name),
        *person_rows(1, organization=other_regional_office.name, region="KZ-71"),
    ]
    lines[1][0] = "someone.else@example.kz"
    rows, problems = people_file_read(csv_bytes(lines))
    assert problems == []
    people_import_apply(rows=rows, actor=national_admin, filename="два.csv")
    assert _entry(IMPORT_ACTION).data[REGION_KEY] is None


def test_an_assignment_is_logged_under_the_learners_region(
    program_page, learner, regional_admin, region
):
    course, _lessons = course_with_lessons(program_page, 1)
    assignment, created = assignment_create(
        learner=learner,
        target=course,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        assigned_by=regional_admin,
    )
    assert created
    entry = _entry("courses.assign", object_id=str(assignment.pk))
    assert entry.data[REGION_KEY] == region.pk


def test_every_app_logs_through_core_audit():
    """Wagtail's log() is called only by core.audit: every entry gets its region."""
    offences = []
    for app in ("people", "courses", "assessments", "certificates", "scheduling"):
        for path in sorted((ROOT / app).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module == "wagtail.log_actions"
                    and any(alias.name == "log" for alias in node.names)
                ):
                    offences.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offences == []


# The page: who sees which entries
# ------------------------------------------------------------------------------


@pytest.fixture
def entries(
    learner, other_region_learner, regional_admin, other_regional_admin, national_admin
):
    """A revocation in `region` and one in `other_region` (by the services), an entry
    without a region, and an entry of `region` logged before entries carried their
    region (resolved from its certificate). Nothing else: the staff's own
    appointments are left out."""
    ModelLogEntry.objects.all().delete()
    here = certify(learner, uuid.uuid4())
    there = certify(other_region_learner, uuid.uuid4())
    certificate_revoke(certificate=here, by=regional_admin, reason="Здесь")
    certificate_revoke(certificate=there, by=other_regional_admin, reason="Там")
    audit_log(
        national_admin,
        "people.import",
        user=national_admin,
        region_id=None,
        data={"file": "вся-страна.csv"},
    )
    old = certify(learner, uuid.uuid4())
    log(old, "certificates.revoke", user=regional_admin, data={"reason": "Давно"})
    return {"here": here, "there": there, "old": old}


ROW = re.compile(r'<tr data-action="([^"]+)"(?: data-region="(\d+)")?>')


def _rows(client, **params) -> list[tuple[str, int | None]]:
    response = client.get(AUDIT, params)
    assert response.status_code == 200
    return [
        (action, int(region) if region else None)
        for action, region in ROW.findall(response.content.decode())
    ]


def test_a_regional_admin_sees_only_their_regions_entries(
    client, entries, regional_admin, region
):
    client.force_login(regional_admin)
    assert _rows(client) == [
        ("certificates.revoke", region.pk),  # the old one, resolved
        ("certificates.revoke", region.pk),
    ]
    page = client.get(AUDIT).content.decode()
    assert "Здесь" in page and "Давно" in page
    assert "Там" not in page and "вся-страна" not in page
    assert ru("Revoke a certificate") in page


def test_the_admin_of_another_region_does_not_see_them(
    client, entries, other_regional_admin, other_region
):
    client.force_login(other_regional_admin)
    assert _rows(client) == [("certificates.revoke", other_region.pk)]
    page = client.get(AUDIT).content.decode()
    assert "Здесь" not in page and "Давно" not in page


def test_a_national_admin_sees_every_entry_those_without_a_region_too(
    client, entries, national_admin, region, other_region
):
    client.force_login(national_admin)
    rows = _rows(client)
    assert sorted(rows, key=str) == sorted(
        [
            ("certificates.revoke", region.pk),
            ("certificates.revoke", region.pk),
            ("certificates.revoke", other_region.pk),
            ("people.import", None),
        ],
        key=str,
    )
    assert rows[0] == ("certificates.revoke", region.pk)  # newest first
    assert ru("No region") in client.get(AUDIT).content.decode()


@pytest.mark.parametrize("who", ["learner", "mentor", "editor"])
def test_learners_mentors_and_editors_are_refused(client, entries, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in (AUDIT, AUDIT_CSV, AUDIT_XLSX):
        assert client.get(url).status_code == 403


# Filters
# ------------------------------------------------------------------------------


def test_the_region_filter_shows_one_region_or_none(
    client, entries, national_admin, other_region
):
    client.force_login(national_admin)
    assert _rows(client, region=other_region.pk) == [
        ("certificates.revoke", other_region.pk)
    ]
    assert _rows(client, region="none") == [("people.import", None)]


def test_a_regional_admin_cannot_filter_their_way_into_another_region(
    client, entries, regional_admin, other_region
):
    client.force_login(regional_admin)
    for value in (other_region.pk, "none"):
        response = client.get(AUDIT, {"region": value})
        assert response.status_code == 400
        assert "Там" not in response.content.decode()
        assert client.get(AUDIT_CSV, {"region": value}).status_code == 400


def test_the_action_filter_offers_the_registered_actions(
    client, entries, national_admin
):
    client.force_login(national_admin)
    assert _rows(client, action="people.import") == [("people.import", None)]
    page = client.get(AUDIT).content.decode()
    for action in ("certificates.revoke", "courses.assign", "people.handover_open"):
        assert f'value="{action}"' in page
    assert 'value="wagtail.publish"' not in page


def test_the_actor_filter_searches_names_and_addresses(
    client, entries, national_admin, other_regional_admin, other_region
):
    client.force_login(national_admin)
    by_name = _rows(client, actor="другого региона")
    by_email = _rows(client, actor=other_regional_admin.email.upper())
    assert by_name == by_email == [("certificates.revoke", other_region.pk)]


def test_the_period_filter_keeps_the_entries_logged_in_it(
    client, entries, national_admin
):
    client.force_login(national_admin)
    ModelLogEntry.objects.filter(action="people.import").update(
        timestamp=timezone.now() - datetime.timedelta(days=40)
    )
    today = timezone.localdate()
    recent = _rows(client, date_from=today - datetime.timedelta(days=7))
    assert [action for action, _region in recent] == ["certificates.revoke"] * 3
    old = _rows(client, date_to=today - datetime.timedelta(days=30))
    assert old == [("people.import", None)]
    backwards = {"date_from": today, "date_to": today - datetime.timedelta(days=1)}
    assert client.get(AUDIT, backwards).status_code == 400


# Exports
# ------------------------------------------------------------------------------


def test_the_csv_export_has_only_the_regions_entries(
    client, entries, regional_admin, region
):
    client.force_login(regional_admin)
    response = client.get(AUDIT_CSV)
    assert response["Content-Disposition"] == 'attachment; filename="audit.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert len(lines) == 1 + 2
    assert all(region.name_ru in line for line in lines[1:])
    assert "Там" not in text and "вся-страна" not in text
    assert ru("Revoke a certificate") in text


def test_the_xlsx_export_has_the_filtered_entries(
    client, entries, national_admin, other_region
):
    client.force_login(national_admin)
    response = client.get(AUDIT_XLSX, {"region": other_region.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    lines = list(book.active.iter_rows(values_only=True))
    assert len(lines) == 2
    assert lines[1][3] == ru("Revoke a certificate")
    assert lines[1][5] == other_region.name_ru
    assert "Там" in lines[1][6] and REGION_KEY not in lines[1][6]


def test_exported_cells_cannot_start_a_formula(client, national_admin, region):
    person = UserFactory(region=region, full_name="=HYPERLINK(1)")
    audit_log(person, "people.erasure_request", user=person, region_id=region.pk)
    client.force_login(national_admin)
    response = client.get(AUDIT_CSV)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "'=HYPERLINK(1)" in text


# Cost and links
# ------------------------------------------------------------------------------


def _log_many(count: int, *, people, admin) -> None:
    for n in range(count):
        person = people[n % len(people)]
        audit_log(
            person,
            "people.erasure_request",
            user=admin,
            region_id=person.region_id,
            data={"n": n},
        )


@pytest.mark.parametrize("who", ["regional_admin", "national_admin"])
def test_the_page_costs_the_same_queries_with_3_or_30_entries(
    client,
    request,
    who,
    learner,
    other_region_learner,
    django_assert_num_queries,
):
    viewer = request.getfixturevalue(who)
    people = [learner, other_region_learner]
    client.force_login(viewer)
    client.get(AUDIT)  # the site's menu, cached from the first page on
    counts = []
    for total in (3, 30):
        ModelLogEntry.objects.all().delete()
        _log_many(total, people=people, admin=viewer)
        client.force_login(viewer)
        with django_assert_num_queries(QUERIES) as captured:
            response = client.get(AUDIT, {"action": "people.erasure_request"})
        assert response.status_code == 200
        counts.append(len(captured))
        shown = len(ROW.findall(response.content.decode()))
        assert shown == (total if who == "national_admin" else (total + 1) // 2)
    assert counts[0] == counts[1]


# The user, their permissions (2) and scope, the regions, the count and the page of
# entries with their acting users; the site and its home page (base.html).
QUERIES = 9


def test_the_dashboard_links_the_audit_log(client, regional_admin):
    client.force_login(regional_admin)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert AUDIT in page
