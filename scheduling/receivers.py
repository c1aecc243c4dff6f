"""How scheduling reacts to other apps' events, connected in SchedulingConfig.ready()."""

from __future__ import annotations

from .selectors.personal_data import scheduling_data_export
from .services.personal_data import scheduling_personal_data_erase


def on_personal_data_export(sender, *, user, **kwargs):
    return "training_sessions", scheduling_data_export(user=user)


def on_personal_data_erase(sender, *, user, **kwargs) -> None:
    scheduling_personal_data_erase(user=user)


def on_handover_duties_collect(sender, *, position, **kwargs):
    """A hand-over opens: the sessions the leaver trains that have not taken place."""
    from .selectors.handover import handover_session_duties

    return handover_session_duties(user=position.user)


def on_handover_duties_transfer(sender, *, duties, from_user, to_user, **kwargs):
    """The duties move on: the next holder trains the sessions instead."""
    from .selectors.handover import HANDOVER_DUTY_SESSIONS
    from .services.handover import sessions_trainer_replace

    sessions_trainer_replace(
        session_ids=[d.object_id for d in duties if d.kind == HANDOVER_DUTY_SESSIONS],
        from_user=from_user,
        to_user=to_user,
    )


def on_handover_duty_labels(sender, *, duties, **kwargs):
    """A hand-over's duties are shown: the sessions' dates in the reader's language."""
    from .selectors.handover import handover_session_duty_labels

    return handover_session_duty_labels(duties=duties)
