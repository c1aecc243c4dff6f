"""The reports' own records, one module per concern, re-exported here: per-region
targets and their daily snapshots (targets)."""

from .targets import Target, TargetSnapshot

__all__ = ["Target", "TargetSnapshot"]
