"""The completion summary the dashboard reads: rebuilt whole, its age shown, its
reading as cheap with many learners, regions and courses as with few."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import User
from reports.models import CompletionFigure, SummaryState
from reports.selectors import (
    DashboardFilters,
    DashboardRow,
    activity_report,
    completion_by_target,
    completion_dashboard,
    course_report,
    quiz_pass_by_target,
    summary_by_target,
)
from reports.services import (
    completion_summary_refresh,
    completion_summary_refresh_request,
)
from reports.tasks import completion_summary_refresh as refresh_task
from tests.courses.helpers import ru
from tests.factories.people import UserFactory, region_by_code

from .helpers import assign, certify, courses_add, region_populate, world_build

COURSE = uuid.uuid4()


@pytest.fixture(autouse=True)
def _no_queued_flag():
    cache.delete("reports:summary-refresh-queued")
    yield
    cache.delete("reports:summary-refresh-queued")


def _learners(iso: str, count: int) -> None:
    for _ in range(count):
        person = UserFactory(region=region_by_code(iso))
        key = uuid.uuid4()
        assign(person, key, state="completed", due_in_days=-1)
        assign(person, COURSE, state="started", due_in_days=-1)
        certify(person, key, expires_in_days=10)


def _queries(viewer, filters=None) -> int:
    viewer = User.objects.get(pk=viewer.pk)  # nothing cached on it
    with CaptureQueriesContext(connection) as captured:
        completion_dashboard(viewer=viewer, filters=filters)
    return len(captured)


def test_reading_the_summary_costs_the_same_with_more_learners_regions_and_courses(
    national_admin,
):
    _learners("KZ-75", 1)
    completion_summary_refresh()
    small = _queries(national_admin)
    filtered = _queries(national_admin, DashboardFilters(target_key=COURSE))
    for iso in ("KZ-71", "KZ-75", "KZ-11", "KZ-19"):
        _learners(iso, 4)
    completion_summary_refresh()
    assert _queries(national_admin) == small == 6
    assert _queries(national_admin, DashboardFilters(target_key=COURSE)) == filtered


def test_the_summary_holds_what_was_counted_until_it_is_counted_again(
    national_admin,
):
    _learners("KZ-75", 2)
    completion_summary_refresh()
    _learners("KZ-75", 3)
    _rows, total = completion_dashboard(viewer=national_admin)
    assert total.learners == 2
    completion_summary_refresh()
    _rows, total = completion_dashboard(viewer=national_admin)
    assert total.learners == 5 and total.assigned == 10 and total.overdue == 5


def test_a_rebuild_replaces_the_rows_and_records_when(national_admin):
    _learners("KZ-75", 2)
    first = completion_summary_refresh()
    rows = CompletionFigure.objects.count()
    later = timezone.now() + datetime.timedelta(minutes=10)
    second = completion_summary_refresh(now=later)
    assert CompletionFigure.objects.count() == rows == second.rows
    assert SummaryState.objects.get().refreshed_at == later > first.refreshed_at


def test_roles_get_rows_of_their_own_and_everyone_is_counted_once_in_the_total(
    regional_admin, learner
):
    completion_summary_refresh()
    everyone = CompletionFigure.objects.filter(role="", target_key=None)
    admins = CompletionFigure.objects.filter(role="regional_admin", target_key=None)
    assert sum(f.learners for f in admins) == 1
    assert sum(f.learners for f in everyone) == 2


def test_the_page_says_how_old_the_figures_are(client, national_admin):
    client.force_login(national_admin)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert ru("Figures counted just now, from the records themselves.") in html
    completion_summary_refresh()
    html = client.get(reverse("reports:dashboard")).content.decode()
    told = ru(
        "Figures as of %(when)s (%(ago)s ago); they are counted again every "
        "%(minutes)s minutes.",
        when="{when}",
        ago="{ago}",
        minutes=settings.LMS_REPORTS_REFRESH_MINUTES,
    )
    assert told.split("{when}")[0] in html and told.split("{ago}")[1] in html
    assert ru("Count again") in html


def test_count_again_queues_one_rebuild_however_often_it_is_clicked(
    client, national_admin, django_capture_on_commit_callbacks
):
    client.force_login(national_admin)
    url = reverse("reports:dashboard_refresh")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = client.post(url, {"query": "region=5&role=staff"})
        client.post(url, {"query": ""})
    assert len(callbacks) == 1
    assert first.status_code == 302
    assert first["Location"].endswith("/manage/reports/?region=5&role=staff")
    assert SummaryState.objects.exists()


def test_count_again_is_not_queued_right_after_a_rebuild(db):
    completion_summary_refresh()
    assert completion_summary_refresh_request() is False


def test_count_again_is_refused_to_mentors_and_learners(client, learner):
    client.force_login(learner)
    response = client.post(reverse("reports:dashboard_refresh"))
    assert response.status_code == 403
    assert not SummaryState.objects.exists()


def test_the_beat_counts_the_summary_every_few_minutes(db):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-completion-summary-refresh"]
    assert entry["task"] == refresh_task.name
    assert refresh_task.delay().get() == CompletionFigure.objects.count()
    assert SummaryState.objects.exists()


def test_the_course_figures_from_the_summary_are_those_counted_live(
    national_admin,
):
    _learners("KZ-75", 2)
    _learners("KZ-71", 3)
    filters = DashboardFilters(organization_kind="")
    live = completion_by_target(filters=filters)
    completion_summary_refresh()
    summed = summary_by_target(filters=filters)
    assert set(summed) == set(live)
    for key, row in live.items():
        assert summed[key] == {
            name: getattr(row, name)
            for name in DashboardRow.COUNTS
            if name != "learners"
        }


def _people_figures(rows) -> list[tuple]:
    return [
        (
            row.learners,
            row.cleared,
            row.cadence_covered,
            row.cadence_overdue,
            row.quiz_attempted,
            row.quiz_passed,
        )
        for row in rows
    ]


def test_the_quiz_clearance_and_cadence_figures_from_the_summary_are_those_counted_live(
    catalog_page, program_page, region, other_region, national_admin
):
    w = world_build(catalog_page, program_page)
    region_populate(w, region)
    region_populate(w, other_region, learners=3)
    staff = DashboardFilters(role="staff")
    live_regions, live_total = activity_report(viewer=national_admin)
    live_staff = activity_report(viewer=national_admin, filters=staff)[0]
    live_courses = quiz_pass_by_target(filters=DashboardFilters())
    completion_summary_refresh()
    summed_regions, summed_total = activity_report(viewer=national_admin)
    assert _people_figures(summed_regions) == _people_figures(live_regions)
    assert _people_figures([summed_total]) == _people_figures([live_total])
    assert summed_total.quiz_attempted > 0 and summed_total.cadence_covered > 0
    assert any(summed_total.cleared.values())
    summed_staff = activity_report(viewer=national_admin, filters=staff)[0]
    assert _people_figures(summed_staff) == _people_figures(live_staff)
    assert quiz_pass_by_target(filters=DashboardFilters()) == live_courses


def test_the_figures_by_region_and_by_course_from_the_summary_cost_the_same_with_more_data(
    catalog_page, program_page, region, national_admin
):
    w = world_build(catalog_page, program_page)
    region_populate(w, region)
    completion_summary_refresh()

    def queries(report) -> int:
        viewer = User.objects.get(pk=national_admin.pk)
        with CaptureQueriesContext(connection) as captured:
            report(viewer=viewer)
        return len(captured)

    small = (queries(activity_report), queries(course_report))
    courses_add(w, 3)
    for iso in ("KZ-71", "KZ-11"):
        region_populate(w, region_by_code(iso), learners=3)
    completion_summary_refresh()
    assert (queries(activity_report), queries(course_report)) == small
