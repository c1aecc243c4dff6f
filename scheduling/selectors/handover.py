"""Reads for a hand-over (people.services.handover): the sessions a leaver trains that
have not yet taken place."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from people.models import User
from people.signals import HandoverDutyInfo

from ..models import SessionStatus, TrainingSession

HANDOVER_DUTY_SESSIONS = "sessions"


def session_list_trained_upcoming(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions `user` trains at that are not over, held or cancelled (a session
    without days yet counts: it will take place)."""
    return (
        TrainingSession.objects.filter(trainers=user)
        .exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.HELD])
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
        .order_by("starts_at", "pk")
    )


def _session_label(session: TrainingSession) -> str:
    """The session's title and first day (in the active language)."""
    if not session.starts_at:
        return session.title
    day = date_format(timezone.localtime(session.starts_at), "DATE_FORMAT")
    return f"{session.title}, {day}"


def handover_session_duties(*, user: User) -> list[HandoverDutyInfo]:
    """The hand-over duties of a leaver's upcoming sessions: one per session."""
    return [
        HandoverDutyInfo(
            kind=HANDOVER_DUTY_SESSIONS,
            object_type="scheduling.trainingsession",
            object_id=str(session.pk),
            label=_session_label(session),
        )
        for session in session_list_trained_upcoming(user=user)
    ]


def handover_session_duty_labels(*, duties) -> dict[int, str]:
    """The session duties among a hand-over's `duties` labelled with the session's
    date in the active language: {duty pk: label}. One query, none without them."""
    session_duties = {
        int(duty.object_id): duty.pk
        for duty in duties
        if duty.object_type == "scheduling.trainingsession"
    }
    if not session_duties:
        return {}
    return {
        session_duties[session.pk]: _session_label(session)
        for session in TrainingSession.objects.filter(pk__in=session_duties)
    }
