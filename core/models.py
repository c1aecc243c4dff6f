"""The kernel's one table: the outbox of background work (core.outbox)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .db import BaseModel


class OutboxMessage(BaseModel):
    """A Celery task to hand to the broker, written in the transaction whose work it
    follows. A row exists only until the broker has accepted the task (it is then
    deleted): what is here is work not yet queued."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    # Sends that failed (the broker refused or could not be reached).
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self) -> str:
        return f"{self.task}({self.kwargs})"
