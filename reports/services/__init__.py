"""The reports' state changes, one module per concern, re-exported here."""

from .subscriptions import (
    report_subscription_cancel,
    report_subscription_create,
    report_subscription_deliver,
    report_subscription_personal_data_erase,
)
from .summary import completion_summary_refresh, completion_summary_refresh_request

__all__ = [
    "completion_summary_refresh",
    "completion_summary_refresh_request",
    "report_subscription_cancel",
    "report_subscription_create",
    "report_subscription_deliver",
    "report_subscription_personal_data_erase",
]
