"""The reports' own records, one module per concern, re-exported here; per-region targets and their trend (targets)."""

from .subscriptions import (
    ReportDelivery,
    ReportFrequency,
    ReportKind,
    ReportSubscription,
)
from .summary import (
    FIGURES,
    CompletionFigure,
    SummaryState,
)
from .targets import (
    Target,
    TargetSnapshot,
)

__all__ = [
    "CompletionFigure",
    "FIGURES",
    "ReportDelivery",
    "ReportFrequency",
    "ReportKind",
    "ReportSubscription",
    "SummaryState",
    "Target",
    "TargetSnapshot",
]
