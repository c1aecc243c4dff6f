"""How scheduling reacts to other apps' events, connected in SchedulingConfig.ready()."""

from __future__ import annotations

from .selectors.personal_data import scheduling_data_export
from .services.personal_data import scheduling_personal_data_erase


def on_personal_data_export(sender, *, user, **kwargs):
    return "training_sessions", scheduling_data_export(user=user)


def on_personal_data_erase(sender, *, user, **kwargs) -> None:
    scheduling_personal_data_erase(user=user)
