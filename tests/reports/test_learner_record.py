"""The learner record (transcript): who may see whose (the one scope rule, admins
with reports only; a person their own), what it shows, its CSV and XLSX exports, its
fixed query count, and the links to it from the lists that name people."""

import csv
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.codes import code_display
from certificates.models import ClearanceRequirement, ClearanceRule
from courses.models import Assignment
from courses.selectors import AssignmentStatus, learning_record
from reports.selectors import learner_record
from tests.courses.helpers import page_text, ru
from tests.courses.standard_helpers import standard_create
from tests.factories import UserFactory, course_with_lessons

from .helpers import assign, record_fill

pytestmark = pytest.mark.django_db

RECORD_URLS = ["reports:learner_record", "reports:learner_record_csv"]
RECORD_URLS_ALL = [*RECORD_URLS, "reports:learner_record_xlsx"]


@pytest.fixture
def standard(catalog_page):
    return standard_create(catalog_page)


@pytest.fixture
def filled(learner, program_page, standard):
    """`learner` (of `region`) with one of everything."""
    return record_fill(learner, program_page, 1, standard=standard)


def zone_create(*pages) -> ClearanceRule:
    """A risk zone needing a valid certificate of each of `pages`."""
    rule = ClearanceRule.objects.create(
        slug=f"zone-{uuid.uuid4().hex[:8]}",
        name_kk="Паллиативтік көмек",
        name_ru="Паллиативная помощь",
        name_en="Palliative care",
    )
    for page in pages:
        ClearanceRequirement.objects.create(rule=rule, page=page)
    return rule


def _url(name, learner):
    return reverse(name, args=[learner.pk])


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


# Who may see whose record
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", [*RECORD_URLS_ALL, "reports:my_record", "reports:my_record_csv"]
)
def test_anonymous_people_are_sent_to_log_in(client, learner, name):
    url = _url(name, learner) if name.startswith("reports:learner") else reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", RECORD_URLS_ALL)
@pytest.mark.parametrize("who", ["other_learner", "learner", "mentor", "editor"])
def test_learners_mentors_and_editors_are_refused_the_admins_record(
    client, filled, learner, request, who, name
):
    """A learner (even about themselves: their own is at my_record), a mentor of the
    learner's region (they keep the learner page; the record is a report) and an
    editor are refused, before anything is read of the person."""
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(name, learner)).status_code == 403


@pytest.mark.parametrize("name", RECORD_URLS_ALL)
def test_a_regional_admin_of_another_region_gets_not_found(
    client, filled, learner, other_regional_admin, name
):
    client.force_login(other_regional_admin)
    assert client.get(_url(name, learner)).status_code == 404


def test_a_person_nobody_has_gets_not_found(client, regional_admin):
    client.force_login(regional_admin)
    response = client.get(reverse("reports:learner_record", args=[999_999]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["regional_admin", "national_admin"])
def test_admins_in_scope_see_the_record_with_its_rows(
    client, filled, learner, request, who
):
    zone_create(filled["courses"][0])
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url("reports:learner_record", learner))
    assert response.status_code == 200
    text = page_text(response)
    assert learner.email in text and "Паллиативная помощь" in text
    for title in ("Курс 0 записи", "Тест 0 записи", "Задание 0 записи"):
        assert title in text
    certificate = filled["certificates"][0]
    assert reverse("certificates_manage:detail", args=[certificate.pk]) in text
    assert filled["sessions"][0].title in text
    assert reverse("courses:learner_detail", args=[learner.pk]) in text


def test_a_person_sees_their_own_record_without_admin_links(client, filled, learner):
    client.force_login(learner)
    response = client.get(reverse("reports:my_record"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Курс 0 записи" in text and filled["sessions"][0].title in text
    assert "/manage/" not in text
    assert reverse("reports:my_record_csv") in text


def test_a_persons_own_export_has_only_their_rows(
    client, filled, learner, other_learner, program_page
):
    record_fill(other_learner, program_page, 1)
    Assignment.objects.filter(learner=other_learner).update(
        target_key=uuid.uuid4()  # other learning, titled nowhere
    )
    client.force_login(learner)
    lines = _csv(client.get(reverse("reports:my_record_csv")))
    cells = {cell for line in lines for cell in line}
    assert learner.email in cells and other_learner.email not in cells


def test_the_profile_links_the_own_record(client, learner):
    client.force_login(learner)
    text = client.get(reverse("people:profile")).content.decode()
    assert reverse("reports:my_record") in text


# What it shows
# ------------------------------------------------------------------------------


def test_each_section_lists_its_rows(filled, learner, program_page):
    missing, _lessons = course_with_lessons(program_page, 1, title="Без сертификата")
    cleared = zone_create(filled["courses"][0])
    not_cleared = zone_create(filled["courses"][0], missing)
    record = learner_record(learner=learner)
    (assignment,) = record.learning.assignments
    assert assignment.status == AssignmentStatus.COMPLETED
    assert assignment.title == "Курс 0 записи"
    (enrolment,) = record.learning.enrolments
    assert [item.title for item in enrolment.items][-2:] == [
        "Тест 0 записи",
        "Задание 0 записи",
    ]
    done = [item for item in enrolment.items if item.done_at]
    assert len(done) == 1 and enrolment.percent == 100  # completed: 100 %
    (attempt,) = record.assessments.attempts
    assert attempt.title == "Тест 0 записи" and attempt.attempt.passed
    (submission,) = record.assessments.submissions
    assert submission.title == "Задание 0 записи"
    assert [c.certificate for c in record.certificates] == filled["certificates"]
    (session,) = record.sessions
    assert session.attended and session.days == 1 and session.registration
    (acknowledgement,) = record.learning.acknowledgements
    assert acknowledgement.is_current
    assert len(record.current_positions) == 1 and not record.past_positions
    zones = {c.rule: c for c in record.clearances}
    assert zones[cleared].cleared and not zones[not_cleared].cleared
    assert "Без сертификата" in zones[not_cleared].missing[0]


def test_assignment_statuses_follow_progress_due_date_and_withdrawal(
    learner, program_page
):
    keys = [course_with_lessons(program_page, 1)[0].translation_key for _ in range(5)]
    assign(learner, keys[0], state="completed", due_in_days=-5)
    assign(learner, keys[1], state="started", due_in_days=5)
    assign(learner, keys[2], state="new", due_in_days=5)
    assign(learner, keys[3], state="started", due_in_days=-1)
    withdrawn = assign(learner, keys[4], state="new", due_in_days=-1)
    Assignment.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    statuses = {
        a.assignment.target_key: a.status
        for a in learning_record(learner=learner).assignments
    }
    assert [statuses[key] for key in keys] == [
        AssignmentStatus.COMPLETED,
        AssignmentStatus.IN_PROGRESS,
        AssignmentStatus.NOT_STARTED,
        AssignmentStatus.OVERDUE,
        AssignmentStatus.WITHDRAWN,
    ]


def test_an_empty_record_says_so(client, learner, regional_admin):
    client.force_login(regional_admin)
    response = client.get(_url("reports:learner_record", learner))
    assert response.status_code == 200
    text = page_text(response)
    assert ru("Nothing assigned.") in text and ru("No enrolments.") in text


# Exports
# ------------------------------------------------------------------------------


def test_the_csv_has_every_section_with_a_section_column(
    client, filled, learner, regional_admin
):
    client.force_login(regional_admin)
    lines = _csv(client.get(_url("reports:learner_record_csv", learner)))
    sections = {line[0] for line in lines[1:]}
    for title in ("Assigned learning", "Enrolments", "Quiz attempts", "Certificates"):
        assert ru(title) in sections
    courses = [line for line in lines if line[0] == ru("Enrolments")]
    assert courses[0][1:] == [
        ru("Course"),
        ru("Enrolled"),
        ru("Status"),
        ru("Completed"),
        ru("Required items done"),
        ru("Done, %"),
    ]
    assert courses[1][1] == "Курс 0 записи" and courses[1][-1] == "100"
    certificates = [line for line in lines if line[0] == ru("Certificates")]
    assert certificates[1][2] == code_display(filled["certificates"][0].code)


def test_the_xlsx_has_a_sheet_per_section(client, filled, learner, national_admin):
    client.force_login(national_admin)
    response = client.get(_url("reports:learner_record_xlsx", learner))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(book.sheetnames) == 11
    sheet = book[ru("Quiz attempts")[:31]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Тест 0 записи" and rows[1][4] == "80"


def test_cells_that_would_start_a_formula_are_neutralised(
    client, learner, regional_admin
):
    learner.full_name = '=HYPERLINK("http://evil.test")'
    learner.save()
    client.force_login(regional_admin)
    lines = _csv(client.get(_url("reports:learner_record_csv", learner)))
    assert '\'=HYPERLINK("http://evil.test")' in {c for line in lines for c in line}
    response = client.get(_url("reports:learner_record_xlsx", learner))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = {v for row in book.worksheets[0].iter_rows(values_only=True) for v in row}
    assert '\'=HYPERLINK("http://evil.test")' in values
    assert not any(str(v).startswith("=") for v in values if v)


# Cost
# ------------------------------------------------------------------------------


def _page_queries(client, learner) -> int:
    url = _url("reports:learner_record", learner)
    assert client.get(url).status_code == 200  # the session, templates, memos
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_record_costs_the_same_queries_whatever_its_size(
    client, program_page, standard, region, regional_admin
):
    one, five = UserFactory(region=region), UserFactory(region=region)
    record_fill(one, program_page, 1, standard=standard)
    made = record_fill(five, program_page, 5, standard=standard)
    zone_create(made["courses"][0])
    client.force_login(regional_admin)
    small, large = _page_queries(client, one), _page_queries(client, five)
    print(f"\nlearner record: {small} queries (1 of each), {large} (5 of each)")  # noqa: T201 (-s)
    assert small == large
    assert small <= 17


# Links from the lists that name people
# ------------------------------------------------------------------------------


def test_the_learner_list_links_each_record_for_admins(client, learner, regional_admin):
    client.force_login(regional_admin)
    text = client.get(reverse("courses:learner_list")).content.decode()
    assert _url("reports:learner_record", learner) in text


def test_the_learner_list_links_no_record_for_mentors(client, learner, mentor):
    client.force_login(mentor)
    text = client.get(reverse("courses:learner_list")).content.decode()
    assert _url("reports:learner_record", learner) not in text


def test_the_overdue_list_links_the_record_of_each_person(
    client, learner, regional_admin, program_page
):
    course, _lessons = course_with_lessons(program_page, 1)
    assign(learner, course.translation_key, state="new", due_in_days=-3)
    client.force_login(regional_admin)
    text = client.get(reverse("courses:overdue_list")).content.decode()
    assert _url("reports:learner_record", learner) in text


def test_the_certificate_list_links_the_holders_record(
    client, filled, learner, regional_admin
):
    client.force_login(regional_admin)
    text = client.get(reverse("certificates_manage:list")).content.decode()
    assert _url("reports:learner_record", learner) in text
