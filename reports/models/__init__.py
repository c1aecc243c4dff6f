"""The reports' own records, one module per concern, re-exported here."""

__all__ = []
