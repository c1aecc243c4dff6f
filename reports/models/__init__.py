"""The reports' own records, one module per concern, re-exported here."""

from .subscriptions import (
    ReportDelivery,
    ReportFrequency,
    ReportKind,
    ReportSubscription,
)

__all__ = ["ReportDelivery", "ReportFrequency", "ReportKind", "ReportSubscription"]
