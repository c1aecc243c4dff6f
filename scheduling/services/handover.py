"""State changes for a hand-over (people.services.handover): the next holder trains
the leaver's sessions that have not yet taken place."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from people.models import User

from ..selectors.handover import session_list_trained_upcoming


@transaction.atomic
def sessions_trainer_replace(
    *, session_ids: Iterable[int], from_user: User | None, to_user: User
) -> int:
    """Make `to_user` a trainer instead of `from_user` at those of `session_ids` that
    have not yet taken place (idempotent). Returns the sessions changed."""
    ids = {int(pk) for pk in session_ids}
    if not ids:
        return 0
    sessions = list(
        session_list_trained_upcoming(user=from_user).filter(pk__in=ids)
        if from_user is not None
        else []
    )
    for session in sessions:
        session.trainers.remove(from_user)
        session.trainers.add(to_user)
    return len(sessions)
