"""The reports' state changes, one module per concern: per-region targets and their
snapshots (targets)."""

from .targets import (
    MSG_DUE_DATE_PAST,
    MSG_NO_REGION,
    MSG_TARGET_UNKNOWN,
    target_create,
    target_delete,
    target_snapshots_backfill,
    target_snapshots_record,
    target_update,
)

__all__ = [
    "MSG_DUE_DATE_PAST",
    "MSG_NO_REGION",
    "MSG_TARGET_UNKNOWN",
    "target_create",
    "target_delete",
    "target_snapshots_backfill",
    "target_snapshots_record",
    "target_update",
]
