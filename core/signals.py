"""Connecting receivers, the one way every app does it in its AppConfig.ready()."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save


def connect_saves_and_deletes(receiver, *models, uid: str) -> None:
    """Connect `receiver` to post_save and post_delete of each model (once: the
    dispatch_uid is `uid` with the model and the signal)."""
    for model in models:
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                receiver, sender=model, dispatch_uid=f"{uid}_{model.__name__}_{name}"
            )
