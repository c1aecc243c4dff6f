"""Creating, changing and ending training sessions. Every change a registered
person must hear of (days, times, venue, link, title, cancellation) raises the
session's SEQUENCE, which the iCalendar output carries, and sends a notice once."""

from __future__ import annotations

import dataclasses
import datetime
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.outbox import enqueue_durably
from people.models import User

from .. import selectors
from ..models import (
    RegistrationStatus,
    SessionDay,
    SessionStatus,
    TrainingSession,
)
from ..tasks import session_notice as session_notice_task

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")

MSG_NO_DAYS = _("A session has at least one day.")
MSG_DAY_ENDS_BEFORE_START = _("A day must end after it starts.")
MSG_DUPLICATE_DAY = _("Each day of a session is listed once.")
MSG_REGION_OUT_OF_SCOPE = _("You may only manage sessions of your own region.")
MSG_REASON_REQUIRED = _("Give the reason for cancelling.")
MSG_CAPACITY_BELOW_REGISTERED = _(
    "%(registered)d people are registered: the session cannot have fewer seats."
)
MSG_BAD_TRANSITION = _("A session that is %(status)s cannot become %(target)s.")
MSG_NOT_STARTED = _("A session is held only once it has begun.")

# Fields whose change the people registered are told about (with a new SEQUENCE).
NOTIFIED_FIELDS = {"title_ru", "title_kk", "title_en", "venue", "meeting_url", "kind"}
EDITABLE_FIELDS = {
    "kind",
    "title_ru",
    "title_kk",
    "title_en",
    "description",
    "course_key",
    "region",
    "audience_roles",
    "audience_organization_kinds",
    "venue",
    "meeting_url",
    "capacity",
    "waitlist",
    "registration_deadline",
    "approval_required",
}
# Which status may follow which (the service that cancels is session_cancel).
TRANSITIONS = {
    SessionStatus.DRAFT: {SessionStatus.OPEN, SessionStatus.CANCELLED},
    SessionStatus.OPEN: {
        SessionStatus.CLOSED,
        SessionStatus.CANCELLED,
        SessionStatus.HELD,
    },
    SessionStatus.CLOSED: {
        SessionStatus.OPEN,
        SessionStatus.CANCELLED,
        SessionStatus.HELD,
    },
    SessionStatus.CANCELLED: set(),
    SessionStatus.HELD: set(),
}


@dataclasses.dataclass(frozen=True)
class DaySpec:
    """One day of a session as an admin enters it: the date and Almaty times."""

    date: datetime.date
    starts: datetime.time
    ends: datetime.time

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        return (
            datetime.datetime.combine(self.date, self.starts, tzinfo=ALMATY),
            datetime.datetime.combine(self.date, self.ends, tzinfo=ALMATY),
        )


def _days_check(days: list[DaySpec]) -> list[DaySpec]:
    if not days:
        raise ValidationError({"days": [MSG_NO_DAYS]})
    errors = []
    if len({day.date for day in days}) != len(days):
        errors.append(MSG_DUPLICATE_DAY)
    if any(day.ends <= day.starts for day in days):
        errors.append(MSG_DAY_ENDS_BEFORE_START)
    if errors:
        raise ValidationError({"days": errors})
    return sorted(days, key=lambda day: day.date)


def _scope_check(*, by: User | None, region_id: int | None) -> None:
    """`by` (None: the platform itself, e.g. the yearly plan) may manage sessions
    of that region."""
    if by is None:
        return
    probe = TrainingSession(region_id=region_id)
    if not selectors.session_can_manage(user=by, session=probe):
        if by.has_perm(selectors.MANAGE_PERMISSION):
            raise ValidationError({"region": [MSG_REGION_OUT_OF_SCOPE]})
        raise PermissionDenied


def _days_write(session: TrainingSession, days: list[DaySpec]) -> bool:
    """Make the session's days equal to `days`; whether anything changed."""
    wanted = {day.date: day.bounds() for day in days}
    current = {day.date: day for day in session.days.all()}
    changed = False
    for date, day in current.items():
        if date not in wanted:
            day.delete()
            changed = True
        elif (day.starts_at, day.ends_at) != wanted[date]:
            day.starts_at, day.ends_at = wanted[date]
            day.save(update_fields=["starts_at", "ends_at"])
            changed = True
    new = [
        SessionDay(session=session, date=date, starts_at=bounds[0], ends_at=bounds[1])
        for date, bounds in wanted.items()
        if date not in current
    ]
    if new:
        SessionDay.objects.bulk_create(new)
        changed = True
    first, last = days[0].bounds(), days[-1].bounds()
    session.starts_at, session.ends_at = first[0], last[1]
    return changed


@transaction.atomic
def session_create(
    *,
    by: User | None,
    days: list[DaySpec],
    trainers: list[User] | None = None,
    **fields,
) -> TrainingSession:
    """Create a session with its days (a draft unless `status` says otherwise). `by`
    must manage sessions of the session's region; None is the platform itself."""
    unknown = set(fields) - EDITABLE_FIELDS - {"status", "plan_slot"}
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    days = _days_check(days)
    region = fields.get("region")
    _scope_check(by=by, region_id=region.pk if region else None)
    session = TrainingSession(**fields)
    first, last = days[0].bounds(), days[-1].bounds()
    session.starts_at, session.ends_at = first[0], last[1]
    session.full_clean(exclude=["uid"])
    session.save()
    _days_write(session, days)
    if trainers:
        session.trainers.set(trainers)
    if by is not None:
        audit_log(session, "wagtail.create", user=by, region_id=session.region_id)
    return session


@transaction.atomic
def session_update(
    *,
    session: TrainingSession,
    by: User | None,
    days: list[DaySpec] | None = None,
    trainers: list[User] | None = None,
    **fields,
) -> TrainingSession:
    """Change a session. When its days, times, venue, link or title change, its
    SEQUENCE rises and the people registered are told once. More seats promote
    people from the waitlist; fewer seats than people registered are refused."""
    from .registration import _waitlist_promote

    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    _scope_check(by=by, region_id=session.region_id)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if "region" in fields:
        region = fields["region"]
        _scope_check(by=by, region_id=region.pk if region else None)
    notify = False
    for name, value in fields.items():
        if getattr(session, name) != value:
            notify = notify or name in NOTIFIED_FIELDS
            setattr(session, name, value)
    registered = selectors.session_seats_taken(session=session)
    if session.capacity < registered:
        raise ValidationError(
            {
                "capacity": [
                    ValidationError(
                        MSG_CAPACITY_BELOW_REGISTERED,
                        params={"registered": registered},
                    )
                ]
            }
        )
    if days is not None:
        notify = _days_write(session, _days_check(days)) or notify
    if notify and session.status != SessionStatus.DRAFT:
        session.sequence += 1
    session.full_clean(exclude=["uid"])
    session.save()
    if trainers is not None:
        session.trainers.set(trainers)
    promoted = _waitlist_promote(session)
    if by is not None:
        audit_log(session, "wagtail.edit", user=by, region_id=session.region_id)
    if notify and session.status != SessionStatus.DRAFT:
        enqueue_durably(session_notice_task, session_id=session.pk)
    session._promoted = promoted
    return session


@transaction.atomic
def session_status_set(
    *, session: TrainingSession, by: User | None, status: str
) -> TrainingSession:
    """Open, close or mark a session held (cancelling is `session_cancel`)."""
    _scope_check(by=by, region_id=session.region_id)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if status == session.status:
        return session
    if status == SessionStatus.CANCELLED or status not in TRANSITIONS[session.status]:
        raise ValidationError(
            MSG_BAD_TRANSITION,
            code="bad_transition",
            params={
                "status": session.get_status_display(),
                "target": SessionStatus(status).label,
            },
        )
    if status == SessionStatus.HELD and not selectors.session_has_started(
        session=session
    ):
        raise ValidationError(MSG_NOT_STARTED, code="not_started")
    session.status = status
    session.save(update_fields=["status", "updated_at"])
    if by is not None:
        audit_log(
            session,
            "scheduling.status",
            user=by,
            region_id=session.region_id,
            data={"status": status},
        )
    return session


@transaction.atomic
def session_cancel(
    *, session: TrainingSession, by: User | None, reason: str
) -> TrainingSession:
    """Cancel a session, with the reason: everyone registered, waitlisted or
    waiting for approval is told once (the iCalendar event becomes CANCELLED with a
    new SEQUENCE; it is not dropped). Their registrations stay as they were, so the
    notice and the feeds know whom to tell."""
    _scope_check(by=by, region_id=session.region_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"cancelled_reason": [MSG_REASON_REQUIRED]})
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        return session
    if SessionStatus.CANCELLED not in TRANSITIONS[session.status]:
        raise ValidationError(
            MSG_BAD_TRANSITION,
            code="bad_transition",
            params={
                "status": session.get_status_display(),
                "target": SessionStatus.CANCELLED.label,
            },
        )
    was_draft = session.status == SessionStatus.DRAFT
    session.status = SessionStatus.CANCELLED
    session.cancelled_reason = reason
    session.sequence += 1
    session.save(update_fields=["status", "cancelled_reason", "sequence", "updated_at"])
    if by is not None:
        audit_log(
            session,
            "scheduling.cancel",
            user=by,
            region_id=session.region_id,
            data={"reason": reason},
        )
    if (
        not was_draft
        and session.registrations.filter(
            status__in=[
                RegistrationStatus.REGISTERED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.PENDING,
            ]
        ).exists()
    ):
        enqueue_durably(session_notice_task, session_id=session.pk)
    return session
