"""A person's scheduling records for their personal data download."""

from __future__ import annotations

from ..models import Attendance, Registration


def scheduling_data_export(*, user) -> dict:
    """Registrations (with the session, its days, status and reasons) and attendance
    marks of a person (two queries)."""
    return {
        "registrations": [
            {
                "session": str(r.session.uid),
                "title": r.session.title_ru,
                "starts_at": r.session.starts_at.isoformat()
                if r.session.starts_at
                else None,
                "status": r.status,
                "seat": r.seat,
                "registered_at": r.created_at.isoformat(),
                "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
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
    }
