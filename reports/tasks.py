"""Background work for reports. Tasks take ids (or nothing) and are idempotent."""

from celery import shared_task

from core.tasks import TASK_OPTIONS


@shared_task(**TASK_OPTIONS)
def completion_summary_refresh() -> int:
    """Beat, every few minutes (and on an admin's "Count again"): rebuild the
    completion summary; returns its number of rows. Two at once take turns."""
    from .services import completion_summary_refresh as refresh

    return refresh().rows
