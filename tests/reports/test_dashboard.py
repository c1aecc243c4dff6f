import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import Organization, User
from people.roles import Role
from reports.selectors import DashboardFilters, completion_dashboard
from reports.services import completion_summary_refresh
from tests.courses.helpers import ru
from tests.factories.people import UserFactory, region_by_code, staff_member

from .helpers import assign, certify

COURSE = uuid.uuid4()
OTHER_COURSE = uuid.uuid4()


@pytest.fixture
def figures(region, other_region, regional_office):
    """In `region`: three learners with four assignments of COURSE (one new, one
    started, one completed, one overdue) and one of OTHER_COURSE (completed); four
    certificates (valid, expiring, expired, revoked). In `other_region`: one learner
    with one completed assignment and one valid certificate."""
    a, b, c = (UserFactory(region=region) for _ in range(3))
    assign(a, COURSE, state="new")
    assign(b, COURSE, state="started")
    assign(c, COURSE, state="completed", due_in_days=-5)
    d = UserFactory(region=region, organization_kind="other_kind")
    assign(d, COURSE, state="started", due_in_days=-3)
    assign(a, OTHER_COURSE, state="completed")
    certify(a, COURSE)
    certify(b, COURSE, expires_in_days=30)
    certify(c, COURSE, expires_in_days=-1)
    certify(d, COURSE, revoked=True)
    far = UserFactory(region=other_region)
    assign(far, COURSE, state="completed")
    certify(far, COURSE, expires_in_days=365)


@pytest.fixture(params=["live", "summary"])
def dashboard(request):
    """completion_dashboard, counted live (no summary yet) and from the summary
    (rebuilt just before): the same figures either way."""

    def count(viewer, filters=None):
        if request.param == "summary":
            completion_summary_refresh()
        return completion_dashboard(viewer=viewer, filters=filters)

    return count


def _by_region(rows):
    return {row.region.iso_code: row for row in rows}


def test_each_cell_counts_its_region(dashboard, figures, national_admin):
    rows, total = dashboard(national_admin)
    assert len(rows) == 20
    here, there = _by_region(rows)["KZ-75"], _by_region(rows)["KZ-71"]
    assert (here.learners, here.assigned, here.in_progress, here.completed) == (
        4,
        5,
        2,
        2,
    )
    assert here.overdue == 1  # the completed one past its date is not overdue
    assert here.completion_rate == pytest.approx(2 / 5)
    assert (
        here.certificates_valid,
        here.certificates_expiring,
        here.certificates_expired,
        here.certificates_revoked,
    ) == (2, 1, 1, 1)
    assert (there.learners, there.assigned, there.completed, there.overdue) == (
        1,
        1,
        1,
        0,
    )
    assert there.certificates_valid == 1
    assert total.assigned == 6 and total.completed == 3
    assert total.completion_rate == pytest.approx(0.5)


def test_regions_without_learning_show_zeros_and_no_rate(
    dashboard, figures, national_admin
):
    rows, _total = dashboard(national_admin)
    empty = next(r for r in rows if r.region.iso_code not in ("KZ-75", "KZ-71"))
    assert empty.assigned == 0 and empty.completion_rate is None


def test_the_course_filter_counts_only_that_course(dashboard, figures, national_admin):
    rows, _ = dashboard(
        national_admin, filters=DashboardFilters(target_key=OTHER_COURSE)
    )
    here = _by_region(rows)["KZ-75"]
    assert (here.assigned, here.completed, here.certificates_valid) == (1, 1, 0)


def test_the_region_filter_keeps_one_region(
    dashboard, figures, national_admin, other_region
):
    rows, total = dashboard(
        national_admin, filters=DashboardFilters(region_id=other_region.pk)
    )
    assert [row.region.pk for row in rows] == [other_region.pk]
    assert total.assigned == 1


def test_the_organisation_kind_filter_counts_only_those_learners(
    dashboard, figures, national_admin
):
    rows, _ = dashboard(
        national_admin,
        filters=DashboardFilters(organization_kind="other_kind"),
    )
    here = _by_region(rows)["KZ-75"]
    assert (here.learners, here.assigned, here.overdue) == (1, 1, 1)


def test_the_role_filter_counts_only_holders_of_the_role(
    dashboard, figures, national_admin, regional_office
):
    mentor = staff_member(Role.MENTOR, organization=regional_office)
    assign(mentor, COURSE, state="completed")
    rows, _ = dashboard(national_admin, filters=DashboardFilters(role=Role.MENTOR))
    here = _by_region(rows)["KZ-75"]
    assert (here.learners, here.assigned, here.completed) == (1, 1, 1)


def test_the_period_filter_counts_learning_assigned_in_it(
    dashboard, figures, national_admin
):
    # Whole months, as the filter form gives them.
    first = timezone.localdate().replace(day=1)
    rows, total = dashboard(
        national_admin,
        filters=DashboardFilters(date_to=first - datetime.timedelta(days=1)),
    )
    assert total.assigned == 0 and total.certificates_valid == 0
    rows, total = dashboard(
        national_admin,
        filters=DashboardFilters(date_from=first, date_to=timezone.localdate()),
    )
    assert total.assigned == 6


def _queries(viewer) -> int:
    viewer = User.objects.get(pk=viewer.pk)  # nothing cached on it
    with CaptureQueriesContext(connection) as captured:
        completion_dashboard(viewer=viewer)
    return len(captured)


def test_the_query_count_does_not_grow_with_learners_courses_or_certificates(
    figures, national_admin, other_region
):
    small = _queries(national_admin)
    for iso in ("KZ-71", "KZ-75", "KZ-11"):
        for _ in range(3):
            person = UserFactory(region=region_by_code(iso))
            key = uuid.uuid4()
            assign(person, key, state="completed", due_in_days=-1)
            assign(person, uuid.uuid4(), state="started", due_in_days=-1)
            certify(person, key, expires_in_days=10)
    assert _queries(national_admin) == small == 8


def test_the_page_shows_the_table_in_a_fixed_number_of_queries(
    client, figures, national_admin, django_assert_max_num_queries
):
    client.force_login(national_admin)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<th scope="row">' in html and "completion-caption" in html
    assert "40,0 %" in html  # the completion rate of `region`, in Russian


def test_the_course_filter_of_the_page_takes_a_translation_key(
    client, figures, national_admin
):
    client.force_login(national_admin)
    response = client.get(reverse("reports:dashboard"), {"region": "x"})
    assert response.status_code == 200  # a bad filter shows everything


def test_exports_neutralise_formulas_in_region_names(
    client, figures, national_admin, region
):
    region.name_ru = region.name_kk = region.name_en = "=HYPERLINK(1)"
    region.save()
    client.force_login(national_admin)
    text = b"".join(
        client.get(reverse("reports:dashboard_csv")).streaming_content
    ).decode()
    assert "'=HYPERLINK(1)" in text


def test_national_office_is_not_a_region_row(dashboard, figures, national_admin):
    rows, _ = dashboard(national_admin)
    assert all(row.region is not None for row in rows)
    assert Organization.objects.filter(region=None).exists()


def test_a_period_ending_before_it_starts_is_refused_with_a_message(
    client, figures, national_admin
):
    client.force_login(national_admin)
    response = client.get(
        reverse("reports:dashboard"),
        {"date_from": "2026-05", "date_to": "2026-04"},
    )
    assert response.status_code == 200
    assert ru("The end of the period is before its start.") in response.content.decode()
