"""people.selectors: the scope rule, consent and erasure reads, the data export."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from courses.services import enrolment_create, item_complete
from people import selectors, services
from people.models import ConsentRecord, User
from people.roles import Role
from tests.factories import course_with_lessons
from tests.factories.people import (
    ErasureRequestFactory,
    PositionFactory,
    UserFactory,
    region_by_code,
)

from .helpers import days_from_today

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The user as the next request sees it (user_scope is memoised per instance)."""
    return User.objects.get(pk=user.pk)


def visible(viewer: User) -> set[User]:
    return set(selectors.user_list_visible(viewer=fresh(viewer)))


@pytest.fixture
def people(learner, other_region_learner):
    """A learner in Almaty and one in Astana."""
    return {learner, other_region_learner}


# Scope
# ------------------------------------------------------------------------------


def test_a_learner_sees_only_themself(learner, people):
    assert visible(learner) == {learner}
    scope = selectors.user_scope(user=learner)
    assert not scope.is_admin


def test_a_learner_cannot_get_another_learner(learner, other_region_learner):
    with pytest.raises(User.DoesNotExist):
        selectors.user_get_visible(viewer=learner, pk=other_region_learner.pk)
    assert selectors.user_get_visible(viewer=learner, pk=learner.pk) == learner


@pytest.mark.parametrize("role", [Role.REGIONAL_ADMIN, Role.MENTOR])
def test_a_regional_role_sees_the_learners_of_its_organisations_region_only(
    regional_office, learner, other_region_learner, other_region, role
):
    # The scope comes from the organisation's region, not from where the admin lives.
    admin = UserFactory(region=other_region)
    services.position_start(user=admin, organization=regional_office, role=role)

    assert visible(admin) == {admin, learner}
    assert selectors.user_get_visible(viewer=fresh(admin), pk=learner.pk) == learner
    with pytest.raises(User.DoesNotExist):
        selectors.user_get_visible(viewer=fresh(admin), pk=other_region_learner.pk)


def test_a_regional_admin_of_two_regions_sees_both(
    regional_office, other_regional_office, people
):
    admin = UserFactory(region=None)
    services.position_start(
        user=admin, organization=regional_office, role=Role.REGIONAL_ADMIN
    )
    services.position_start(
        user=admin, organization=other_regional_office, role=Role.REGIONAL_ADMIN
    )
    elsewhere = UserFactory(region=region_by_code("KZ-79"))

    assert visible(admin) == {admin, *people}
    assert elsewhere not in visible(admin)


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER, Role.EDITOR])
def test_roles_without_learner_scope_see_only_themselves(
    regional_office, learner, role
):
    holder = UserFactory(region=regional_office.region)
    services.position_start(user=holder, organization=regional_office, role=role)

    assert visible(holder) == {holder}


def test_a_national_admin_sees_everyone(national_office, people):
    admin = UserFactory(region=None)
    services.position_start(
        user=admin, organization=national_office, role=Role.NATIONAL_ADMIN
    )

    assert visible(admin) == {admin, *people}
    assert selectors.user_scope(user=fresh(admin)).everything


def test_a_superuser_sees_everyone(superuser, people):
    assert visible(superuser) == {superuser, *people}


def test_an_ended_position_no_longer_grants_scope(
    regional_office, learner, other_region
):
    admin = UserFactory(region=other_region)
    position = services.position_start(
        user=admin,
        organization=regional_office,
        role=Role.REGIONAL_ADMIN,
        start_date=days_from_today(-30),
    )
    assert learner in visible(admin)

    services.position_end(position=position, end_date=days_from_today(-1))

    assert visible(admin) == {admin}


def test_a_position_ending_today_still_grants_scope_today(
    regional_office, learner, other_region
):
    admin = UserFactory(region=other_region)
    PositionFactory(
        user=admin,
        organization=regional_office,
        role=Role.MENTOR,
        start_date=days_from_today(-30),
        end_date=days_from_today(0),
    )

    assert learner in visible(admin)


def test_learner_scope_q_filters_records_through_a_user_field(
    regional_office, learner, other_region_learner
):
    for person in (learner, other_region_learner):
        services.consent_record(user=person)
    mentor = UserFactory(region=None)
    services.position_start(user=mentor, organization=regional_office, role=Role.MENTOR)

    consents = ConsentRecord.objects.filter(
        selectors.learner_scope_q(viewer=fresh(mentor), field="user")
    )

    assert [c.user for c in consents] == [learner]


def test_an_anonymous_visitor_has_no_scope():
    assert selectors.user_scope(user=AnonymousUser()) == selectors.Scope()


def test_user_scope_takes_one_query_and_is_memoised_on_the_user(
    regional_office, django_assert_num_queries
):
    mentor = UserFactory()
    services.position_start(user=mentor, organization=regional_office, role=Role.MENTOR)
    mentor = fresh(mentor)

    with django_assert_num_queries(1):
        selectors.user_scope(user=mentor)
        selectors.user_scope(user=mentor)


# Other reads
# ------------------------------------------------------------------------------


def test_consent_current_ignores_withdrawn_and_other_versions(learner):
    record = services.consent_record(user=learner)
    ConsentRecord.objects.create(
        user=learner, purpose="personal_data", policy_version="2020-01"
    )
    version = settings.LMS_CONSENT_POLICY_VERSION

    assert selectors.consent_current(user=learner, policy_version=version) == record

    ConsentRecord.objects.filter(pk=record.pk).update(withdrawn_at=timezone.now())
    assert selectors.consent_current(user=learner, policy_version=version) is None


def test_user_erasure_due_list_holds_only_pending_requests_past_their_due_date():
    now = timezone.now()
    due = ErasureRequestFactory(due_at=now - datetime.timedelta(minutes=1))
    ErasureRequestFactory(due_at=now + datetime.timedelta(hours=1))
    ErasureRequestFactory(due_at=now - datetime.timedelta(days=1), status="cancelled")
    ErasureRequestFactory(due_at=now - datetime.timedelta(days=2), status="done")

    assert selectors.user_erasure_due_list() == [due.user_id]


# Data export
# ------------------------------------------------------------------------------


def test_user_data_export_holds_profile_consents_positions_and_learning(
    learner, regional_office, program_page
):
    services.consent_record(user=learner)
    services.position_start(
        user=learner,
        organization=regional_office,
        role=Role.STAFF,
        title="Специалист",
    )
    course, lessons = course_with_lessons(program_page, lessons=2)
    enrolment = enrolment_create(learner=learner, course=course)
    item_complete(enrolment=enrolment, item=lessons[0])

    data = selectors.user_data_export(user=learner)

    assert data["profile"]["email"] == learner.email
    assert data["profile"]["full_name"] == learner.full_name
    assert data["profile"]["region"] == "KZ-75"
    assert data["profile"]["organization"] == regional_office.name
    assert data["profile"]["date_of_birth"] == "1995-04-12"
    assert [c["policy_version"] for c in data["consents"]] == [
        settings.LMS_CONSENT_POLICY_VERSION
    ]
    assert data["positions"] == [
        {
            "organization": regional_office.name,
            "role": "staff",
            "title": "Специалист",
            "start_date": timezone.localdate().isoformat(),
            "end_date": None,
        }
    ]
    [exported] = data["learning"]["enrolments"]
    assert exported["course"] == str(course.translation_key)
    assert [i["item"] for i in exported["items_done"]] == [
        str(lessons[0].translation_key)
    ]
