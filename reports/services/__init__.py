"""The reports' state changes, one module per concern, re-exported here; per-region targets and their trend (targets)."""

from .subscriptions import (
    report_subscription_cancel,
    report_subscription_create,
    report_subscription_deliver,
    report_subscription_personal_data_erase,
)
from .summary import (
    completion_summary_refresh,
    completion_summary_refresh_request,
)
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
    "completion_summary_refresh",
    "completion_summary_refresh_request",
    "report_subscription_cancel",
    "report_subscription_create",
    "report_subscription_deliver",
    "report_subscription_personal_data_erase",
    "target_create",
    "target_delete",
    "target_snapshots_backfill",
    "target_snapshots_record",
    "target_update",
]
