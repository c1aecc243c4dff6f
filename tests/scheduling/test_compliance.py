"""The training cadence: an intensive within the window and the share of the last
online meetings of one's region (and the national ones) attended; shown on My
learning, on the admins' compliance page (scoped) and e-mailed monthly to each
regional admin, once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import User
from people.roles import Role
from scheduling.models import Attendance, CadenceRule, SessionKind
from scheduling.selectors import compliance_for_person, compliance_list
from tests.courses.helpers import ru
from tests.factories import staff_member
from tests.factories.scheduling import TrainingSessionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def attend(person, session, mark="present"):
    for day in session.days.all():
        Attendance.objects.create(
            day=day,
            person=person,
            mark=mark,
            source=Attendance.Source.LIST,
            marked_at=timezone.now(),
        )


def intensive(days_ago: int, **fields):
    return TrainingSessionFactory(
        kind=SessionKind.INTENSIVE, days=[ago(days_ago), ago(days_ago - 1)], **fields
    )


def meeting(days_ago: int, **fields):
    return TrainingSessionFactory(
        kind=SessionKind.ONLINE, days=[ago(days_ago)], **fields
    )


@pytest.fixture
def rule(db):
    return CadenceRule.objects.create(
        role=Role.STAFF, intensive_months=6, online_meetings=4, online_share=50
    )


@pytest.fixture
def staff(regional_office, rule):
    return staff_member(Role.STAFF, organization=regional_office, full_name="Аружан")


def test_person_without_a_rule_has_no_cadence(learner, rule):
    assert compliance_for_person(person=learner) is None


def test_no_intensive_in_the_window_is_overdue(staff):
    attend(staff, intensive(250))  # eight months ago
    status = compliance_for_person(person=staff)
    assert status.last_intensive == ago(249)  # its second day
    assert not status.intensive_ok
    assert status.overdue


def test_an_intensive_in_the_window_and_meetings_attended_keep_the_cadence(
    staff, region
):
    attend(staff, intensive(40))
    meetings = [meeting(days, region=region) for days in (10, 40, 70, 100)]
    attend(staff, meetings[0])
    attend(staff, meetings[1])
    status = compliance_for_person(person=staff)
    assert status.intensive_ok
    assert (status.online_attended, status.online_counted) == (2, 4)
    assert status.online_percent == 50
    assert not status.overdue


def test_share_below_the_rule_is_overdue(staff, region):
    attend(staff, intensive(40))
    meetings = [meeting(days, region=region) for days in (10, 40, 70, 100)]
    attend(staff, meetings[0])
    status = compliance_for_person(person=staff)
    assert status.online_percent == 25
    assert status.overdue


def test_only_the_last_meetings_of_the_region_and_national_ones_count(
    staff, region, other_region
):
    attend(staff, intensive(40))
    older = meeting(200, region=region)
    attend(staff, older)  # not among the last four
    for days in (10, 40):
        meeting(days, region=region)
    for days in (20, 50):
        meeting(days, region=None)
    meeting(5, region=other_region)  # another region's: not counted
    meeting(-10, region=region)  # not held yet
    meeting(15, region=region, status="cancelled")
    status = compliance_for_person(person=staff)
    assert (status.online_attended, status.online_counted) == (0, 4)


def test_absent_marks_do_not_count(staff):
    attend(staff, intensive(40), mark="absent")
    assert compliance_for_person(person=staff).last_intensive is None


def test_compliance_list_query_count_does_not_grow_with_people(
    regional_office, rule, region
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            compliance_list(people=User.objects.all())
        return len(queries)

    def add_people(n):
        for _ in range(n):
            person = staff_member(Role.STAFF, organization=regional_office)
            attend(person, intensive(30))
            attend(person, meeting(10 + _, region=region))

    add_people(2)
    few = count()
    add_people(10)
    assert count() == few


# My learning
# ------------------------------------------------------------------------------


def test_my_learning_shows_the_cadence_and_next_sessions(client, staff, home_page):
    from scheduling.models import Registration

    upcoming = TrainingSessionFactory(title_ru="Весенний интенсив")
    Registration.objects.create(
        session=upcoming, person=staff, status="registered", seat=1
    )
    client.force_login(staff)
    content = client.get(reverse("courses:my_learning")).content.decode()
    assert "Весенний интенсив" in content
    assert 'id="sessions-heading"' in content
    assert 'class="overdue"' in content  # no intensive attended


def test_my_learning_has_no_sessions_panel_for_people_without_either(
    learner_client, home_page
):
    content = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert 'id="sessions-heading"' not in content


# The admins' page
# ------------------------------------------------------------------------------


def test_regional_admin_sees_own_region_counts_and_who_is_overdue(
    regional_admin_client, staff, other_regional_office, rule, home_page
):
    far = staff_member(
        Role.STAFF, organization=other_regional_office, full_name="Чужой"
    )
    response = regional_admin_client.get(reverse("scheduling_manage:compliance"))
    assert response.status_code == 200
    content = response.content.decode()
    assert staff.email in content
    assert far.email not in content
    assert far.region.name not in content


def test_national_admin_sees_every_region(
    national_admin_client, staff, other_regional_office, rule, home_page
):
    far = staff_member(Role.STAFF, organization=other_regional_office)
    content = national_admin_client.get(
        reverse("scheduling_manage:compliance")
    ).content.decode()
    assert staff.email in content and far.email in content


def test_someone_keeping_the_cadence_is_not_listed_as_overdue(
    regional_admin_client, staff, region, home_page
):
    attend(staff, intensive(30))
    content = regional_admin_client.get(
        reverse("scheduling_manage:compliance")
    ).content.decode()
    assert staff.email not in content
    assert ru("No one is overdue.") in content


@pytest.mark.parametrize("fixture", ["learner", "mentor"])
def test_compliance_page_is_404_for_learners_and_mentors(
    client, request, fixture, home_page
):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("scheduling_manage:compliance")).status_code == 404


def test_compliance_page_query_count_does_not_grow_with_people(
    national_admin_client, regional_office, other_regional_office, rule, home_page
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = national_admin_client.get(
                reverse("scheduling_manage:compliance")
            )
            assert response.status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            office = regional_office if i % 2 else other_regional_office
            person = staff_member(Role.STAFF, organization=office)
            attend(person, meeting(10 + i, region=office.region))

    add(2)
    count()
    few = count()
    add(18)
    count()
    assert count() == few


# The monthly e-mail
# ------------------------------------------------------------------------------


def test_monthly_email_lists_the_overdue_people_once_per_admin(
    regional_admin, other_regional_admin, staff, other_staff, region, mailoutbox
):
    from scheduling.tasks import compliance_overdue_send

    attend(other_staff, intensive(30))  # keeps the cadence
    compliance_overdue_send()
    mine = [m for m in mailoutbox if m.to == [regional_admin.email]]
    assert len(mine) == 1
    assert staff.email in mine[0].body
    assert other_staff.email not in mine[0].body
    # The other region's admin: no one there is overdue, so no e-mail.
    assert not [m for m in mailoutbox if m.to == [other_regional_admin.email]]
    compliance_overdue_send()
    assert len([m for m in mailoutbox if m.to == [regional_admin.email]]) == 1


def test_demo_staff_member_is_overdue_for_an_intensive_only(
    root_page, django_capture_on_commit_callbacks
):
    """The demo's RFO staff member, as the compliance selector sees them."""
    from tests.factories import region_by_code
    from tests.scheduling.test_demo import STAFF, _load

    region_by_code()
    _load(django_capture_on_commit_callbacks)
    status = compliance_for_person(person=User.objects.get(email=STAFF))
    assert not status.intensive_ok
    assert status.online_counted and status.online_ok
