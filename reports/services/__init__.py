"""The reports' state changes, one module per concern, re-exported here."""

from .summary import completion_summary_refresh, completion_summary_refresh_request

__all__ = ["completion_summary_refresh", "completion_summary_refresh_request"]
