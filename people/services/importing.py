"""Applying an import of people: all rows or none, in a fixed number of statements.

The rows are planned again inside the transaction (people.importing.people_import_plan)
so that what is applied is what the database holds now; a file applied twice changes
nothing the second time (people are matched by e-mail, an open position of the same
person, organisation and role is left alone).

Positions started here have position_start's effects without its per-row queries: the
role groups (one bulk insert), the audit entries (one bulk insert), and
position_started for each (its receivers only enqueue work after the commit). New
people are invited to set their password (people.tasks.user_invitations_send, after the
commit, in batches). Every audit entry carries its region (core.audit): the person's
new region, the position's organisation's, the file's when it has one.
"""

from __future__ import annotations

import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from core.audit import audit_data, audit_log
from core.mail import mail_recipient, mail_send_once
from core.outbox import enqueue_durably
from core.pagecache import content_version_bump

from ..importing import RawRow, people_import_plan
from ..importing.plan import NEW, UPDATED, ImportPlan
from ..models import Position, User
from ..roles import Role, role_group_name
from ..signals import position_started, profile_changed
from ..tasks import user_invitations_send as user_invitations_send_task
from .profile import REGION_CHANGE_ACTION

IMPORT_ACTION = "people.import"
INVITATION_BATCH = 100

MSG_IMPORT_INVALID = _(
    "The file has problems now that were not there at the preview: nothing was "
    "imported. Upload it again to see them."
)
MSG_IMPORT_CONFLICT = _(
    "Someone changed the same people while the file was imported: nothing was "
    "imported. Upload it again."
)


def _region_facts(region) -> dict:
    return {
        "id": region.pk,
        "name": {"kk": region.name_kk, "ru": region.name_ru, "en": region.name_en},
    }


def people_import_apply(
    *,
    rows: list[RawRow],
    actor: User,
    filename: str = "",
    create_organizations: bool = False,
) -> ImportPlan:
    """Import people and positions from the rows of a file: all or nothing.

    Raises ValidationError (MSG_IMPORT_INVALID) when a row is invalid and
    (MSG_IMPORT_CONFLICT) when a concurrent change collides. Returns the plan applied
    (its counts say what changed); the import is recorded in the audit log on the
    actor (IMPORT_ACTION) with the file name and the counts."""
    try:
        with transaction.atomic():
            plan = _apply(
                rows=rows,
                actor=actor,
                filename=filename,
                create_organizations=create_organizations,
            )
    except IntegrityError:
        raise ValidationError(MSG_IMPORT_CONFLICT, code="conflict") from None
    return plan


def _apply(*, rows, actor, filename, create_organizations) -> ImportPlan:
    plan = people_import_plan(
        rows=rows, actor=actor, create_organizations=create_organizations
    )
    if plan.errors:
        raise ValidationError(MSG_IMPORT_INVALID, code="invalid")
    now = timezone.now()
    today = timezone.localdate()
    batch = uuid.uuid4()

    if plan.new_organizations:
        from ..models import Organization

        Organization.objects.bulk_create(list(plan.new_organizations.values()))

    # New people: one insert, with an unusable password (the invitation sets one).
    unusable = make_password(None)
    new_users = []
    for row in plan.rows:
        if row.person != NEW:
            continue
        row.user = User(
            email=row.email,
            full_name=row.full_name,
            date_of_birth=row.birth_date,
            region=row.region,
            organization=row.organization,
            organization_kind=row.organization.kind if row.organization else "",
            password=unusable,
            date_joined=now,
        )
        new_users.append(row.user)
    User.objects.bulk_create(new_users)
    # The address counts as verified (ACCOUNT_EMAIL_VERIFICATION): an administrator
    # vouches for it, and only its owner can choose the password (the invitation and
    # any later reset go to it), so signing in needs no second e-mail.
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, primary=True, verified=True)
            for user in new_users
        ]
    )

    # People changed: one update (of the fields that may differ).
    updated = []
    log_entries = []
    user_type = ContentType.objects.get_for_model(User)
    for row in plan.rows:
        if row.person != UPDATED:
            continue
        user = row.user
        previous_region = user.region
        if row.full_name:
            user.full_name = row.full_name
        if row.birth_date:
            user.date_of_birth = row.birth_date
        user.region = row.region
        if user.organization_id is None and row.organization is not None:
            user.organization = row.organization
        updated.append(user)
        if previous_region is None or previous_region.pk != row.region.pk:
            log_entries.append(
                ModelLogEntry(
                    content_type=user_type,
                    object_id=str(user.pk),
                    label=str(user)[:255],
                    action=REGION_CHANGE_ACTION,
                    timestamp=now,
                    user=actor,
                    uuid=batch,
                    data=audit_data(
                        {
                            "old_region": _region_facts(previous_region)
                            if previous_region
                            else None,
                            "new_region": _region_facts(row.region),
                        },
                        region_id=row.region.pk,
                    ),
                )
            )
    if updated:
        User.objects.bulk_update(
            updated, ["full_name", "date_of_birth", "region", "organization"]
        )
    # Existing people without an organisation join their first one, as in
    # position_start.
    joining = {
        row.user.pk: row.user
        for row in plan.rows
        if row.person != NEW
        and row.person != UPDATED
        and row.position == NEW
        and row.user.organization_id is None
    }
    for row in plan.rows:
        if row.user.pk in joining:
            row.user.organization = row.organization
    if joining:
        User.objects.bulk_update(list(joining.values()), ["organization"])

    # Positions: one insert, then their role groups, audit entries and signals.
    positions = [
        Position(
            user=row.user,
            organization=row.organization,
            role=row.role,
            start_date=row.start_date or today,
            title=row.title,
        )
        for row in plan.rows
        if row.position == NEW
    ]
    Position.objects.bulk_create(positions)
    if positions:
        groups = {
            group.name: group
            for group in Group.objects.filter(
                name__in={role_group_name(p.role) for p in positions}
            )
        }
        memberships = []
        for position in positions:
            group = groups.get(role_group_name(position.role))
            if group is not None:
                memberships.append(
                    User.groups.through(user_id=position.user_id, group_id=group.pk)
                )
        User.groups.through.objects.bulk_create(memberships, ignore_conflicts=True)
        position_type = ContentType.objects.get_for_model(Position)
        # Position.__str__, with the role labels looked up once (get_role_display
        # builds the choices' dict on every call: most of the time of 10,000 rows).
        role_labels = {role.value: str(role.label) for role in Role}
        log_entries.extend(
            ModelLogEntry(
                content_type=position_type,
                object_id=str(position.pk),
                label=(
                    f"{position.user} — {role_labels[position.role]}, "
                    f"{position.organization}"
                )[:255],
                action="people.position_start",
                timestamp=now,
                user=actor,
                uuid=batch,
                data=audit_data(
                    {
                        "user": position.user_id,
                        "organization": position.organization_id,
                        "role": position.role,
                    },
                    region_id=position.organization.region_id,
                ),
            )
            for position in positions
        )
    ModelLogEntry.objects.bulk_create(log_entries)
    counts = plan.counts
    # The file's region when all its people live in one (a regional admin's import
    # always does), else none: national admins see it.
    regions = {row.region.pk for row in plan.rows}
    audit_log(
        actor,
        IMPORT_ACTION,
        user=actor,
        region_id=regions.pop() if len(regions) == 1 else None,
        uuid=batch,
        data={"file": filename[:255], **counts},
    )
    if new_users or updated or positions:
        # Bulk writes send no post_save or m2m_changed: the memoized users and
        # permissions (people.backends) are read again.
        content_version_bump()
    for user in updated:
        profile_changed.send(sender=User, user=user)
    for position in positions:
        position_started.send(sender=Position, position=position)
    new_ids = [user.pk for user in new_users]
    for start in range(0, len(new_ids), INVITATION_BATCH):
        chunk = new_ids[start : start + INVITATION_BATCH]
        enqueue_durably(user_invitations_send_task, user_ids=chunk)
    return plan


def user_invitation_link(*, user: User) -> str:
    """The public link where `user` chooses their password: allauth's password reset
    from a key (valid for PASSWORD_RESET_TIMEOUT, and only until the password is set)."""
    from allauth.account.adapter import get_adapter
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    return get_adapter().get_reset_password_from_key_url(key)


def user_invitation_send(*, user: User) -> int:
    """E-mail an imported person the invitation to set their password, once (the
    `invited_at` flag). Returns how many e-mails were sent (0 or 1)."""
    recipient = mail_recipient(user)
    if recipient is None:
        return 0
    return mail_send_once(
        queryset=User.objects.filter(pk=user.pk),
        flag_field="invited_at",
        template="people/emails/invitation",
        to=recipient,
        context=lambda _recipient: {
            "user": user,
            "password_reset_url": user_invitation_link(user=user),
            "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )
