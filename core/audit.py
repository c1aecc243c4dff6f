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
