"""The reports' background work: recording the targets' daily snapshots (beat)."""

from __future__ import annotations

from celery import shared_task

from core.tasks import TASK_OPTIONS

from .models import Target


@shared_task(**TASK_OPTIONS)
def target_snapshots_record(target_ids: list[int] | None = None) -> int:
    """Record today's figures of the targets `target_ids` (None, as beat runs it
    daily: every target due at most SNAPSHOT_DAYS_AFTER_DUE days ago). Idempotent:
    a second run the same day rewrites the same rows. Returns how many."""
    from .selectors import target_list_to_snapshot
    from .services import target_snapshots_record as record

    if target_ids is None:
        targets = target_list_to_snapshot()
    else:
        targets = Target.objects.filter(pk__in=target_ids)
    return record(targets=list(targets))
