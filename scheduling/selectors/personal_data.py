"""A person's scheduling records for their personal data download."""

from __future__ import annotations

from ..models import (
    Attendance,
    CalendarFeed,
    ComplianceNotice,
    Registration,
    TrainingSession,
)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def scheduling_data_export(*, user) -> dict:
    """Registrations (with the session, its days, status and reasons), attendance
    marks, the sessions the person trains, their calendar feed (not its secret
    address) and the monthly cadence notices they got as an admin (five queries)."""
    feed = CalendarFeed.objects.filter(person=user).first()
    return {
        "registrations": [
            {
                "session": str(r.session.uid),
                "title": r.session.title_ru,
                "starts_at": _iso(r.session.starts_at),
                "status": r.status,
                "seat": r.seat,
                "registered_at": r.created_at.isoformat(),
                "cancelled_at": _iso(r.cancelled_at),
                "reason": r.reason,
            }
            for r in Registration.objects.filter(person=user)
            .select_related("session")
            .order_by("created_at", "pk")
        ],
        "attendance": [
            {
                "session": str(a.day.session.uid),
                "title": a.day.session.title_ru,
                "date": a.day.date.isoformat(),
                "mark": a.mark,
                "source": a.source,
                "marked_at": a.marked_at.isoformat(),
            }
            for a in Attendance.objects.filter(person=user)
            .select_related("day__session")
            .order_by("day__starts_at", "pk")
        ],
        "trained": [
            {
                "session": str(s.uid),
                "title": s.title_ru,
                "starts_at": _iso(s.starts_at),
                "status": s.status,
            }
            for s in TrainingSession.objects.filter(trainers=user).order_by(
                "starts_at", "pk"
            )
        ],
        "calendar_feed_created_at": _iso(feed.created_at) if feed else None,
        "cadence_notices": [
            {
                "region": n.region.iso_code,
                "month": n.period,
                "sent_at": _iso(n.sent_at),
            }
            for n in ComplianceNotice.objects.filter(person=user)
            .select_related("region")
            .order_by("period", "pk")
        ],
    }
