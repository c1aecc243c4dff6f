"""The reports' own records, one module per concern, re-exported here."""

from .summary import FIGURES, CompletionFigure, SummaryState

__all__ = ["FIGURES", "CompletionFigure", "SummaryState"]
