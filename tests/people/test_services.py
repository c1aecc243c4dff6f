"""people.services: sign-up completion, profile, consent, roles and positions, erasure."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import GroupApprovalTask, GroupPagePermission, ModelLogEntry

from courses.models import Assignment
from people import services
from people.models import ConsentRecord, ErasureRequest, Position, User
from people.roles import ROLE_PERMISSIONS, Role, role_group_name
from tests.factories import AssignmentRuleFactory, course_with_lessons
from tests.factories.people import PositionFactory, UserFactory

from .helpers import PASSWORD, days_from_today, years_ago

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The user as the next request sees it (no permission or scope caches)."""
    return User.objects.get(pk=user.pk)


def role_groups(user: User) -> set[str]:
    return set(
        fresh(user)
        .groups.filter(name__startswith="role:")
        .values_list("name", flat=True)
    )


# Sign-up completion and profile
# ------------------------------------------------------------------------------


def signup_kwargs(region, **overrides):
    kwargs = {
        "full_name": "  Ерлан Нурланов ",
        "region": region,
        "organization_kind": "youth_resource_centre",
        "date_of_birth": datetime.date(1990, 1, 31),
        "preferred_language": "ru",
        "consent": True,
    }
    kwargs.update(overrides)
    return kwargs


def test_user_signup_complete_fills_the_profile_and_records_consent(region):
    user = User.objects.create_user("erlan@example.kz", PASSWORD)

    services.user_signup_complete(user=user, **signup_kwargs(region))

    user = fresh(user)
    assert user.full_name == "Ерлан Нурланов"
    assert user.region == region
    assert user.organization_kind == "youth_resource_centre"
    assert user.date_of_birth == datetime.date(1990, 1, 31)
    consent = user.consents.get()
    assert consent.policy_version == settings.LMS_CONSENT_POLICY_VERSION
    assert not consent.given_by_guardian


def test_user_signup_complete_without_consent_raises_and_changes_nothing(region):
    user = User.objects.create_user("erlan@example.kz", PASSWORD)

    with pytest.raises(ValidationError) as exc:
        services.user_signup_complete(user=user, **signup_kwargs(region, consent=False))

    assert exc.value.message_dict == {"consent": [services.MSG_CONSENT_REQUIRED]}
    assert fresh(user).full_name == ""
    assert not ConsentRecord.objects.exists()


def test_user_signup_complete_refuses_a_minor_without_guardian_consent(region):
    user = User.objects.create_user("teen@example.kz", PASSWORD)

    with pytest.raises(ValidationError) as exc:
        services.user_signup_complete(
            user=user,
            **signup_kwargs(region, date_of_birth=years_ago(16)),
            guardian_name="Нурланова Асель",
            guardian_consent=False,
        )

    assert exc.value.message_dict == {"guardian_name": [services.MSG_GUARDIAN_REQUIRED]}
    assert not ConsentRecord.objects.exists()


def test_user_signup_complete_refuses_a_birth_date_in_the_future(region):
    user = User.objects.create_user("erlan@example.kz", PASSWORD)

    with pytest.raises(ValidationError) as exc:
        services.user_signup_complete(
            user=user, **signup_kwargs(region, date_of_birth=days_from_today(1))
        )

    assert exc.value.message_dict == {"date_of_birth": [services.MSG_BIRTH_DATE_FUTURE]}


def test_consent_record_is_idempotent_and_renews_a_withdrawn_consent(learner):
    first = services.consent_record(user=learner)
    ConsentRecord.objects.filter(pk=first.pk).update(
        withdrawn_at=timezone.now(), given_at=timezone.now() - datetime.timedelta(1)
    )

    second = services.consent_record(user=learner)

    assert second.pk == first.pk
    assert ConsentRecord.objects.count() == 1
    second.refresh_from_db()
    assert second.withdrawn_at is None
    assert second.given_at > timezone.now() - datetime.timedelta(minutes=1)


def test_user_profile_update_saves_the_fields(learner, other_region):
    services.user_profile_update(
        user=learner,
        full_name="Новое Имя",
        region=other_region,
        organization_kind="akimat_department",
        date_of_birth=None,
        preferred_language="en",
    )

    learner = fresh(learner)
    assert (learner.full_name, learner.region, learner.date_of_birth) == (
        "Новое Имя",
        other_region,
        None,
    )
    assert learner.organization_kind == "akimat_department"
    assert learner.preferred_language == "en"


def test_user_profile_update_refuses_a_birth_date_in_the_future(learner, other_region):
    before = fresh(learner)

    with pytest.raises(ValidationError):
        services.user_profile_update(
            user=learner,
            full_name="Новое Имя",
            region=other_region,
            organization_kind="",
            date_of_birth=days_from_today(10),
            preferred_language="en",
        )

    after = fresh(learner)
    assert (after.full_name, after.region_id) == (before.full_name, before.region_id)


# Roles
# ------------------------------------------------------------------------------


def group_permissions(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_roles_sync_gives_each_role_group_exactly_its_permissions():
    services.roles_sync()

    for role in Role:
        group = Group.objects.get(name=role_group_name(role))
        assert group_permissions(group) == ROLE_PERMISSIONS[role], role


def test_roles_sync_removes_a_permission_added_by_hand():
    group = Group.objects.get(name=role_group_name(Role.STAFF))
    group.permissions.add(Permission.objects.get(codename="delete_user"))

    services.roles_sync()

    assert group_permissions(group) == ROLE_PERMISSIONS[Role.STAFF]


def test_roles_sync_lets_national_admins_approve_where_wagtails_moderators_do():
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    other = GroupApprovalTask.objects.create(name="Legal review")
    editors = Group.objects.get(name=role_group_name(Role.EDITOR))
    task.groups.add(editors)  # a role that does not moderate: taken off

    services.roles_sync()

    assert set(task.groups.values_list("name", flat=True)) == {
        "Moderators",
        role_group_name(Role.NATIONAL_ADMIN),
    }
    assert not other.groups.exists()  # a task of other reviewers is left alone


def test_roles_sync_twice_changes_nothing(root_page):
    services.roles_sync()
    groups = list(Group.objects.order_by("pk").values_list("pk", "name"))
    page_permissions = list(
        GroupPagePermission.objects.order_by("pk").values_list("pk", flat=True)
    )

    services.roles_sync()

    assert list(Group.objects.order_by("pk").values_list("pk", "name")) == groups
    assert (
        list(GroupPagePermission.objects.order_by("pk").values_list("pk", flat=True))
        == page_permissions
    )
    editor = Group.objects.get(name=role_group_name(Role.EDITOR))
    assert set(
        GroupPagePermission.objects.filter(group=editor).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}


# Positions
# ------------------------------------------------------------------------------


def test_position_start_grants_the_role_permissions(learner, regional_office):
    assert not fresh(learner).has_perm("people.view_user")

    position = services.position_start(
        user=learner, organization=regional_office, role=Role.REGIONAL_ADMIN
    )

    assert position.start_date == timezone.localdate()
    assert position.end_date is None
    assert role_groups(learner) == {"role:regional_admin"}
    assert fresh(learner).has_perm("people.view_user")
    assert fresh(learner).has_perm("courses.add_assignment")


def test_position_start_writes_an_audit_entry_naming_the_actor(
    learner, regional_office, superuser
):
    position = services.position_start(
        user=learner, organization=regional_office, role=Role.MENTOR, actor=superuser
    )

    entry = ModelLogEntry.objects.get(action="people.position_start")
    assert entry.object_id == str(position.pk)
    assert entry.content_type.model_class() is Position
    assert entry.user == superuser
    assert entry.data == {
        "user": learner.pk,
        "organization": regional_office.pk,
        "role": "mentor",
        "region_id": regional_office.region_id,
    }


def test_position_start_makes_the_organisation_the_users_when_they_have_none(
    learner, regional_office, other_regional_office
):
    services.position_start(user=learner, organization=regional_office, role=Role.STAFF)
    services.position_start(
        user=learner, organization=other_regional_office, role=Role.STAFF
    )

    assert fresh(learner).organization == regional_office


def test_position_start_refuses_a_start_date_in_the_future(learner, regional_office):
    with pytest.raises(ValidationError) as exc:
        services.position_start(
            user=learner,
            organization=regional_office,
            role=Role.MENTOR,
            start_date=days_from_today(1),
        )

    assert exc.value.message_dict == {
        "start_date": [services.MSG_POSITION_START_FUTURE]
    }
    assert not Position.objects.exists()
    assert role_groups(learner) == set()


@pytest.mark.parametrize("role", [Role.MENTOR, Role.REGIONAL_ADMIN])
def test_position_start_refuses_a_regional_role_in_an_organisation_without_region(
    learner, national_office, role
):
    with pytest.raises(ValidationError) as exc:
        services.position_start(user=learner, organization=national_office, role=role)

    assert exc.value.message_dict == {
        "organization": [services.MSG_POSITION_REGION_REQUIRED]
    }
    assert not Position.objects.exists()
    assert role_groups(learner) == set()


def test_position_start_allows_a_national_admin_in_the_national_office(
    learner, national_office
):
    services.position_start(
        user=learner, organization=national_office, role=Role.NATIONAL_ADMIN
    )

    assert fresh(learner).has_perm("wagtailadmin.access_admin")


def test_position_start_refuses_a_second_open_position_in_the_same_role_and_place(
    learner, regional_office
):
    services.position_start(user=learner, organization=regional_office, role=Role.STAFF)

    with pytest.raises(ValidationError):
        services.position_start(
            user=learner, organization=regional_office, role=Role.STAFF
        )

    assert Position.objects.count() == 1


def test_position_start_announces_the_appointment_so_assignment_rules_apply(
    learner, regional_office, program_page, django_capture_on_commit_callbacks
):
    course, _lessons = course_with_lessons(program_page, lessons=1)
    AssignmentRuleFactory(role=Role.STAFF, target=course)

    with django_capture_on_commit_callbacks(execute=True):
        services.position_start(
            user=learner, organization=regional_office, role=Role.STAFF
        )

    assignment = Assignment.objects.get(learner=learner)
    assert assignment.target_key == course.translation_key


def test_position_end_in_the_past_withdraws_the_permissions(learner, regional_office):
    position = services.position_start(
        user=learner,
        organization=regional_office,
        role=Role.REGIONAL_ADMIN,
        start_date=days_from_today(-30),
    )

    services.position_end(position=position, end_date=days_from_today(-1))

    assert fresh(learner).has_perm("people.view_user") is False
    assert role_groups(learner) == set()
    assert ModelLogEntry.objects.filter(
        action="people.position_end", object_id=str(position.pk)
    ).exists()


def test_position_end_today_keeps_the_role_for_its_last_day(learner, regional_office):
    # The end date is the last day held (Position.is_active_on); positions_expire
    # withdraws the permissions the morning after.
    position = services.position_start(
        user=learner, organization=regional_office, role=Role.REGIONAL_ADMIN
    )

    services.position_end(position=position)

    position.refresh_from_db()
    assert position.end_date == timezone.localdate()
    assert fresh(learner).has_perm("people.view_user")


def test_position_end_keeps_the_role_while_another_active_position_has_it(
    learner, regional_office, other_regional_office
):
    ending = services.position_start(
        user=learner,
        organization=regional_office,
        role=Role.MENTOR,
        start_date=days_from_today(-30),
    )
    services.position_start(
        user=learner, organization=other_regional_office, role=Role.MENTOR
    )

    services.position_end(position=ending, end_date=days_from_today(-1))

    assert role_groups(learner) == {"role:mentor"}
    assert fresh(learner).has_perm("courses.view_enrolment")


def test_position_end_refuses_a_position_that_has_already_ended(
    learner, regional_office
):
    position = PositionFactory(
        user=learner,
        organization=regional_office,
        start_date=days_from_today(-30),
        end_date=days_from_today(-2),
    )

    with pytest.raises(ValidationError) as exc:
        services.position_end(position=position)

    assert exc.value.messages == [services.MSG_POSITION_ALREADY_ENDED]
    position.refresh_from_db()
    assert position.end_date == days_from_today(-2)


def test_position_hand_over_ends_the_holders_position_and_starts_the_successors(
    learner, other_learner, regional_office, superuser
):
    held = services.position_start(
        user=learner,
        organization=regional_office,
        role=Role.REGIONAL_ADMIN,
        title="Координатор",
        start_date=days_from_today(-100),
    )
    handover_day = days_from_today(-1)

    successor_position = services.position_hand_over(
        position=held, successor=other_learner, date=handover_day, actor=superuser
    )

    held.refresh_from_db()
    assert held.end_date == handover_day - datetime.timedelta(days=1)
    assert successor_position.user == other_learner
    assert (successor_position.organization, successor_position.role) == (
        regional_office,
        Role.REGIONAL_ADMIN,
    )
    assert successor_position.title == "Координатор"
    assert successor_position.start_date == handover_day
    assert successor_position.end_date is None
    assert fresh(other_learner).has_perm("people.view_user")
    assert not fresh(learner).has_perm("people.view_user")
    # The hand-over opens and completes in one go (people.services.handover).
    assert set(
        ModelLogEntry.objects.filter(user=superuser).values_list("action", flat=True)
    ) == {
        "people.position_end",
        "people.position_start",
        "people.handover_open",
        "people.handover_complete",
    }


def test_position_hand_over_to_someone_holding_the_role_there_changes_nothing(
    learner, other_learner, regional_office
):
    held = services.position_start(
        user=learner, organization=regional_office, role=Role.MENTOR
    )
    services.position_start(
        user=other_learner, organization=regional_office, role=Role.MENTOR
    )

    with pytest.raises(ValidationError):
        services.position_hand_over(position=held, successor=other_learner)

    held.refresh_from_db()
    assert held.end_date is None
    assert Position.objects.count() == 2


def expired_position(user, organization, role, *, ended_days_ago: int) -> Position:
    """A position appointed a month ago (so its role group was granted) whose end date,
    set earlier, is now `ended_days_ago` days in the past."""
    position = services.position_start(
        user=user,
        organization=organization,
        role=role,
        start_date=days_from_today(-30),
    )
    Position.objects.filter(pk=position.pk).update(
        end_date=days_from_today(-ended_days_ago)
    )
    return position


def test_positions_expire_withdraws_permissions_of_positions_ended_yesterday(
    learner, other_learner, regional_office
):
    expired_position(learner, regional_office, Role.REGIONAL_ADMIN, ended_days_ago=1)
    services.position_start(
        user=other_learner, organization=regional_office, role=Role.REGIONAL_ADMIN
    )
    assert fresh(learner).has_perm("people.view_user")

    touched = services.positions_expire()

    assert touched == 1
    assert not fresh(learner).has_perm("people.view_user")
    assert fresh(other_learner).has_perm("people.view_user")


def test_positions_expire_catches_up_after_a_missed_run(learner, regional_office):
    expired_position(learner, regional_office, Role.REGIONAL_ADMIN, ended_days_ago=3)

    services.positions_expire()

    assert not fresh(learner).has_perm("people.view_user")
    assert role_groups(learner) == set()


def test_positions_expire_keeps_positions_ending_today(learner, regional_office):
    expired_position(learner, regional_office, Role.MENTOR, ended_days_ago=0)

    assert services.positions_expire() == 0
    assert fresh(learner).has_perm("courses.view_enrolment")


def test_positions_expire_twice_changes_nothing(learner, regional_office):
    expired_position(learner, regional_office, Role.MENTOR, ended_days_ago=1)
    services.positions_expire()

    assert services.positions_expire() == 0
    assert role_groups(learner) == set()


# Erasure
# ------------------------------------------------------------------------------


def test_user_erasure_request_creates_a_pending_request_due_after_the_grace_period(
    learner, settings
):
    settings.LMS_ERASURE_GRACE_DAYS = 7
    before = timezone.now()

    request = services.user_erasure_request(user=learner)

    assert request.status == ErasureRequest.Status.PENDING
    grace = datetime.timedelta(days=7)
    assert before + grace <= request.due_at <= timezone.now() + grace
    assert ModelLogEntry.objects.filter(action="people.erasure_request").exists()


def test_user_erasure_request_twice_is_refused(learner):
    services.user_erasure_request(user=learner)

    with pytest.raises(ValidationError) as exc:
        services.user_erasure_request(user=learner)

    assert exc.value.messages == [services.MSG_ERASURE_PENDING]
    assert ErasureRequest.objects.count() == 1


def test_user_erasure_request_mails_the_learner_once(
    learner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.user_erasure_request(user=learner)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [learner.email]
    request.refresh_from_db()
    assert request.notified_at is not None


def test_user_erasure_cancel_cancels_the_pending_request_and_allows_a_new_one(
    learner,
):
    request = services.user_erasure_request(user=learner)

    assert services.user_erasure_cancel(user=learner) == 1
    assert services.user_erasure_cancel(user=learner) == 0

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.CANCELLED
    assert request.processed_at is not None
    services.user_erasure_request(user=learner)
    assert ErasureRequest.objects.filter(status="pending").count() == 1


@pytest.fixture
def learner_to_erase(regional_office):
    user = UserFactory(email="dana@example.kz", full_name="Дана Ахметова")
    EmailAddress.objects.create(user=user, email=user.email, primary=True)
    services.consent_record(user=user, guardian_name="Ахметова Гульнара")
    services.position_start(
        user=user,
        organization=regional_office,
        role=Role.MENTOR,
        start_date=days_from_today(-10),
    )
    services.user_erasure_request(user=user)
    return user


def test_user_erase_anonymises_the_person_and_closes_the_account(learner_to_erase):
    assert services.user_erase(user=learner_to_erase) is True

    user = fresh(learner_to_erase)
    assert user.email.endswith("@invalid.invalid")
    assert "dana" not in user.email
    assert user.full_name == ""
    assert user.date_of_birth is None
    assert user.organization is None
    assert user.is_active is False
    assert user.has_usable_password() is False
    assert user.erased_at is not None
    assert not user.groups.exists()
    assert not user.has_perm("courses.view_enrolment")
    assert not EmailAddress.objects.filter(user=user).exists()
    assert user.consents.get().guardian_name == ""
    assert list(user.positions.values_list("end_date", flat=True)) == [
        timezone.localdate()
    ]
    request = user.erasure_requests.get()
    assert request.status == ErasureRequest.Status.DONE
    assert request.processed_at is not None


def test_user_erase_leaves_no_name_or_email_in_the_audit_log(learner_to_erase):
    entries = ModelLogEntry.objects.filter(
        action__in=["people.position_start", "people.erasure_request"]
    )
    assert all("Дана Ахметова" in entry.label for entry in entries)
    assert entries.count() == 2

    services.user_erase(user=learner_to_erase)

    labels = " ".join(ModelLogEntry.objects.values_list("label", flat=True))
    assert "Дана" not in labels
    assert "dana@example.kz" not in labels
    assert entries.count() == 2


def test_user_erase_keeps_the_region_for_statistics(learner_to_erase):
    region_id = learner_to_erase.region_id

    services.user_erase(user=learner_to_erase)

    assert fresh(learner_to_erase).region_id == region_id


def test_user_erase_twice_changes_nothing(learner_to_erase):
    services.user_erase(user=learner_to_erase)
    erased = User.objects.values().get(pk=learner_to_erase.pk)

    assert services.user_erase(user=learner_to_erase) is False

    assert User.objects.values().get(pk=learner_to_erase.pk) == erased
    assert ModelLogEntry.objects.filter(action="people.erase").count() == 1


def test_position_hand_over_today_withdraws_the_holders_permissions_at_once(
    learner, other_learner, regional_office
):
    held = services.position_start(
        user=learner,
        organization=regional_office,
        role=Role.REGIONAL_ADMIN,
        start_date=days_from_today(-30),
    )

    services.position_hand_over(position=held, successor=other_learner)

    assert not fresh(learner).has_perm("people.view_user")
    assert fresh(other_learner).has_perm("people.view_user")


def test_position_update_changes_the_title_and_refuses_to_change_the_role(
    learner, regional_office
):
    position = services.position_start(
        user=learner, organization=regional_office, role=Role.MENTOR, title="Тренер"
    )

    services.position_update(position=position, title="Старший тренер", end_date=None)
    position.refresh_from_db()
    assert position.title == "Старший тренер"

    with pytest.raises(ValidationError) as exc:
        services.position_update(
            position=position,
            title="Старший тренер",
            end_date=None,
            role=Role.REGIONAL_ADMIN,
        )
    assert exc.value.messages == [str(services.MSG_POSITION_FIXED_FIELDS)]
    position.refresh_from_db()
    assert position.role == Role.MENTOR


def test_user_profile_update_refuses_an_under_18_birth_date_without_guardian_consent(
    learner,
):
    services.consent_record(user=learner)
    minor_birth_date = days_from_today(-16 * 366)

    with pytest.raises(ValidationError) as exc:
        services.user_profile_update(
            user=learner,
            full_name=learner.full_name,
            region=learner.region,
            organization_kind="",
            date_of_birth=minor_birth_date,
            preferred_language="ru",
        )

    assert exc.value.message_dict["date_of_birth"] == [
        str(services.MSG_MINOR_WITHOUT_GUARDIAN_CONSENT)
    ]
    learner.refresh_from_db()
    assert learner.date_of_birth != minor_birth_date
