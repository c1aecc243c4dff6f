"""Assignment rules (applied on appointment), notifications and reminders."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.models import Assignment
from courses.tasks import (
    assignment_notify,
    assignment_reminders_send,
    assignment_rules_apply,
)
from people.models import Organization
from people.roles import Role
from people.services import position_start
from tests.factories import (
    AssignmentRuleFactory,
    OrganizationFactory,
    UserFactory,
    course_with_lessons,
)
from tests.factories.courses import CourseFactory

from .helpers import complete_course, ru

pytestmark = pytest.mark.django_db


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def onboarding_rule(program_page):
    return AssignmentRuleFactory(
        name="Онбординг сотрудников РФО",
        role=Role.STAFF,
        organization_kind=Organization.Kind.REGIONAL_FRONT_OFFICE,
        target=program_page,
        due_in_days=14,
    )


@pytest.fixture
def newcomer(region):
    return UserFactory(region=region)


def appoint(capture, *, user, organization, role=Role.STAFF):
    """Start a position and run what is enqueued on commit (the rules task, e-mail)."""
    with capture(execute=True):
        return position_start(user=user, organization=organization, role=role)


# Rules
# ------------------------------------------------------------------------------


def test_position_start_applies_the_matching_rule_with_its_due_date(
    django_capture_on_commit_callbacks,
    onboarding_rule,
    newcomer,
    regional_office,
    program_page,
):
    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=regional_office
    )

    assignment = Assignment.objects.get()
    assert assignment.learner == newcomer
    assert assignment.target_kind == Assignment.TargetKind.PROGRAM
    assert assignment.target_key == program_page.translation_key
    assert assignment.due_date == in_days(14)
    assert assignment.rule == onboarding_rule
    assert assignment.assigned_by is None


def test_position_start_enqueues_nothing_before_commit(
    django_capture_on_commit_callbacks, onboarding_rule, newcomer, regional_office
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        position_start(user=newcomer, organization=regional_office, role=Role.STAFF)

    assert not Assignment.objects.exists()
    assert callbacks  # the rules run once the appointment is committed


def test_rules_applied_twice_create_nothing_more(
    django_capture_on_commit_callbacks, onboarding_rule, newcomer, regional_office
):
    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=regional_office
    )

    assert services.assignment_rules_apply(user=newcomer) == []
    assert assignment_rules_apply.delay(user_id=newcomer.pk).get() == 0
    assert Assignment.objects.count() == 1


def test_second_matching_position_creates_no_second_assignment(
    django_capture_on_commit_callbacks,
    onboarding_rule,
    newcomer,
    regional_office,
    region,
):
    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=regional_office
    )
    other_office = OrganizationFactory(
        region=region, kind=Organization.Kind.REGIONAL_FRONT_OFFICE
    )

    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=other_office
    )

    assert Assignment.objects.count() == 1


def test_position_with_another_role_gets_no_assignment(
    django_capture_on_commit_callbacks, onboarding_rule, newcomer, regional_office
):
    appoint(
        django_capture_on_commit_callbacks,
        user=newcomer,
        organization=regional_office,
        role=Role.LEADER,
    )

    assert not Assignment.objects.exists()


def test_position_in_another_kind_of_organisation_gets_no_assignment(
    django_capture_on_commit_callbacks, onboarding_rule, newcomer, region
):
    ngo = OrganizationFactory(region=region, kind=Organization.Kind.VOLUNTEER_NGO)

    appoint(django_capture_on_commit_callbacks, user=newcomer, organization=ngo)

    assert not Assignment.objects.exists()


def test_rule_limited_to_a_region_skips_other_regions(
    django_capture_on_commit_callbacks,
    onboarding_rule,
    newcomer,
    regional_office,
    other_region,
):
    onboarding_rule.region = other_region
    onboarding_rule.save()

    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=regional_office
    )

    assert not Assignment.objects.exists()


def test_inactive_rule_assigns_nothing(
    django_capture_on_commit_callbacks, onboarding_rule, newcomer, regional_office
):
    onboarding_rule.is_active = False
    onboarding_rule.save()

    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=regional_office
    )

    assert not Assignment.objects.exists()


def test_rule_with_an_empty_role_matches_any_role_and_can_target_a_course(
    django_capture_on_commit_callbacks, newcomer, regional_office, course
):
    AssignmentRuleFactory(role="", organization_kind="", target=course, due_in_days=7)

    appoint(
        django_capture_on_commit_callbacks,
        user=newcomer,
        organization=regional_office,
        role=Role.LEADER,
    )

    assignment = Assignment.objects.get()
    assert assignment.target_kind == Assignment.TargetKind.COURSE
    assert assignment.due_date == in_days(7)


def test_rule_pointing_to_a_draft_assigns_nothing(
    django_capture_on_commit_callbacks, newcomer, regional_office, program_page
):
    draft = CourseFactory(parent=program_page, live=False)
    AssignmentRuleFactory(role=Role.STAFF, target=draft)

    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=regional_office
    )

    assert not Assignment.objects.exists()


def test_assignment_rules_apply_task_ignores_an_inactive_user(
    onboarding_rule, newcomer, regional_office
):
    position_start(user=newcomer, organization=regional_office, role=Role.STAFF)
    newcomer.is_active = False
    newcomer.save()

    assert assignment_rules_apply.delay(user_id=newcomer.pk).get() == 0
    assert not Assignment.objects.exists()


# Notification
# ------------------------------------------------------------------------------


def test_new_assignment_sends_one_email_even_when_the_task_runs_twice(
    django_capture_on_commit_callbacks,
    mailoutbox,
    onboarding_rule,
    newcomer,
    regional_office,
    program_page,
):
    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=regional_office
    )
    assignment = Assignment.objects.get()

    assert assignment_notify.delay(assignment_id=assignment.pk).get() is False

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [newcomer.email]
    assert mail.subject == ru(
        "New learning assigned: %(title)s", title=program_page.title
    )
    assert f"http://testserver{program_page.url}" in mail.body
    assignment.refresh_from_db()
    assert assignment.notified_at is not None


def test_assignment_notify_run_twice_sends_once(mailoutbox, learner, course):
    assignment, _created = services.assignment_create(
        learner=learner, target=course, due_date=in_days(10)
    )

    first = assignment_notify.delay(assignment_id=assignment.pk).get()
    second = assignment_notify.delay(assignment_id=assignment.pk).get()

    assert (first, second) == (True, False)
    assert len(mailoutbox) == 1


# Reminders
# ------------------------------------------------------------------------------


def test_reminders_are_sent_once_for_assignments_due_soon(mailoutbox, learner, course):
    due_soon, _ = services.assignment_create(
        learner=learner, target=course, due_date=in_days(2)
    )

    assert assignment_reminders_send.delay().get() == 1
    assert assignment_reminders_send.delay().get() == 0

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == ru("Reminder: %(title)s", title=course.title)
    due_soon.refresh_from_db()
    assert due_soon.reminded_at is not None


def test_reminders_skip_assignments_due_later(mailoutbox, learner, course):
    services.assignment_create(learner=learner, target=course, due_date=in_days(30))

    assert assignment_reminders_send.delay().get() == 0
    assert mailoutbox == []


def test_reminders_skip_completed_assignments(mailoutbox, learner, course, lessons):
    assignment, _ = services.assignment_create(
        learner=learner, target=course, due_date=in_days(1)
    )
    complete_course(learner=learner, course=course, lessons=lessons)

    assignment_reminders_send.delay()
    assignment_reminders_send.delay()

    assert mailoutbox == []
    assignment.refresh_from_db()
    assert assignment.reminded_at is not None  # no longer picked up


def test_reminders_skip_a_completed_program_but_not_a_half_done_one(
    mailoutbox, learner, other_learner, program_page
):
    courses = [course_with_lessons(program_page, 1) for _ in range(2)]
    for person in (learner, other_learner):
        services.assignment_create(
            learner=person, target=program_page, due_date=in_days(1)
        )
    for course, lessons in courses:
        complete_course(learner=learner, course=course, lessons=lessons)
    complete_course(learner=other_learner, course=courses[0][0], lessons=courses[0][1])

    assignment_reminders_send.delay()

    assert [mail.to for mail in mailoutbox] == [[other_learner.email]]


def test_reminder_for_a_learner_who_left_is_not_picked_up_again(
    mailoutbox, learner, course
):
    assignment, _ = services.assignment_create(
        learner=learner, target=course, due_date=in_days(1)
    )
    learner.is_active = False
    learner.save(update_fields=["is_active"])

    assert assignment_reminders_send.delay().get() == 0
    assert mailoutbox == []


def test_rule_with_a_target_that_is_not_a_course_or_program_is_refused_and_skipped(
    django_capture_on_commit_callbacks,
    onboarding_rule,
    newcomer,
    regional_office,
    catalog_page,
):
    from django.core.exceptions import ValidationError

    bad = AssignmentRuleFactory(
        name="Каталог", role=Role.STAFF, target=catalog_page, due_in_days=5
    )
    with pytest.raises(ValidationError):
        bad.full_clean()

    appoint(
        django_capture_on_commit_callbacks, user=newcomer, organization=regional_office
    )

    assert Assignment.objects.filter(learner=newcomer).count() == 1
