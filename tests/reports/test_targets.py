"""Per-region targets: national admins set them (one region or all twenty at once,
never twice), regional admins see their region's read-only; the actual figures are
the dashboard's; the daily snapshots (the trend) are recorded idempotently and can
be computed for past days; the page's query count does not grow with the targets."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment, Enrolment, ProgramCompletion
from people.models import OrganizationKind
from people.roles import Role
from people.selectors import region_list
from reports import services
from reports.demo import TARGET_PERCENT, reports_demo_load
from reports.demo.loader import NATIONAL_ADMIN
from reports.forms_targets import MSG_REGION_OR_EVERY
from reports.models import Target, TargetSnapshot
from reports.selectors import (
    Standing,
    TrendPoint,
    target_actuals,
    target_expected,
    target_overview,
    target_standing,
)
from reports.tasks import target_snapshots_record
from tests.courses.helpers import ru, ru_plural
from tests.factories import (
    ProgramFactory,
    UserFactory,
    course_with_lessons,
    staff_member,
)

from .helpers import assign

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def course(program_page):
    course, _lessons = course_with_lessons(program_page, 1, title="Введение")
    return course


@pytest.fixture
def key(course):
    return course.translation_key


def _form(key, **fields) -> dict:
    data = {
        "title": "80 % сотрудников к 30 июня",
        "target_key": str(key),
        "organization_kind": "",
        "role": "",
        "percent": "80",
        "due_date": _days(60).isoformat(),
        "region": "",
        "every_region": "on",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def _create(admin, regions, key, **fields) -> list[Target]:
    created, _existing = services.target_create(
        by=admin,
        regions=list(regions),
        title=fields.pop("title", "Цель"),
        target_key=key,
        percent=fields.pop("percent", 80),
        due_date=fields.pop("due_date", _days(60)),
        **fields,
    )
    return created


# Creating: national admins only, every region at once, never twice
# ------------------------------------------------------------------------------


def test_a_national_admin_sets_a_target_for_every_region_at_once(
    national_admin_client, key, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = national_admin_client.post(
            reverse("reports:target_create"), _form(key)
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:targets")
    assert Target.objects.count() == 20
    assert set(Target.objects.values_list("region", flat=True)) == set(
        region_list().values_list("pk", flat=True)
    )
    # Creating a target records its first snapshot.
    assert TargetSnapshot.objects.filter(day=TODAY()).count() == 20


def test_sending_the_form_twice_creates_no_second_target(national_admin_client, key):
    url = reverse("reports:target_create")
    national_admin_client.post(url, _form(key))
    response = national_admin_client.post(url, _form(key), follow=True)
    assert Target.objects.count() == 20
    html = response.content.decode()
    assert (
        ru_plural(
            "%(count)d region already had this target; it is unchanged.",
            "%(count)d regions already had this target; they are unchanged.",
            20,
            count=20,
        )
        in html
    )


def test_a_target_for_one_region(national_admin_client, key, region):
    response = national_admin_client.post(
        reverse("reports:target_create"),
        _form(key, every_region=None, region=str(region.pk)),
    )
    assert response.status_code == 302
    assert list(Target.objects.values_list("region", flat=True)) == [region.pk]


def test_the_same_target_with_another_due_date_is_another_target(
    national_admin, key, region
):
    _create(national_admin, [region], key)
    _create(national_admin, [region], key, due_date=_days(90))
    assert Target.objects.filter(region=region).count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"due_date": (TODAY() - datetime.timedelta(days=1)).isoformat()},
            "due_date",
            services.MSG_DUE_DATE_PAST,
        ),
        (
            {"percent": "101"},
            "percent",
            "Ensure this value is less than or equal to %(limit_value)s.",
        ),
        (
            {"percent": "0"},
            "percent",
            "Ensure this value is greater than or equal to %(limit_value)s.",
        ),
        (
            {"target_key": str(uuid.uuid4())},
            "target_key",
            "Select a valid choice. %(value)s is not one of the available choices.",
        ),
        ({"every_region": None}, "region", MSG_REGION_OR_EVERY),
    ],
)
def test_bad_input_is_shown_again_with_its_message_and_nothing_is_created(
    national_admin_client, key, fields, field, message
):
    data = _form(key, **fields)
    params = {
        "percent": {"limit_value": 100 if data.get("percent") == "101" else 1},
        "target_key": {"value": data["target_key"]},
    }.get(field, {})
    response = national_admin_client.post(reverse("reports:target_create"), data)
    assert response.status_code == 400
    assert Target.objects.count() == 0
    html = response.content.decode()
    assert ru(message, **params) in html
    assert response.context["form"].errors[field]
    assert f'value="{data["title"]}"' in html  # what was typed stays


def test_the_service_refuses_a_key_that_is_no_course_or_program(national_admin, region):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        _create(national_admin, [region], uuid.uuid4())
    assert raised.value.message_dict["target_key"] == [str(services.MSG_TARGET_UNKNOWN)]


# Who may do what
# ------------------------------------------------------------------------------


@pytest.fixture
def every_target(national_admin, key):
    return _create(national_admin, region_list(), key)


def test_a_regional_admin_sees_only_their_regions_target(
    client, every_target, regional_admin, region, other_region
):
    client.force_login(regional_admin)
    response = client.get(reverse("reports:targets"))
    assert response.status_code == 200
    html = response.content.decode()
    assert region.name_ru in html
    assert other_region.name_ru not in html
    assert reverse("reports:target_create") not in html
    mine = next(t for t in every_target if t.region_id == region.pk)
    assert reverse("reports:target_edit", args=[mine.pk]) not in html


def test_a_national_admin_sees_all_twenty_with_their_actions(
    national_admin_client, every_target
):
    html = national_admin_client.get(reverse("reports:targets")).content.decode()
    assert reverse("reports:target_create") in html
    for target in every_target:
        assert reverse("reports:target_edit", args=[target.pk]) in html
        assert reverse("reports:target_delete", args=[target.pk]) in html


def test_a_regional_admin_cannot_create_change_or_delete_targets(
    client, every_target, regional_admin, region, key
):
    client.force_login(regional_admin)
    mine = next(t for t in every_target if t.region_id == region.pk)
    create = reverse("reports:target_create")
    assert client.get(create).status_code == 403
    data = _form(key, every_region=None, region=str(region.pk), due_date=_days(9))
    assert client.post(create, data).status_code == 403
    edit = reverse("reports:target_edit", args=[mine.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"title": "x", "percent": "5"}).status_code == 403
    delete = reverse("reports:target_delete", args=[mine.pk])
    assert client.post(delete).status_code == 403
    assert Target.objects.count() == 20
    assert not Target.objects.filter(due_date=_days(9)).exists()


def test_the_service_refuses_a_regional_admin(regional_admin, region, key):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _create(regional_admin, [region], key)


# Changing and deleting
# ------------------------------------------------------------------------------


def test_a_national_admin_changes_title_percent_and_due_date(
    national_admin_client, every_target
):
    target = every_target[0]
    response = national_admin_client.post(
        reverse("reports:target_edit", args=[target.pk]),
        {"title": "Новая цель", "percent": "90", "due_date": _days(30).isoformat()},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.title, target.percent, target.due_date) == (
        "Новая цель",
        90,
        _days(30),
    )


def test_a_change_that_would_duplicate_a_target_is_refused_with_its_message(
    national_admin_client, national_admin, key, region
):
    first, second = (
        _create(national_admin, [region], key, due_date=_days(n))[0] for n in (30, 60)
    )
    response = national_admin_client.post(
        reverse("reports:target_edit", args=[second.pk]),
        {"title": "x", "percent": "50", "due_date": _days(30).isoformat()},
    )
    assert response.status_code == 400
    assert ru(Target._meta.constraints[1].violation_error_message) in (
        response.content.decode()
    )
    second.refresh_from_db()
    assert second.due_date == _days(60)


def test_a_past_due_date_stays_when_only_the_title_changes(
    national_admin, every_target
):
    target = every_target[0]
    Target.objects.filter(pk=target.pk).update(due_date=_days(-3))
    target.refresh_from_db()
    services.target_update(
        target=target, by=national_admin, title="x", percent=70, due_date=_days(-3)
    )
    target.refresh_from_db()
    assert target.title == "x"


def test_deleting_a_target_removes_it_and_its_trend_once(
    national_admin_client, every_target
):
    target = every_target[0]
    TargetSnapshot.objects.create(target=target, day=TODAY(), assigned=1)
    url = reverse("reports:target_delete", args=[target.pk])
    assert national_admin_client.get(url).status_code == 200
    assert national_admin_client.post(url).status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    assert not TargetSnapshot.objects.filter(target_id=target.pk).exists()
    again = national_admin_client.post(url, follow=True)  # a second click
    assert again.status_code == 200
    assert ru("The target is already deleted.") in again.content.decode()
    assert Target.objects.count() == 19


# The actual figures
# ------------------------------------------------------------------------------


@pytest.fixture
def world(key, region, other_region, regional_office):
    """In `region`: three assignments of the course (two completed), one of another
    course (completed), one withdrawn; a staff member of the front office with one
    completed. In `other_region`: one assignment, not completed."""
    a, b, c = (UserFactory(region=region) for _ in range(3))
    assign(a, key, state="completed")
    assign(b, key, state="completed")
    assign(c, key, state="started")
    assign(c, uuid.uuid4(), state="completed")
    withdrawn = assign(UserFactory(region=region), key, state="new")
    Assignment.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    staff = staff_member(Role.STAFF, organization=regional_office)
    assign(staff, key, state="completed")
    assign(UserFactory(region=other_region), key, state="new")


def test_the_actual_is_completed_out_of_assigned_among_the_regions_learners(
    world, national_admin, key, region, other_region
):
    here, there = _create(national_admin, [region, other_region], key)
    staff = _create(national_admin, [region], key, role=Role.STAFF)[0]
    actuals = target_actuals(targets=[here, there, staff])
    assert actuals[here.pk] == (4, 3)
    assert actuals[there.pk] == (1, 0)
    assert actuals[staff.pk] == (1, 1)


def test_the_page_shows_target_against_actual(
    world, national_admin_client, national_admin, key, region
):
    _create(national_admin, [region], key, percent=80)
    html = national_admin_client.get(reverse("reports:targets")).content.decode()
    assert "75,0&#160;%" in html  # three of four, in Russian
    assert "(3&#160;/ 4)" in html
    assert ru("On track") in html  # below the target, no trend yet: no line to miss


def test_a_target_of_a_program_counts_its_program_completions(
    national_admin, program_page, region
):
    learner = UserFactory(region=region)
    Assignment.objects.create(
        learner=learner,
        target_kind=Assignment.TargetKind.PROGRAM,
        target_key=program_page.translation_key,
    )
    ProgramCompletion.objects.create(
        learner=learner,
        program_key=program_page.translation_key,
        completed_at=timezone.now(),
    )
    target = _create(national_admin, [region], program_page.translation_key)[0]
    assert target_actuals(targets=[target])[target.pk] == (1, 1)


# Snapshots: the daily task and the backfill
# ------------------------------------------------------------------------------


def test_the_snapshot_task_is_idempotent_and_records_the_figures_of_the_moment(
    world, national_admin, key, region
):
    target = _create(national_admin, [region], key)[0]
    assert target_snapshots_record.delay().get() == 1
    assert target_snapshots_record.delay().get() == 1
    snapshot = TargetSnapshot.objects.get(target=target)
    assert (snapshot.day, snapshot.assigned, snapshot.completed) == (TODAY(), 4, 3)
    Enrolment.objects.filter(course_key=key, status=Enrolment.Status.ACTIVE).update(
        status=Enrolment.Status.COMPLETED, completed_at=timezone.now()
    )
    target_snapshots_record.delay(target_ids=[target.pk]).get()
    snapshot = TargetSnapshot.objects.get(target=target)
    assert (snapshot.assigned, snapshot.completed) == (4, 4)


def test_the_snapshot_task_leaves_targets_long_past_their_due_date(
    national_admin, key, region, other_region
):
    recent, old = _create(national_admin, [region, other_region], key)
    Target.objects.filter(pk=recent.pk).update(due_date=_days(-30))
    Target.objects.filter(pk=old.pk).update(due_date=_days(-31))
    assert target_snapshots_record.delay().get() == 1
    assert list(TargetSnapshot.objects.values_list("target", flat=True)) == [recent.pk]


def test_the_backfill_computes_past_days_from_when_learning_was_assigned_and_done(
    national_admin, key, region
):
    learner = UserFactory(region=region)
    assignment = assign(learner, key, state="completed")
    Assignment.objects.filter(pk=assignment.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    Enrolment.objects.filter(learner=learner).update(
        completed_at=timezone.now() - datetime.timedelta(days=10)
    )
    later = assign(UserFactory(region=region), key, state="new")
    Assignment.objects.filter(pk=later.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    target = _create(national_admin, [region], key)[0]
    days = [_days(-25), _days(-15), _days(-5), _days(0)]
    assert services.target_snapshots_backfill(targets=[target], days=days) == 4
    assert services.target_snapshots_backfill(targets=[target], days=days) == 4
    figures = {
        day: (assigned, completed)
        for day, assigned, completed in TargetSnapshot.objects.filter(
            target=target
        ).values_list("day", "assigned", "completed")
    }
    assert figures == {
        _days(-25): (0, 0),
        _days(-15): (1, 0),
        _days(-5): (1, 1),
        _days(0): (2, 1),
    }
    # The figures of today are the dashboard's.
    assert target_actuals(targets=[target])[target.pk] == (2, 1)


# Standing: reached, on track, behind, missed
# ------------------------------------------------------------------------------


def _target(percent=80, due=60) -> Target:
    return Target(percent=percent, due_date=_days(due))


def test_the_expected_share_follows_a_straight_line_from_the_first_figure():
    target = _target(percent=80, due=40)
    trend = [
        TrendPoint(day=_days(-47), assigned=0, completed=0),  # no figure yet
        TrendPoint(day=_days(-40), assigned=10, completed=2),  # 20 %
    ]
    # Half way from the first figure (20 %) to the due date (80 %): 50 %.
    assert target_expected(target=target, trend=trend, today=TODAY()) == 50
    assert target_expected(target=target, trend=trend, today=_days(40)) == 80
    assert target_expected(target=target, trend=trend[:1], today=TODAY()) is None


@pytest.mark.parametrize(
    ("percent", "expected", "due", "standing"),
    [
        (None, None, 10, Standing.NO_DATA),
        (85.0, 90.0, 10, Standing.REACHED),
        (50.0, 60.0, -1, Standing.MISSED),
        (50.0, 40.0, 10, Standing.ON_TRACK),
        (50.0, None, 10, Standing.ON_TRACK),
        (50.0, 60.0, 10, Standing.BEHIND),
    ],
)
def test_where_a_target_stands(percent, expected, due, standing):
    assert (
        target_standing(
            target=_target(percent=80, due=due),
            percent=percent,
            expected=expected,
            today=TODAY(),
        )
        == standing
    )


# The page's cost
# ------------------------------------------------------------------------------


def _page_queries(client) -> int:
    client.get(reverse("reports:targets"))  # what a first visit caches, cached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:targets"))
    assert response.status_code == 200
    return len(captured)


def test_the_page_runs_the_same_queries_for_two_targets_as_for_twenty(
    world, national_admin_client, national_admin, key, region, other_region
):
    two = _create(national_admin, [region, other_region], key)
    services.target_snapshots_backfill(
        targets=two, days=[_days(-7 * n) for n in range(9)]
    )
    small = _page_queries(national_admin_client)
    rest = _create(national_admin, region_list(), key)
    services.target_snapshots_backfill(
        targets=rest, days=[_days(-7 * n) for n in range(9)]
    )
    assert len(rest) == 18
    html = national_admin_client.get(reverse("reports:targets")).content.decode()
    assert html.count('class="standing standing--') == 20
    # The viewer's scope, the targets, their snapshots, the titles of the learning
    # (two), the figures (four); the session, user and permissions are cached.
    assert _page_queries(national_admin_client) == small == 9


def test_the_overview_groups_one_figure_query_for_every_region(
    world, national_admin, key
):
    _create(national_admin, region_list(), key)
    with CaptureQueriesContext(connection) as captured:
        groups = target_overview(viewer=national_admin)
    assert len(groups) == 1 and len(groups[0].rows) == 20
    assert len(captured) == 8


# The demo
# ------------------------------------------------------------------------------


@pytest.fixture
def demo_world(catalog_page, national_office, regional_office):
    """What the demo's targets need: the national admin and the onboarding program;
    one RFO staff member of Almaty assigned it three weeks ago, who completed it
    ten days ago."""
    program = ProgramFactory(parent=catalog_page, slug="rfo-onboarding")
    staff_member(
        Role.NATIONAL_ADMIN, organization=national_office, email=NATIONAL_ADMIN
    )
    staff = staff_member(
        Role.STAFF,
        organization=regional_office,
        organization_kind=OrganizationKind.REGIONAL_FRONT_OFFICE,
    )
    assignment = Assignment.objects.create(
        learner=staff,
        target_kind=Assignment.TargetKind.PROGRAM,
        target_key=program.translation_key,
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=21)
    )
    ProgramCompletion.objects.create(
        learner=staff,
        program_key=program.translation_key,
        completed_at=timezone.now() - datetime.timedelta(days=10),
    )
    return program


def test_the_demo_sets_every_region_a_target_with_its_trend(demo_world, region):
    said = []
    reports_demo_load(say=said.append)
    targets = Target.objects.all()
    assert targets.count() == 20
    assert {t.percent for t in targets} == {TARGET_PERCENT}
    assert {t.target_key for t in targets} == {demo_world.translation_key}
    assert TargetSnapshot.objects.count() == 20 * 9
    almaty = {
        s.day: (s.assigned, s.completed)
        for s in TargetSnapshot.objects.filter(target__region=region)
    }
    assert almaty[_days(-28)] == (0, 0)
    assert almaty[_days(-14)] == (1, 0)
    assert almaty[_days(-7)] == (1, 1)
    assert almaty[TODAY()] == (1, 1)
    reports_demo_load(say=said.append)  # a second run changes nothing
    assert Target.objects.count() == 20
    assert TargetSnapshot.objects.count() == 20 * 9
    assert len(said) == 1
