"""Assignment rules as audiences: who a rule reaches (role, organisation kind, region
or all, minimum age, when the position started), the preview of its reach, its due
dates, and its re-evaluation when positions, profiles and rules change: never a
duplicate, never lost progress."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import selectors, services
from courses.models import Assignment, AssignmentRule, Enrolment, ItemProgress
from courses.services import audiences
from courses.tasks import (
    assignment_rule_apply,
    assignment_rules_apply,
    assignment_rules_refresh,
)
from people.models import Organization
from people.roles import Role
from people.services import position_end, position_start, position_update
from people.signals import profile_changed
from tests.factories import (
    AssignmentRuleFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.factories.people import PositionFactory

from .helpers import SignalRecorder, messages_of, ru, ru_plural, years_ago

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def audience(rule) -> set:
    return set(selectors.assignment_rule_audience(rule=rule))


def hold(
    user=None, *, organization, role=Role.STAFF, start=-100, end=None, **user_fields
):
    """A person holding a position (set up as history: no signal, no task)."""
    user = user or UserFactory(region=organization.region, **user_fields)
    PositionFactory(
        user=user,
        organization=organization,
        role=role,
        start_date=days(start),
        end_date=days(end) if end is not None else None,
    )
    return user


@pytest.fixture
def ngo(region):
    return OrganizationFactory(region=region, kind=Organization.Kind.VOLUNTEER_NGO)


@pytest.fixture
def rule(course):
    """Staff of regional front offices, every region: the course, due in 30 days."""
    return AssignmentRuleFactory(
        name="Онбординг",
        role=Role.STAFF,
        organization_kind=Organization.Kind.REGIONAL_FRONT_OFFICE,
        target=course,
        due_in_days=30,
    )


# Who a rule reaches
# ------------------------------------------------------------------------------


def test_audience_matches_role_and_organisation_kind(rule, regional_office, ngo):
    staff = hold(organization=regional_office)
    hold(organization=regional_office, role=Role.LEADER)
    hold(organization=ngo)

    assert audience(rule) == {staff}


def test_audience_of_a_region_leaves_out_other_regions_and_all_takes_every_region(
    rule, regional_office, other_regional_office, region
):
    here = hold(organization=regional_office)
    there = hold(organization=other_regional_office)

    assert audience(rule) == {here, there}  # no region: all
    rule.region = region
    assert audience(rule) == {here}


def test_minimum_age_matches_on_the_birthday_and_never_an_unknown_birth_date(
    rule, regional_office
):
    rule.min_age = 18
    eighteen_today = hold(organization=regional_office, date_of_birth=years_ago(18))
    hold(organization=regional_office, date_of_birth=years_ago(18, days=-1))
    hold(organization=regional_office, date_of_birth=None)
    adult = hold(organization=regional_office, date_of_birth=years_ago(40))

    assert audience(rule) == {eighteen_today, adult}


def test_position_start_dates_bound_the_audience_inclusively(rule, regional_office):
    rule.started_from, rule.started_until = days(-60), days(-30)
    hold(organization=regional_office, start=-61)
    first_day = hold(organization=regional_office, start=-60)
    last_day = hold(organization=regional_office, start=-30)
    hold(organization=regional_office, start=-29)

    assert audience(rule) == {first_day, last_day}


def test_a_position_that_ended_or_ends_today_leaves_the_audience(rule, regional_office):
    hold(organization=regional_office, end=-1)
    hold(organization=regional_office, end=0)
    until_next_month = hold(organization=regional_office, end=30)
    inactive = hold(organization=regional_office)
    inactive.is_active = False
    inactive.save()

    assert audience(rule) == {until_next_month}


def test_the_daily_refresh_withdraws_a_position_whose_end_date_has_passed(
    rule, regional_office
):
    """An end date set ahead of time announces nothing when it comes: the daily
    refresh finds the person gone from the audience."""
    person = hold(organization=regional_office, start=-40)
    services.assignment_rules_apply(user=person)
    person.positions.update(end_date=days(-1))  # the date set earlier has passed

    assert assignment_rules_refresh() == 1

    assignment = Assignment.objects.get(learner=person)
    assert assignment.withdrawn_at is not None


def test_the_daily_refresh_assigns_someone_who_reached_the_minimum_age(
    rule, regional_office
):
    rule.min_age = 18
    rule.save()
    person = hold(organization=regional_office, date_of_birth=years_ago(18, days=-1))
    assignment_rules_refresh()
    assert not Assignment.objects.filter(learner=person).exists()

    person.date_of_birth = years_ago(18)  # the birthday came; nothing announced it
    person.save(update_fields=["date_of_birth"])
    inactive = AssignmentRuleFactory(target=rule.target, is_active=False)

    assert assignment_rules_refresh() == 1  # the active rules only
    assert Assignment.objects.filter(learner=person, rule=rule).exists()
    assert not Assignment.objects.filter(rule=inactive).exists()


def test_rule_start_dates_in_the_wrong_order_are_refused(rule):
    from django.core.exceptions import ValidationError

    rule.started_from, rule.started_until = days(-1), days(-10)

    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "started_until" in error.value.message_dict


# Preview, apply, due dates
# ------------------------------------------------------------------------------


def test_preview_counts_what_applying_the_rule_creates(rule, regional_office, course):
    people = [hold(organization=regional_office) for _ in range(3)]
    services.assignment_create(learner=people[0], target=course, due_date=days(3))
    hold(organization=regional_office, role=Role.LEADER)

    preview = selectors.assignment_rule_audience_preview(rule=rule)
    created = services.assignment_rule_apply(rule=rule)

    assert (preview.people, preview.new) == (3, 2)
    assert created == preview.new
    assert Assignment.objects.filter(target_key=course.translation_key).count() == 3
    assert selectors.assignment_rule_audience_preview(rule=rule).new == 0


def test_preview_is_one_query(rule, regional_office, django_assert_num_queries):
    for _ in range(5):
        hold(organization=regional_office)

    with django_assert_num_queries(1):
        selectors.assignment_rule_audience_preview(rule=rule)


def test_rule_applied_twice_creates_nothing_more(rule, regional_office):
    for _ in range(2):
        hold(organization=regional_office)

    assert assignment_rule_apply.delay(rule_id=rule.pk).get() == 2
    assert assignment_rule_apply.delay(rule_id=rule.pk).get() == 0
    assert Assignment.objects.count() == 2


def test_rule_apply_enrols_and_notifies_each_person_once(
    rule, regional_office, mailoutbox, django_capture_on_commit_callbacks
):
    people = [hold(organization=regional_office) for _ in range(2)]

    task = audiences.assignments_notify_task
    with (
        mock.patch.object(audiences, "assignments_notify_task", wraps=task) as notify,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.assignment_rule_apply(rule=rule)

    assert notify.delay.call_count == 1  # one notification task, not one each
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert Enrolment.objects.filter(learner__in=people).count() == 2


def test_due_date_counts_from_the_position_start(rule, regional_office):
    person = hold(organization=regional_office, start=-10)

    services.assignment_rule_apply(rule=rule)

    assert Assignment.objects.get(learner=person).due_date == days(20)


def test_due_date_counts_from_the_rule_creation(rule, regional_office):
    rule.due_from = AssignmentRule.DueFrom.RULE_CREATED
    rule.created_at = timezone.now() - datetime.timedelta(days=5)
    rule.save()
    person = hold(organization=regional_office, start=-400)

    services.assignment_rules_apply(user=person)

    assert Assignment.objects.get(learner=person).due_date == days(25)


def test_an_inactive_rule_assigns_nobody_and_keeps_what_it_assigned(
    rule, regional_office
):
    person = hold(organization=regional_office)
    services.assignment_rule_apply(rule=rule)
    rule.is_active = False
    rule.save()
    hold(organization=regional_office)

    assert services.assignment_rule_apply(rule=rule) == 0
    services.assignment_rules_apply(user=person)
    assert Assignment.objects.get().withdrawn_at is None


# Re-evaluation on each trigger
# ------------------------------------------------------------------------------


def test_position_start_assigns_due_from_that_day(
    rule, regional_office, django_capture_on_commit_callbacks
):
    person = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        position_start(user=person, organization=regional_office, role=Role.STAFF)

    assert Assignment.objects.get(learner=person).due_date == days(30)


def test_position_change_re_evaluates_the_holder(
    rule, regional_office, django_capture_on_commit_callbacks
):
    person = hold(organization=regional_office)
    position = person.positions.get()

    with django_capture_on_commit_callbacks(execute=True):
        position_update(position=position, title="Координатор", end_date=None)

    assert Assignment.objects.filter(learner=person).count() == 1


def test_leaving_the_audience_keeps_the_assignment_and_progress_and_coming_back_restores_it(
    rule, regional_office, lessons, django_capture_on_commit_callbacks, client
):
    person = hold(organization=regional_office, start=-10)
    services.assignment_rules_apply(user=person)
    assignment = Assignment.objects.get(learner=person)
    enrolment = Enrolment.objects.get(learner=person)
    services.item_complete(enrolment=enrolment, item=lessons[0])

    with django_capture_on_commit_callbacks(execute=True):
        position_end(position=person.positions.get())

    assignment.refresh_from_db()
    assert assignment.withdrawn_at is not None
    assert ItemProgress.objects.filter(enrolment=enrolment).count() == 1
    learning = selectors.my_learning(learner=person)
    assert learning.assigned == []
    assert [entry.required_done for entry in learning.in_progress] == [1]

    with django_capture_on_commit_callbacks(execute=True):
        position_start(user=person, organization=regional_office, role=Role.STAFF)

    back = Assignment.objects.get(learner=person)
    assert back.pk == assignment.pk and back.withdrawn_at is None
    assert back.due_date == days(20)  # not moved by the re-evaluation
    assert [
        a.courses[0].required_done
        for a in selectors.my_learning(learner=person).assigned
    ] == [1]


def test_profile_change_re_evaluates_a_minimum_age(
    rule, regional_office, region, django_capture_on_commit_callbacks
):
    from people.services import user_profile_update

    rule.min_age = 18
    rule.save()
    person = hold(organization=regional_office, date_of_birth=None)
    services.assignment_rules_apply(user=person)
    assert not Assignment.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        user_profile_update(
            user=person,
            full_name=person.full_name,
            region=region,
            organization_kind=person.organization_kind,
            date_of_birth=years_ago(30),
            preferred_language="ru",
        )

    assert Assignment.objects.filter(learner=person).count() == 1


def test_an_admin_edit_in_the_wagtail_user_admin_announces_the_profile_change(
    client, superuser, home_page, learner, other_region
):
    client.force_login(superuser)

    with SignalRecorder(profile_changed) as recorder:
        response = client.post(
            reverse("wagtailusers_users:edit", args=[learner.pk]),
            {
                "email": learner.email,
                "full_name": learner.full_name,
                "region": other_region.pk,
                "organization_kind": learner.organization_kind,
                "preferred_language": learner.preferred_language,
                "is_active": "on",
            },
        )

    assert response.status_code == 302
    assert [call["user"].pk for call in recorder.calls] == [learner.pk]


def test_editing_a_rule_narrower_withdraws_without_deleting(
    rule, regional_office, other_regional_office, region
):
    here = hold(organization=regional_office)
    there = hold(organization=other_regional_office)
    services.assignment_rule_apply(rule=rule)
    rule.region = region
    rule.save()

    services.assignment_rule_apply(rule=rule)

    withdrawn = {
        a.learner_id: a.withdrawn_at is not None for a in Assignment.objects.all()
    }
    assert withdrawn == {here.pk: False, there.pk: True}


def test_another_rule_requiring_the_same_keeps_it_required(
    rule, regional_office, region, course
):
    person = hold(organization=regional_office)
    services.assignment_rule_apply(rule=rule)
    AssignmentRuleFactory(role=Role.STAFF, region=region, target=course)
    rule.role = Role.LEADER
    rule.save()

    services.assignment_rule_apply(rule=rule)
    services.assignment_rules_apply(user=person)

    assert Assignment.objects.get(learner=person).withdrawn_at is None


def test_per_person_and_per_rule_evaluation_make_no_duplicates(rule, regional_office):
    people = [hold(organization=regional_office) for _ in range(3)]

    for person in people:
        assignment_rules_apply.delay(user_id=person.pk)
    assignment_rule_apply.delay(rule_id=rule.pk)
    assignment_rules_apply.delay(user_id=people[0].pk)

    assert Assignment.objects.count() == 3


# The rule in the Wagtail admin: a preview of its reach before it is saved
# ------------------------------------------------------------------------------


def rule_form(course, **extra) -> dict:
    return {
        "name": "Новые сотрудники РФО",
        "role": Role.STAFF,
        "organization_kind": Organization.Kind.REGIONAL_FRONT_OFFICE,
        "region": "",
        "min_age": "",
        "started_from": "",
        "started_until": "",
        "target": course.pk,
        "due_in_days": 30,
        "due_from": AssignmentRule.DueFrom.POSITION_START,
        "is_active": "on",
        **extra,
    }


def test_saving_a_rule_shows_its_reach_first_then_saves_and_applies_it(
    national_admin_client,
    course,
    regional_office,
    django_capture_on_commit_callbacks,
):
    people = [hold(organization=regional_office) for _ in range(2)]
    url = reverse("wagtailsnippets_courses_assignmentrule:add")

    first = national_admin_client.post(url, rule_form(course))

    assert first.status_code == 200
    assert not AssignmentRule.objects.exists()
    reach = ru(
        "%(reach)s (%(new)s). Nothing is saved yet: save again to confirm.",
        reach=ru_plural(
            "This rule will reach %(count)s person",
            "This rule will reach %(count)s people",
            2,
            count=2,
        ),
        new=ru_plural(
            "%(count)s new assignment", "%(count)s new assignments", 2, count=2
        ),
    )
    assert reach in messages_of(first)
    fingerprint = first.context["form"].data["audience_preview"]
    assert f'value="{fingerprint}"' in first.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        second = national_admin_client.post(
            url, rule_form(course, audience_preview=fingerprint)
        )

    assert second.status_code == 302
    rule = AssignmentRule.objects.get()
    assert {a.learner for a in Assignment.objects.filter(rule=rule)} == set(people)


def test_a_changed_audience_asks_for_a_new_preview(
    national_admin_client, course, regional_office, region
):
    hold(organization=regional_office)
    url = reverse("wagtailsnippets_courses_assignmentrule:add")
    first = national_admin_client.post(url, rule_form(course))
    fingerprint = first.context["form"].data["audience_preview"]

    second = national_admin_client.post(
        url,
        rule_form(course, region=region.pk, min_age=70, audience_preview=fingerprint),
    )

    assert second.status_code == 200
    assert not AssignmentRule.objects.exists()


def test_editing_a_rule_re_evaluates_its_whole_audience_in_one_task(
    national_admin_client,
    rule,
    course,
    regional_office,
    other_regional_office,
    region,
    django_capture_on_commit_callbacks,
):
    here = hold(organization=regional_office)
    there = hold(organization=other_regional_office)
    services.assignment_rule_apply(rule=rule)
    url = reverse("wagtailsnippets_courses_assignmentrule:edit", args=[rule.pk])
    data = rule_form(course, name=rule.name, region=region.pk)
    fingerprint = (
        national_admin_client.post(url, data).context["form"].data["audience_preview"]
    )

    task = audiences.assignment_rule_apply_task
    with (
        mock.patch.object(audiences, "assignment_rule_apply_task", wraps=task) as apply,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = national_admin_client.post(
            url, {**data, "audience_preview": fingerprint}
        )

    assert response.status_code == 302
    apply.delay.assert_called_once_with(rule_id=rule.pk)  # one task for the rule
    assert Assignment.objects.get(learner=there).withdrawn_at is not None
    assert Assignment.objects.get(learner=here).withdrawn_at is None
