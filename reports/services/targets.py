"""Per-region targets: national admins create (for one region or all at once),
change and delete them; their figures are recorded as daily snapshots (the trend),
and may be backfilled from the completion dates for past days."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core.outbox import enqueue_durably
from people.selectors import user_scope

from ..models import Target, TargetSnapshot
from ..selectors import (
    ADD_PERMISSION,
    CHANGE_PERMISSION,
    DELETE_PERMISSION,
    completion_history_by_region,
    target_actuals,
    target_choices,
    target_filters,
    target_groups_by_filters,
)
from ..tasks import target_snapshots_record as target_snapshots_record_task

if TYPE_CHECKING:
    from people.models import Region, User

MSG_DUE_DATE_PAST = _("The due date is in the past.")
MSG_TARGET_UNKNOWN = _("Choose a course or program of the catalog.")
MSG_NO_REGION = _("Choose a region, or every region.")


def _permission_check(*, by: User, permission: str, region_ids: Iterable[int]) -> None:
    """`by` holds the permission (national admins) and sees every region named."""
    if not by.has_perm(permission):
        raise PermissionDenied
    scope = user_scope(user=by)
    if not scope.everything and not set(region_ids) <= scope.region_ids:
        raise PermissionDenied


def _due_date_check(due_date: datetime.date) -> None:
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": [MSG_DUE_DATE_PAST]})


@transaction.atomic
def target_create(
    *,
    by: User,
    regions: Sequence[Region],
    title: str,
    target_key,
    percent: int,
    due_date: datetime.date,
    organization_kind: str = "",
    role: str = "",
) -> tuple[list[Target], int]:
    """The same target for each of `regions` (one, or all twenty at once): the
    created targets, and how many regions already had it (same learning, audience
    and due date), which are left as they are, so that sending the form twice
    creates nothing more. Their first snapshots are recorded once this commits."""
    _permission_check(
        by=by, permission=ADD_PERMISSION, region_ids=[r.pk for r in regions]
    )
    if not regions:
        raise ValidationError({"region": [MSG_NO_REGION]})
    target_key = uuid.UUID(str(target_key))
    if target_key not in {key for key, _title in target_choices()}:
        raise ValidationError({"target_key": [MSG_TARGET_UNKNOWN]})
    _due_date_check(due_date)
    fields = {
        "target_key": target_key,
        "organization_kind": organization_kind,
        "role": role,
        "due_date": due_date,
    }
    existing = set(
        Target.objects.filter(region__in=regions, **fields).values_list(
            "region_id", flat=True
        )
    )
    created = []
    for region in regions:
        if region.pk in existing:
            continue
        target = Target(
            region=region, title=title, percent=percent, created_by=by, **fields
        )
        target.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():  # a concurrent twin: skipped, not an error
                target.save()
        except IntegrityError:
            existing.add(region.pk)
            continue
        log(target, "wagtail.create", user=by)
        created.append(target)
    if created:
        ids = [target.pk for target in created]
        enqueue_durably(target_snapshots_record_task, target_ids=ids)
    return created, len(existing)


@transaction.atomic
def target_update(
    *, target: Target, by: User, title: str, percent: int, due_date: datetime.date
) -> Target:
    """Change a target's title, percent or due date (a new due date may not be in
    the past; its learning, audience and region stay: delete it and create another)."""
    _permission_check(
        by=by, permission=CHANGE_PERMISSION, region_ids=[target.region_id]
    )
    target = Target.objects.select_for_update().get(pk=target.pk)
    if due_date != target.due_date:
        _due_date_check(due_date)
    target.title, target.percent, target.due_date = title, percent, due_date
    target.full_clean()
    target.save()
    log(target, "wagtail.edit", user=by)
    return target


@transaction.atomic
def target_delete(*, target: Target, by: User) -> None:
    """Delete a target and its snapshots."""
    _permission_check(
        by=by, permission=DELETE_PERMISSION, region_ids=[target.region_id]
    )
    log(target, "wagtail.delete", user=by)
    target.delete()


def _snapshots_write(rows: list[TargetSnapshot]) -> int:
    """Insert the snapshots, or rewrite those of the same target and day (one
    statement; a second run changes nothing)."""
    TargetSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["target", "day"],
        update_fields=["assigned", "completed"],
    )
    return len(rows)


def target_snapshots_record(*, targets: Iterable[Target]) -> int:
    """Record today's figures of `targets` (reports.selectors.target_actuals), one
    snapshot a target a day: idempotent, a second run the same day rewrites the
    same rows with the figures of the moment. Returns how many."""
    targets = list(targets)
    today = timezone.localdate()
    actuals = target_actuals(targets=targets)
    return _snapshots_write(
        [
            TargetSnapshot(
                target=target,
                day=today,
                assigned=actuals[target.pk][0],
                completed=actuals[target.pk][1],
            )
            for target in targets
        ]
    )


def target_snapshots_backfill(
    *, targets: Iterable[Target], days: Sequence[datetime.date]
) -> int:
    """Record the figures of `targets` as they stood at the end of each of `days`
    (today or earlier), computed from when the learning was assigned and completed
    (reports.selectors.completion_history_by_region): the trend of a target set
    today. One query per group of targets counting the same learning. Idempotent."""
    today = timezone.localdate()
    days = sorted(day for day in set(days) if day <= today)
    rows = []
    for key, group in target_groups_by_filters(targets).items():
        history = completion_history_by_region(
            filters=target_filters(key),
            region_ids=sorted({target.region_id for target in group}),
            days=days,
        )
        for target in group:
            figures = history.get(target.region_id, {})
            for day in days:
                assigned, completed = figures.get(day, (0, 0))
                rows.append(
                    TargetSnapshot(
                        target=target, day=day, assigned=assigned, completed=completed
                    )
                )
    return _snapshots_write(rows)
