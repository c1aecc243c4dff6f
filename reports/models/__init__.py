"""The reports' own records, one module per concern, re-exported here."""

from .subscriptions import (
    ReportDelivery,
    ReportFrequency,
    ReportKind,
    ReportSubscription,
)
from .summary import FIGURES, CompletionFigure, SummaryState

__all__ = [
    "FIGURES",
    "CompletionFigure",
    "ReportDelivery",
    "ReportFrequency",
    "ReportKind",
    "ReportSubscription",
    "SummaryState",
]
