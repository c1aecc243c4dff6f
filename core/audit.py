"""The audit trail of admin actions: Wagtail's audit log (ModelLogEntry), every entry
attributed to the region of the person or record it concerns, kept in its `data`
under REGION_KEY (None: no region, seen by national admins only) so that reports
select a region's entries in the database (a JSON key lookup, `data__region_id`)."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.db.models import Model
from wagtail.log_actions import log

REGION_KEY = "region_id"


def audit_data(data: dict[str, Any] | None = None, *, region_id: int | None) -> dict:
    """`data` of an audit entry with the region it concerns (for entries built
    directly, such as bulk inserts of ModelLogEntry)."""
    return {**(data or {}), REGION_KEY: region_id}


def audit_log(
    instance: Model,
    action: str,
    *,
    user,
    region_id: int | None,
    data: dict[str, Any] | None = None,
    uuid: uuid_module.UUID | None = None,
):
    """Record `action` (registered with `register_log_actions`) on `instance` by
    `user` in Wagtail's audit log, attributed to `region_id` (None: no region).
    Returns the entry."""
    return log(
        instance,
        action,
        user=user,
        uuid=uuid,
        data=audit_data(data, region_id=region_id),
    )


# Keys an anonymised entry gets in `data`: when, and why.
ANONYMISED_AT_KEY = "anonymised_at"
ANONYMISED_REASON_KEY = "anonymised_reason"
# The reason of the anonymisation that follows an erasure of personal data.
ERASURE_REASON = "personal data erased at the person's request"


def audit_entries_anonymise(
    entries,
    *,
    keys: tuple[str, ...] = (),
    label: str | None = None,
    reason: str = ERASURE_REASON,
) -> int:
    """Anonymise audit entries (a queryset of ModelLogEntry) rather than delete them:
    the trail of who did what and when stays, as the personal-data law's breach
    reporting needs it, but the free-text `keys` of their `data` are blanked, their
    label (the str() of their record when it was logged) replaced by `label` if given,
    and each is marked with when and why. Returns how many entries changed."""
    from django.utils import timezone

    now = timezone.now().isoformat()
    changed = 0
    for entry in entries:
        data = dict(entry.data) if isinstance(entry.data, dict) else {}
        for key in keys:
            if data.get(key):
                data[key] = ""
        data[ANONYMISED_AT_KEY] = now
        data[ANONYMISED_REASON_KEY] = reason
        entry.data = data
        fields = ["data"]
        if label is not None:
            entry.label = label[:255]
            fields.append("label")
        entry.save(update_fields=fields)
        changed += 1
    return changed
