"""State changes for people: sign-up, profile, consent, positions and roles, erasure."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .models import ConsentRecord, ErasureRequest, Organization, Position, Region, User
from .roles import (
    MODERATION_ROLES,
    ROLE_PAGE_PERMISSIONS,
    ROLE_PERMISSIONS,
    WAGTAIL_MODERATORS_GROUP,
    Role,
    role_group_name,
)
from .signals import personal_data_erase, position_started
from .tasks import erasure_request_notify as erasure_request_notify_task

MSG_CONSENT_REQUIRED = _(
    "You need to consent to the processing of personal data to sign up."
)
MSG_GUARDIAN_REQUIRED = _(
    "Learners under 18 sign up with the consent of a parent or legal representative: "
    "give their full name and confirm their consent."
)
MSG_BIRTH_DATE_FUTURE = _("The date of birth cannot be in the future.")
MSG_BIRTH_DATE_IMPLAUSIBLE = _("Please check the date of birth.")
MSG_POSITION_REGION_REQUIRED = _(
    "A mentor or regional administrator must belong to an organisation with a region."
)
MSG_POSITION_START_FUTURE = _("A position cannot start in the future.")
MSG_POSITION_ALREADY_ENDED = _("This position has already ended.")
MSG_ERASURE_PENDING = _("An erasure request is already pending.")
MSG_GUARDIAN_NAME_REQUIRED = _(
    "Learners under 18 need the consent of a parent or legal representative."
)
MSG_GUARDIAN_CONSENT_REQUIRED = _(
    "Please confirm your parent's or legal representative's consent."
)
MSG_MINOR_WITHOUT_GUARDIAN_CONSENT = _(
    "This date of birth makes you younger than 18. Learners under 18 need the consent of "
    "a parent or legal representative, given at sign-up: please contact your front office."
)
MSG_POSITION_FIXED_FIELDS = _(
    "The person, organisation, role and start date of a position cannot change: end this "
    "position and start a new one."
)

ADULT_AGE = 18
# The audit-log action of a change of a user's region (people.wagtail_hooks).
REGION_CHANGE_ACTION = "people.region_change"


def _birth_date_validate(date_of_birth: datetime.date | None) -> None:
    if date_of_birth is None:
        return
    today = timezone.localdate()
    if date_of_birth > today:
        raise ValidationError({"date_of_birth": MSG_BIRTH_DATE_FUTURE}, code="future")
    if date_of_birth.year < today.year - 110 or date_of_birth.year > today.year - 5:
        raise ValidationError(
            {"date_of_birth": MSG_BIRTH_DATE_IMPLAUSIBLE}, code="implausible"
        )


def _age(date_of_birth: datetime.date | None) -> int | None:
    if date_of_birth is None:
        return None
    today = timezone.localdate()
    return (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )


PROFILE_FIELDS = [
    "full_name",
    "region",
    "organization_kind",
    "date_of_birth",
    "preferred_language",
]


def _profile_save(*, user: User, **fields) -> None:
    fields["full_name"] = fields["full_name"].strip()
    for name in PROFILE_FIELDS:
        setattr(user, name, fields[name])
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=PROFILE_FIELDS)


@transaction.atomic
def user_signup_complete(
    *,
    user: User,
    full_name: str,
    region: Region,
    organization_kind: str,
    date_of_birth: datetime.date,
    preferred_language: str,
    consent: bool,
    guardian_name: str = "",
    guardian_consent: bool = False,
) -> User:
    """Fill the profile of a newly signed-up user and record their consent.

    A learner under 18 signs up with a parent's or legal representative's consent
    (personal-data law), whose name is kept with the consent record.
    """
    _birth_date_validate(date_of_birth)
    if not consent:
        raise ValidationError({"consent": MSG_CONSENT_REQUIRED}, code="consent")
    age = _age(date_of_birth)
    minor = age is not None and age < ADULT_AGE
    if minor and (not guardian_name.strip() or not guardian_consent):
        raise ValidationError({"guardian_name": MSG_GUARDIAN_REQUIRED}, code="guardian")
    _profile_save(
        user=user,
        full_name=full_name,
        region=region,
        organization_kind=organization_kind,
        date_of_birth=date_of_birth,
        preferred_language=preferred_language,
    )
    consent_record(
        user=user,
        guardian_name=guardian_name.strip() if minor else "",
    )
    return user


def consent_record(*, user: User, guardian_name: str = "") -> ConsentRecord:
    """Record consent to the current personal-data policy version (idempotent)."""
    record, _created = ConsentRecord.objects.get_or_create(
        user=user,
        purpose=ConsentRecord.Purpose.PERSONAL_DATA,
        policy_version=settings.LMS_CONSENT_POLICY_VERSION,
        defaults={
            "given_by_guardian": bool(guardian_name),
            "guardian_name": guardian_name,
        },
    )
    if record.withdrawn_at is not None:
        record.withdrawn_at = None
        record.given_at = timezone.now()
        record.save(update_fields=["withdrawn_at", "given_at", "updated_at"])
    return record


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    full_name: str,
    region: Region,
    organization_kind: str,
    date_of_birth: datetime.date | None,
    preferred_language: str,
) -> User:
    """Change the learner's own profile fields.

    A date of birth that makes the learner a minor needs a guardian's consent on file
    (given at sign-up), as personal-data law requires for minors.
    """
    _birth_date_validate(date_of_birth)
    age = _age(date_of_birth)
    if (
        age is not None
        and age < ADULT_AGE
        and not user.consents.filter(
            given_by_guardian=True, withdrawn_at__isnull=True
        ).exists()
    ):
        raise ValidationError(
            {"date_of_birth": MSG_MINOR_WITHOUT_GUARDIAN_CONSENT}, code="guardian"
        )
    previous_region_id = (
        User.objects.filter(pk=user.pk).values_list("region_id", flat=True).first()
    )
    _profile_save(
        user=user,
        full_name=full_name,
        region=region,
        organization_kind=organization_kind,
        date_of_birth=date_of_birth,
        preferred_language=preferred_language,
    )
    user_region_change_record(user=user, previous_region_id=previous_region_id, by=user)
    return user


def _region_facts(region_id: int | None) -> dict | None:
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    if region is None:
        return None
    return {
        "id": region.pk,
        "name": {"kk": region.name_kk, "ru": region.name_ru, "en": region.name_en},
    }


def user_region_change_record(
    *, user: User, previous_region_id: int | None, by: User | None
) -> bool:
    """Record in the audit log that `user`'s region changed from `previous_region_id`
    to their current one (nothing when it did not change). Returns whether it changed.

    A learner declares their region themselves and may move (volunteers do): the move
    takes them out of one region's admins' scope into another's, so it is kept, with
    both regions and who made it, and shown on the learner's page to admins."""
    if previous_region_id == user.region_id:
        return False
    log(
        user,
        REGION_CHANGE_ACTION,
        user=by,
        data={
            "old_region": _region_facts(previous_region_id),
            "new_region": _region_facts(user.region_id),
        },
    )
    return True


# Roles and positions
# ------------------------------------------------------------------------------


def roles_sync() -> None:
    """Create one Group per role and give it exactly the role's permissions (idempotent).

    Runs after every migrate, so the permissions in people.roles are the truth.
    """
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role_group_name(role))
        wanted = []
        for dotted in sorted(ROLE_PERMISSIONS[role]):
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
        if root is None:
            continue
        page_codenames = ROLE_PAGE_PERMISSIONS.get(role, set())
        GroupPagePermission.objects.filter(group=group).exclude(
            permission__codename__in=page_codenames
        ).delete()
        for codename in sorted(page_codenames):
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )
    moderation_sync()


def moderation_sync() -> None:
    """Let the groups of people.roles.MODERATION_ROLES approve wherever Wagtail's
    "Moderators" group does: they join every group approval task of that group, and
    the groups of other roles leave it (idempotent; part of roles_sync).

    Wagtail's own migrations create the "Moderators approval" workflow on the whole
    tree; groups an administrator added to a task by hand stay.
    """
    from wagtail.models import GroupApprovalTask

    role_groups = {
        role: Group.objects.filter(name=role_group_name(role)).first() for role in Role
    }
    for task in GroupApprovalTask.objects.filter(groups__name=WAGTAIL_MODERATORS_GROUP):
        for role, group in role_groups.items():
            if group is None:
                continue
            if role in MODERATION_ROLES:
                task.groups.add(group)
            else:
                task.groups.remove(group)


def _group_membership_refresh(*, user: User) -> None:
    """Make the user's role groups match the positions active today."""
    from .selectors import position_list_active

    active_roles = set(
        position_list_active().filter(user=user).values_list("role", flat=True)
    )
    for role in Role:
        group = Group.objects.filter(name=role_group_name(role)).first()
        if group is None:
            continue
        if role in active_roles:
            user.groups.add(group)
        else:
            user.groups.remove(group)


@transaction.atomic
def position_start(
    *,
    user: User,
    organization: Organization,
    role: str,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    title: str = "",
    actor: User | None = None,
) -> Position:
    """Appoint a person to a role in an organisation.

    Grants the role's permissions and announces position_started (courses applies
    the assignment rules, so a newcomer gets their onboarding program).
    """
    start_date = start_date or timezone.localdate()
    if start_date > timezone.localdate():
        raise ValidationError({"start_date": MSG_POSITION_START_FUTURE}, code="future")
    if role in (Role.MENTOR, Role.REGIONAL_ADMIN) and organization.region_id is None:
        raise ValidationError(
            {"organization": MSG_POSITION_REGION_REQUIRED}, code="region"
        )
    position = Position(
        user=user,
        organization=organization,
        role=role,
        start_date=start_date,
        end_date=end_date,
        title=title,
    )
    position.full_clean()
    position.save()
    if user.organization_id is None:
        user.organization = organization
        user.save(update_fields=["organization"])
    _group_membership_refresh(user=user)
    log(
        position,
        "people.position_start",
        user=actor,
        data={"user": user.pk, "organization": organization.pk, "role": role},
    )
    position_started.send(sender=Position, position=position)
    return position


@transaction.atomic
def position_end(
    *,
    position: Position,
    end_date: datetime.date | None = None,
    actor: User | None = None,
) -> Position:
    """End a position (today by default) and withdraw the role's permissions."""
    end_date = end_date or timezone.localdate()
    if position.end_date is not None and position.end_date < timezone.localdate():
        raise ValidationError(MSG_POSITION_ALREADY_ENDED, code="ended")
    position.end_date = end_date
    position.full_clean()
    position.save(update_fields=["end_date", "updated_at"])
    _group_membership_refresh(user=position.user)
    log(
        position,
        "people.position_end",
        user=actor,
        data={"end_date": end_date.isoformat()},
    )
    return position


@transaction.atomic
def position_update(
    *,
    position: Position,
    title: str,
    end_date: datetime.date | None,
    actor: User | None = None,
    user: User | None = None,
    organization: Organization | None = None,
    role: str | None = None,
    start_date: datetime.date | None = None,
) -> Position:
    """Change what may change in a position: its title, and its end (through position_end).

    The person, organisation, role and start date are fixed; asking to change them is
    refused with a message (end the position and start a new one instead).
    """
    current = Position.objects.select_for_update().get(pk=position.pk)
    fixed = {
        "user": (user, current.user),
        "organization": (organization, current.organization),
        "role": (role, current.role),
        "start_date": (start_date, current.start_date),
    }
    if any(new is not None and new != old for new, old in fixed.values()):
        raise ValidationError(MSG_POSITION_FIXED_FIELDS, code="fixed")
    if title != current.title:
        current.title = title
        current.save(update_fields=["title", "updated_at"])
        log(current, "wagtail.edit", user=actor, data={"title": title})
    if end_date is not None and end_date != current.end_date:
        current = position_end(position=current, end_date=end_date, actor=actor)
    return current


@transaction.atomic
def position_hand_over(
    *,
    position: Position,
    successor: User,
    date: datetime.date | None = None,
    actor: User | None = None,
) -> Position:
    """Hand a position over: the successor holds it from `date` (today by default) and
    the holder's last day is the day before (the same day when they started that day).

    The successor's new position triggers the assignment rules like any appointment.
    """
    date = date or timezone.localdate()
    last_day = max(position.start_date, date - datetime.timedelta(days=1))
    position_end(position=position, end_date=last_day, actor=actor)
    return position_start(
        user=successor,
        organization=position.organization,
        role=position.role,
        start_date=date,
        title=position.title,
        actor=actor,
    )


def positions_expire() -> int:
    """Withdraw role permissions of positions whose end date has passed. Returns users touched.

    Looks at every ended position whose holder is still in a role group, not only those
    that ended yesterday, so a missed beat run is caught up by the next one.
    """
    user_ids = set(
        Position.objects.filter(
            end_date__lt=timezone.localdate(),
            user__groups__name__startswith=role_group_name(""),
        ).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=user_ids):
        _group_membership_refresh(user=user)
    return len(user_ids)


# Personal data: erasure
# ------------------------------------------------------------------------------


@transaction.atomic
def user_erasure_request(*, user: User) -> ErasureRequest:
    """Ask for the erasure of one's personal data; it happens after a grace period."""
    if ErasureRequest.objects.filter(
        user=user, status=ErasureRequest.Status.PENDING
    ).exists():
        raise ValidationError(MSG_ERASURE_PENDING, code="pending")
    request = ErasureRequest(
        user=user,
        due_at=timezone.now()
        + datetime.timedelta(days=settings.LMS_ERASURE_GRACE_DAYS),
    )
    request.full_clean()
    request.save()
    log(user, "people.erasure_request", user=user)
    transaction.on_commit(
        lambda: erasure_request_notify_task.delay(erasure_request_id=request.pk)
    )
    return request


@transaction.atomic
def user_erasure_cancel(*, user: User) -> int:
    """Cancel a pending erasure request. Returns how many were cancelled (0 or 1)."""
    cancelled = ErasureRequest.objects.filter(
        user=user, status=ErasureRequest.Status.PENDING
    ).update(status=ErasureRequest.Status.CANCELLED, processed_at=timezone.now())
    if cancelled:
        log(user, "people.erasure_cancel", user=user)
    return cancelled


@transaction.atomic
def user_erase(*, user: User) -> bool:
    """Erase a user's personal data (idempotent: an erased user is left as is).

    The account row stays, anonymised, so that region statistics keep their counts;
    the e-mail, name, date of birth and login are gone, and every app erases its own
    identifying records through personal_data_erase.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        return False
    from allauth.account.models import EmailAddress

    personal_data_erase.send(sender=User, user=user)
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"erased-{uuid.uuid4().hex}@invalid.invalid"
    user.full_name = ""
    user.date_of_birth = None
    user.organization = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.consents.filter(guardian_name__gt="").update(guardian_name="")
    Position.objects.filter(user=user, end_date__isnull=True).update(
        end_date=timezone.localdate()
    )
    ErasureRequest.objects.filter(
        user=user, status=ErasureRequest.Status.PENDING
    ).update(status=ErasureRequest.Status.DONE, processed_at=timezone.now())
    # Wagtail's audit log keeps str(object) as each entry's label, which names the
    # person: relabel the entries about them and their positions with the new str().
    for instance in [user, *user.positions.select_related("user", "organization")]:
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
        ).update(label=str(instance))
    # Open sessions end by themselves: the changed password hash and is_active=False
    # make Django reject them on the next request.
    log(user, "people.erase", user=None)
    return True
