"""State changes of roles and positions: the role groups and their permissions, and
positions started, ended, changed, handed over and expired."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log

from ..models import Organization, Position, User
from ..roles import (
    MODERATION_ROLES,
    ROLE_PAGE_PERMISSIONS,
    ROLE_PERMISSIONS,
    WAGTAIL_MODERATORS_GROUP,
    Role,
    role_group_name,
)
from ..signals import position_changed, position_ended, position_started

MSG_POSITION_REGION_REQUIRED = _(
    "A mentor or regional administrator must belong to an organisation with a region."
)
MSG_POSITION_START_FUTURE = _("A position cannot start in the future.")
MSG_POSITION_ALREADY_ENDED = _("This position has already ended.")
MSG_POSITION_FIXED_FIELDS = _(
    "The person, organisation, role and start date of a position cannot change: end this "
    "position and start a new one."
)


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
    from ..selectors import position_list_active

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
    audit_log(
        position,
        "people.position_start",
        user=actor,
        region_id=organization.region_id,
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
    audit_log(
        position,
        "people.position_end",
        user=actor,
        region_id=position.organization.region_id,
        data={"end_date": end_date.isoformat()},
    )
    position_ended.send(sender=Position, position=position, actor=actor)
    from .handover import handover_open

    handover_open(position=position, actor=actor)
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
        audit_log(
            current,
            "wagtail.edit",
            user=actor,
            region_id=current.organization.region_id,
            data={"title": title},
        )
        position_changed.send(sender=Position, position=current)
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

    The hand-over opens and completes in one go (people.services.handover): the
    successor's new position triggers the assignment rules like any appointment, and
    the duties move to them.
    """
    from .handover import handover_complete

    date = date or timezone.localdate()
    last_day = max(position.start_date, date - datetime.timedelta(days=1))
    position_end(position=position, end_date=last_day, actor=actor)
    handover = position.handovers.first()
    if handover is None:  # a stand-in's acting position: nothing to hand over
        return position_start(
            user=successor,
            organization=position.organization,
            role=position.role,
            start_date=date,
            title=position.title,
            actor=actor,
        )
    handover = handover_complete(
        handover=handover, successor=successor, date=date, actor=actor
    )
    return handover.successor_position


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
