"""The dashboard's figures by course and program: assigned learning and its
progress, overdue, quiz pass rates and certificates, for the learners in scope,
grouped by translation_key in a fixed number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Assignment
from people.models import User
from reports.selectors import DashboardFilters, course_report
from tests.courses.helpers import ru
from tests.factories import UserFactory, region_by_code

from .helpers import (
    assign,
    attempt,
    certify,
    course_with_quiz,
    courses_add,
    csv_rows,
    region_populate,
    world_build,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(program_page, region, other_region):
    """Courses A and B (a quiz each) of program P. In `region`: Ann, A assigned and
    completed, certified, quiz A passed; Bob, A started and overdue, quiz A failed,
    B's certificate expiring in 30 days; Cat, B assigned (nothing done), quiz B
    failed then passed, B's certificate expired, A's revoked; Dan, P assigned. In
    `other_region`: Eve, A assigned and completed, certified, quiz A passed."""
    (a, quiz_a), (b, quiz_b) = (course_with_quiz(program_page) for _ in range(2))
    ann, bob, cat, dan = (UserFactory(region=region) for _ in range(4))
    eve = UserFactory(region=other_region)
    for person in (ann, eve):
        assign(person, a.translation_key, state="completed")
        certify(person, a.translation_key)
        attempt(person, quiz_a.translation_key, passed=True)
    assign(bob, a.translation_key, state="started", due_in_days=-3)
    attempt(bob, quiz_a.translation_key, passed=False)
    certify(bob, b.translation_key, expires_in_days=30)
    assign(cat, b.translation_key)
    attempt(cat, quiz_b.translation_key, passed=False)
    attempt(cat, quiz_b.translation_key, passed=True)
    certify(cat, b.translation_key, expires_in_days=-1)
    certify(cat, a.translation_key, revoked=True)
    Assignment.objects.create(
        learner=dan,
        target_kind=Assignment.TargetKind.PROGRAM,
        target_key=program_page.translation_key,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    return {"A": a, "B": b, "P": program_page}


def _by_key(rows):
    return {row.target.key: row for row in rows}


def test_each_line_counts_its_course_or_program(courses, national_admin):
    rows = course_report(viewer=national_admin)
    assert [row.target.is_program for row in rows[:1]] == [True]  # programs first
    lines = _by_key(rows)
    a = lines[courses["A"].translation_key]
    f = a.figures
    assert (f.assigned, f.in_progress, f.completed, f.overdue) == (3, 1, 2, 1)
    assert f.completion_rate == pytest.approx(2 / 3)
    assert (a.quiz.attempted, a.quiz.passed) == (3, 2)
    assert (
        f.certificates_valid,
        f.certificates_expiring,
        f.certificates_expired,
        f.certificates_revoked,
    ) == (2, 0, 0, 1)
    b = lines[courses["B"].translation_key]
    f = b.figures
    assert (f.assigned, f.in_progress, f.completed, f.overdue) == (1, 0, 0, 0)
    assert (b.quiz.attempted, b.quiz.passed) == (1, 1)  # passed at the second try
    assert (
        f.certificates_valid,
        f.certificates_expiring,
        f.certificates_expired,
    ) == (1, 1, 1)
    p = lines[courses["P"].translation_key]
    assert (p.figures.assigned, p.figures.completed) == (1, 0)
    assert (p.quiz.attempted, p.quiz.passed) == (4, 3)  # its courses' quizzes
    assert p.quiz.percent == pytest.approx(75.0)


def test_a_regional_admin_counts_only_the_learners_of_their_region(
    courses, regional_admin
):
    a = _by_key(course_report(viewer=regional_admin))[courses["A"].translation_key]
    assert (a.figures.assigned, a.figures.completed) == (2, 1)
    assert (a.quiz.attempted, a.quiz.passed) == (2, 1)
    assert a.figures.certificates_valid == 1


def test_a_regional_admin_of_another_region_sees_none_of_these_figures(
    courses, other_regional_admin
):
    lines = _by_key(course_report(viewer=other_regional_admin))
    a, b = lines[courses["A"].translation_key], lines[courses["B"].translation_key]
    assert (a.figures.assigned, a.quiz.attempted, a.figures.certificates_valid) == (
        1,
        1,
        1,
    )  # Eve's only
    assert (b.figures.assigned, b.quiz.attempted) == (0, 0)


def test_the_region_filter_counts_that_region_only(
    courses, national_admin, other_region
):
    lines = _by_key(
        course_report(
            viewer=national_admin,
            filters=DashboardFilters(region_id=other_region.pk),
        )
    )
    a = lines[courses["A"].translation_key]
    assert (a.figures.assigned, a.quiz.attempted) == (1, 1)


def test_the_period_counts_what_happened_in_it(courses, national_admin):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    lines = _by_key(
        course_report(
            viewer=national_admin, filters=DashboardFilters(date_to=yesterday)
        )
    )
    a = lines[courses["A"].translation_key]
    assert (a.figures.assigned, a.quiz.attempted, a.figures.certificates_valid) == (
        0,
        0,
        0,
    )


def _queries(viewer) -> int:
    viewer = User.objects.get(pk=viewer.pk)  # nothing cached on it
    with CaptureQueriesContext(connection) as captured:
        course_report(viewer=viewer)
    return len(captured)


def test_the_query_count_does_not_grow_with_regions_courses_or_learners(
    catalog_page, program_page, region, national_admin
):
    w = world_build(catalog_page, program_page)  # two courses
    region_populate(w, region)
    small = _queries(national_admin)
    courses_add(w, 4)
    for iso in ("KZ-75", "KZ-71", "KZ-11"):
        region_populate(w, region_by_code(iso), learners=3)
    assert _queries(national_admin) == small == 15


def test_the_page_shows_each_line_in_a_fixed_number_of_queries(
    client, courses, national_admin, django_assert_max_num_queries
):
    client.force_login(national_admin)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("reports:by_course"))
    assert response.status_code == 200
    html = response.content.decode()
    assert courses["A"].title in html and "courses-caption" in html
    assert "66,7 %" in html  # A's completion rate, in Russian
    assert reverse("reports:activity") in html and reverse("reports:dashboard") in html


def test_the_exports_have_a_line_per_course_and_program(
    client, courses, national_admin
):
    client.force_login(national_admin)
    rows = csv_rows(client.get(reverse("reports:by_course_csv")))
    assert set(rows) == {c.title for c in courses.values()}
    a = rows[courses["A"].title]
    assert a[1] == ru("Course")
    assert a[2:8] == ["3", "1", "2", "66.7", "1", "33.3"]
    assert a[8:11] == ["3", "2", "66.7"]
    assert rows[courses["P"].title][1] == ru("Program")
    response = client.get(reverse("reports:by_course_xlsx"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    lines = list(book.active.iter_rows(values_only=True))
    assert len(lines) == 1 + 3
    assert lines[1][0] == courses["P"].title


def test_exports_neutralise_formulas_in_titles(client, courses, national_admin):
    page = courses["B"]
    page.title = "=HYPERLINK(1)"
    page.save_revision().publish()
    client.force_login(national_admin)
    text = b"".join(
        client.get(reverse("reports:by_course_csv")).streaming_content
    ).decode()
    assert "'=HYPERLINK(1)" in text
