"""The dashboard's other figures per region: quiz pass rates, people cleared per risk
zone, the training cadence kept, the Standard acknowledged and newcomers onboarded,
each from its app's selectors, grouped by region in a fixed number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses import services as course_services
from people.models import User
from people.roles import Role
from reports.selectors import DashboardFilters, activity_report
from tests.courses.helpers import ru
from tests.factories import UserFactory, region_by_code, staff_member

from .helpers import (
    INTENSIVE,
    ONLINE,
    attempt,
    certify,
    courses_add,
    csv_rows,
    onboard,
    region_populate,
    session_held,
    sign,
    world_build,
)

pytestmark = pytest.mark.django_db


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


@pytest.fixture
def world(
    catalog_page,
    program_page,
    region,
    other_region,
    regional_office,
    other_regional_office,
):
    """Courses A and B (a quiz each) and the world's zones, cadence, Standard and
    onboarding rule (helpers.world_build). In `region`:

    - Ann, adult: A's certificate and the code signed (cleared for palliative care);
      quiz A failed then passed, quiz B failed;
    - Bob, adult: A's certificate, not signed; B's certificate (cleared for the
      elderly); quiz A failed 40 days ago;
    - Cat, 16: A's certificate and the code signed (too young); B's certificate
      expired;
    - two newcomer staff: the keeper (intensive and meeting attended, the Standard
      acknowledged, both onboarding courses completed), the late one (nothing
      attended, one onboarding course of two).

    In `other_region`: Dan, cleared for palliative care, quiz A passed; a staff
    member overdue who acknowledged the Standard."""
    w = world_build(catalog_page, program_page)
    (a, quiz_a), (b, quiz_b) = w.courses
    ack = w.ack.translation_key
    ann, bob = UserFactory(region=region), UserFactory(region=region)
    cat = UserFactory(region=region, date_of_birth=_years_ago(16))
    for person in (ann, bob, cat):
        certify(person, a.translation_key)
    for person in (ann, cat):
        sign(person, a.translation_key, ack)
    certify(bob, b.translation_key)
    certify(cat, b.translation_key, expires_in_days=-1)
    attempt(ann, quiz_a.translation_key, passed=False)
    attempt(ann, quiz_a.translation_key, passed=True)
    attempt(ann, quiz_b.translation_key, passed=False)
    attempt(bob, quiz_a.translation_key, passed=False, days_ago=40)
    keeper, late = (
        staff_member(Role.STAFF, organization=regional_office) for _ in range(2)
    )
    session_held(INTENSIVE, region, 30, keeper)
    session_held(ONLINE, region, 10, keeper)
    course_services.standard_acknowledge(user=keeper, page=w.standard)
    onboard(w, keeper, done=2)
    onboard(w, late, done=1)
    dan = UserFactory(region=other_region)
    certify(dan, a.translation_key)
    sign(dan, a.translation_key, ack)
    attempt(dan, quiz_a.translation_key, passed=True)
    far = staff_member(Role.STAFF, organization=other_regional_office)
    course_services.standard_acknowledge(user=far, page=w.standard)
    return w


def _by_region(rows):
    return {row.region.iso_code: row for row in rows}


def test_each_figure_counts_its_region(world, national_admin):
    rows, total = activity_report(viewer=national_admin)
    assert len(rows) == 20
    here, there = _by_region(rows)["KZ-75"], _by_region(rows)["KZ-71"]
    assert here.learners == 5
    # learner-quiz pairs: Ann-A (passed at the second attempt), Ann-B, Bob-A
    assert (here.quiz_attempted, here.quiz_passed) == (3, 1)
    assert here.quiz_pass_percent == pytest.approx(100 / 3)
    palliative, elderly = here.zone_cells
    assert palliative.zone.rule.slug == "palliative-care"
    assert (palliative.cleared, elderly.cleared) == (1, 1)
    assert palliative.percent == pytest.approx(20.0)
    assert (here.cadence_covered, here.cadence_kept, here.cadence_overdue) == (2, 1, 1)
    assert (here.standard_people, here.standard_current) == (2, 1)
    assert (here.newcomers, here.newcomers_onboarded) == (2, 1)
    assert (here.onboarding_done, here.onboarding_required) == (3, 4)
    assert here.onboarding_percent == pytest.approx(75.0)
    assert (there.learners, there.quiz_attempted, there.quiz_passed) == (2, 1, 1)
    assert [cell.cleared for cell in there.zone_cells] == [1, 0]
    assert (there.cadence_covered, there.cadence_overdue) == (1, 1)
    assert (there.standard_people, there.standard_current) == (1, 1)
    assert (total.learners, total.quiz_attempted, total.quiz_passed) == (7, 4, 2)
    assert [cell.cleared for cell in total.zone_cells] == [2, 1]
    assert (total.standard_people, total.standard_current) == (3, 2)


def test_the_clearance_counted_per_region_agrees_with_each_persons_clearance(
    world, national_admin
):
    from certificates.selectors import clearance_zones

    rows, _total = activity_report(viewer=national_admin)
    here = _by_region(rows)["KZ-75"]
    people = User.objects.filter(region__iso_code="KZ-75", is_active=True)
    for cell in here.zone_cells:
        one_by_one = sum(
            1
            for person in people
            if cell.zone.rule in [c.rule for c in clearance_zones(learner=person)]
        )
        assert cell.cleared == one_by_one


def test_regions_without_people_show_zeros_and_no_rate(world, national_admin):
    rows, _total = activity_report(viewer=national_admin)
    empty = next(r for r in rows if r.region.iso_code not in ("KZ-75", "KZ-71"))
    assert empty.learners == 0 and empty.quiz_pass_percent is None
    assert [cell.percent for cell in empty.zone_cells] == [None, None]
    assert empty.standard_percent is None and empty.onboarded_percent is None


def test_the_period_counts_quiz_attempts_submitted_in_it(world, national_admin):
    since = timezone.localdate() - datetime.timedelta(days=10)
    rows, _total = activity_report(
        viewer=national_admin, filters=DashboardFilters(date_from=since)
    )
    here = _by_region(rows)["KZ-75"]
    assert (here.quiz_attempted, here.quiz_passed) == (2, 1)  # not Bob's
    assert here.standard_people == 2  # a state today: no period


def test_the_role_filter_counts_only_holders_of_the_role(world, national_admin):
    rows, _total = activity_report(
        viewer=national_admin, filters=DashboardFilters(role=Role.STAFF)
    )
    here = _by_region(rows)["KZ-75"]
    assert (here.learners, here.quiz_attempted, here.cadence_covered) == (2, 0, 2)
    assert [cell.cleared for cell in here.zone_cells] == [0, 0]


def test_the_region_filter_keeps_one_region(world, national_admin, other_region):
    rows, total = activity_report(
        viewer=national_admin, filters=DashboardFilters(region_id=other_region.pk)
    )
    assert [row.region.pk for row in rows] == [other_region.pk]
    assert total.learners == 2


def test_a_regional_admin_of_another_region_sees_none_of_these_rows(
    world, other_regional_admin, other_region
):
    rows, total = activity_report(viewer=other_regional_admin)
    assert [row.region.pk for row in rows] == [other_region.pk]
    # Dan, the staff member, and the admin themselves: nothing of `region`
    assert (total.learners, total.quiz_attempted, total.quiz_passed) == (3, 1, 1)
    assert total.cadence_covered == 1


def _queries(viewer) -> int:
    viewer = User.objects.get(pk=viewer.pk)  # nothing cached on it
    with CaptureQueriesContext(connection) as captured:
        activity_report(viewer=viewer)
    return len(captured)


def test_the_query_count_does_not_grow_with_regions_courses_or_learners(
    catalog_page, program_page, region, national_admin
):
    w = world_build(catalog_page, program_page)  # two courses
    region_populate(w, region)
    activity_report(viewer=national_admin)  # content types read once per process
    small = _queries(national_admin)
    courses_add(w, 4)
    for iso in ("KZ-75", "KZ-71", "KZ-11"):
        region_populate(w, region_by_code(iso), learners=3)
    assert _queries(national_admin) == small == 25


def test_the_page_shows_each_count_with_its_rate_in_a_fixed_number_of_queries(
    client, world, national_admin, django_assert_max_num_queries
):
    client.force_login(national_admin)
    with django_assert_max_num_queries(33):
        response = client.get(reverse("reports:activity"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'scope="colgroup"' in html and "activity-caption" in html
    assert "Паллиативная помощь" in html
    assert "33,3 %" in html  # the quiz pass rate of `region`, in Russian
    assert reverse("reports:by_course") in html and reverse("reports:dashboard") in html


def test_the_exports_have_a_line_per_region_and_the_totals(
    client, world, national_admin, region
):
    client.force_login(national_admin)
    rows = csv_rows(client.get(reverse("reports:activity_csv")))
    assert len(rows) == 21
    line = rows[region.name_ru]
    assert line[1:5] == ["5", "3", "1", "33.3"]
    assert line[5:9] == ["1", "20.0", "1", "20.0"]  # the two zones
    book = load_workbook(
        io.BytesIO(
            b"".join(client.get(reverse("reports:activity_xlsx")).streaming_content)
        )
    )
    lines = list(book.active.iter_rows(values_only=True))
    assert len(lines) == 22
    assert lines[-1][0] == ru("Total") and lines[-1][1] == 7  # numbers stay numbers


def test_exports_neutralise_formulas_in_region_names(
    client, world, national_admin, region
):
    region.name_ru = region.name_kk = region.name_en = "=HYPERLINK(1)"
    region.save()
    client.force_login(national_admin)
    text = b"".join(
        client.get(reverse("reports:activity_csv")).streaming_content
    ).decode()
    assert "'=HYPERLINK(1)" in text


def test_a_period_ending_before_it_starts_is_refused_with_a_message(
    client, world, national_admin
):
    client.force_login(national_admin)
    response = client.get(
        reverse("reports:activity"),
        {"date_from": "2026-05", "date_to": "2026-04"},
    )
    assert response.status_code == 200
    assert ru("The end of the period is before its start.") in response.content.decode()
