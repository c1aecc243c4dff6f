"""iCalendar (RFC 5545) of training sessions, made with the `icalendar` library: one
VEVENT per session day, in Asia/Almaty time with its VTIMEZONE.

- UID: the session's uid and the day's position ("<uid>-2@academy.example.kz" for
  the second day), so an edited session, its days moved, keeps its UIDs and calendar
  apps update their events instead of adding new ones. A day added at the end is a
  new event; a day removed from the end is dropped by feeds.
- SEQUENCE: the session's, raised by every change learners are told about.
- STATUS: CANCELLED for a cancelled session (kept, not dropped: calendar apps strike
  it through) and in the .ics of a cancelled registration, TENTATIVE in a person's own feed while they wait (waitlist, approval),
  else CONFIRMED.
- METHOD:PUBLISH, for feeds and for e-mail attachments alike. The attachments are
  not iTIP invitations (REQUEST/CANCEL): those need an ORGANIZER who reads replies
  and one UID per message, and a session of several days is several UIDs. A calendar
  app imports a PUBLISH attachment and updates the event it holds by UID and SEQUENCE.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from email.mime.text import MIMEText

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from core.links import public_domain, public_url

from .models import RegistrationStatus, SessionStatus, TrainingSession

TZID = "Asia/Almaty"
ALMATY = zoneinfo.ZoneInfo(TZID)
PRODID = "-//Birgemiz Academy//Training sessions//EN"
METHOD_PUBLISH = "PUBLISH"
# How often a calendar app should fetch a feed again (RFC 7986 REFRESH-INTERVAL and
# the older X-PUBLISHED-TTL that Outlook reads).
FEED_REFRESH = datetime.timedelta(hours=4)
# Registration states shown as TENTATIVE in a person's own feed.
WAITING = {RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING}
# Registration states that take the event out of the person's calendar (the .ics of
# a registration cancelled by an admin: the same UID and SEQUENCE, a later DTSTAMP).
ENDED = {RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED}


def day_uid(session: TrainingSession, position: int) -> str:
    """The UID of the `position`-th day (from 1) of a session: stable across edits."""
    return f"{session.uid}-{position}@{public_domain()}"


def session_page_url(session: TrainingSession) -> str:
    """The public address of the session's page in the active language; the
    calendar page when the session page is not routed (yet)."""
    try:
        path = reverse("scheduling:session_detail", args=[session.pk])
    except NoReverseMatch:
        try:
            path = reverse("scheduling:calendar")
        except NoReverseMatch:
            path = "/"
    return public_url(path)


def session_title(session: TrainingSession, language: str) -> str:
    """The session's title in `language`, else in Russian."""
    return getattr(session, f"title_{language}", "") or session.title_ru


def _summary(
    session: TrainingSession, title: str, position: int, total: int, state: str
) -> str:
    if total > 1:
        title = _("%(title)s (day %(day)s of %(days)s)") % {
            "title": title,
            "day": position,
            "days": total,
        }
    if session.status == SessionStatus.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": title}
    if state == RegistrationStatus.WAITLISTED:
        return _("Waitlist: %(title)s") % {"title": title}
    if state == RegistrationStatus.PENDING:
        return _("Awaiting approval: %(title)s") % {"title": title}
    return title


def _description(session: TrainingSession, *, page_url: str, meeting_url: str) -> str:
    lines = [str(session.get_kind_display())]
    if session.status == SessionStatus.CANCELLED:
        lines.append(_("The session is cancelled."))
        if session.cancelled_reason:
            lines.append(_("Reason: %(reason)s") % {"reason": session.cancelled_reason})
    if session.description:
        lines.append(session.description)
    if session.venue:
        lines.append(_("Venue: %(venue)s") % {"venue": session.venue})
    if meeting_url:
        lines.append(_("Meeting link: %(url)s") % {"url": meeting_url})
    lines.append(_("Session page: %(url)s") % {"url": page_url})
    return "\n\n".join(lines)


def session_events(
    session: TrainingSession,
    *,
    language: str,
    private: bool,
    state: str = "",
    stamp: datetime.datetime,
) -> list[Event]:
    """The VEVENTs of a session, one per day (`session.days` prefetched), in
    `language`. `private`: for the person's own eyes (a registered person's or a
    trainer's sees the meeting link); `state`: their registration's status, if any."""
    days = list(session.days.all())
    # The link of an online meeting is for the people holding a seat and the
    # trainers: not in a public feed, nor for someone still waiting.
    meeting_url = session.meeting_url if private and state not in WAITING else ""
    with translation.override(language):
        title = session_title(session, language)
        page_url = session_page_url(session)
        description = _description(session, page_url=page_url, meeting_url=meeting_url)
    if session.status == SessionStatus.CANCELLED or state in ENDED:
        status = "CANCELLED"
    elif state in WAITING:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    location = session.venue or meeting_url
    events = []
    for position, day in enumerate(days, start=1):
        with translation.override(language):
            summary = _summary(session, title, position, len(days), state)
        event = Event.new(
            uid=day_uid(session, position),
            stamp=stamp,
            start=day.starts_at.astimezone(ALMATY),
            end=day.ends_at.astimezone(ALMATY),
            summary=summary,
            description=description,
            sequence=session.sequence,
            status=status,
            url=meeting_url or page_url,
            location=location or None,
            last_modified=session.updated_at,
        )
        events.append(event)
    return events


def sessions_calendar(
    *,
    sessions: Iterable[TrainingSession],
    language: str,
    name: str = "",
    private: bool = False,
    states: dict[int, str] | None = None,
    feed: bool = True,
    stamp: datetime.datetime | None = None,
) -> Calendar:
    """A VCALENDAR (METHOD:PUBLISH) of the sessions' days with the VTIMEZONE of
    Asia/Almaty. `states` maps a session's id to the person's registration status
    (their own feed); `feed` adds the calendar's name and refresh interval."""
    stamp = stamp or timezone.now()
    states = states or {}
    calendar = Calendar.new(prodid=PRODID, method=METHOD_PUBLISH)
    calendar.pop("UID", None)  # a new one each time would mean nothing
    if feed:
        if name:
            calendar.calendar_name = name
        calendar.add("REFRESH-INTERVAL", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(FEED_REFRESH).to_ical().decode())
        calendar.add("X-WR-TIMEZONE", TZID)
    dates = []
    for session in sessions:
        for event in session_events(
            session,
            language=language,
            private=private,
            state=states.get(session.pk, ""),
            stamp=stamp,
        ):
            calendar.add_component(event)
            dates.append(event.start.date())
    if dates:
        # The VTIMEZONE covers the years of the events (Almaty's offsets changed,
        # last in 2024; a narrow range keeps the feed small).
        calendar.add_missing_timezones(
            first_date=datetime.date(min(dates).year - 1, 1, 1),
            last_date=datetime.date(max(dates).year + 2, 1, 1),
        )
    return calendar


def session_ics(*, session: TrainingSession, language: str, state: str = "") -> bytes:
    """The .ics of one session for an e-mail to a person (`session.days`
    prefetched or not)."""
    calendar = sessions_calendar(
        sessions=[session],
        language=language,
        private=True,
        states={session.pk: state} if state else None,
        feed=False,
    )
    return calendar.to_ical()


def ics_attachment(content: bytes, filename: str = "session.ics") -> MIMEText:
    """A MIME part for an .ics: text/calendar with the method, as mail clients
    expect to recognise an event."""
    part = MIMEText(content.decode(), "calendar", "utf-8")
    part.set_param("method", METHOD_PUBLISH)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def feed_language(value: str | None) -> str:
    """The feed's language from `?lang=`: one the site offers, else the default."""
    value = (value or "")[:8]
    return value if value in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
