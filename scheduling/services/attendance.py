"""Attendance: marks by the trainer's list (sent at once or, from a phone that was
offline, hours later), self check-in with the day's code, the filled sign-in sheet,
and the completion of "attend a session" course items.

A mark is an idempotent upsert of the one row per day and person: a re-sent mark
with the same or an older `marked_at` changes nothing, a newer one wins (a
conditional update, so two devices sending at once cannot both win). A mark that
says what the row already says writes nothing either, so a file applied twice or a
second scan of the QR code changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from courses import selectors as course_selectors
from courses.services import item_complete
from people.models import User

from .. import selectors
from ..models import (
    Attendance,
    AttendanceMark,
    SessionAttendancePage,
    SessionDay,
    SessionStatus,
    TrainingSession,
)

MSG_NOT_ALLOWED = _("Only the session's trainers and its admins may mark attendance.")
MSG_NOT_REGISTERED = _("This person is not registered for the session.")
MSG_BAD_MARK = _("Unknown mark: use present, absent or excused.")
MSG_SESSION_CANCELLED = _("The session is cancelled: attendance cannot be marked.")
MSG_CODE_WRONG = _("This check-in code is not right. Check it and try again.")
MSG_CODE_EXPIRED = _(
    "This check-in code is not valid today: it works only on the day it was shown."
)
MSG_CHECK_IN_NOT_REGISTERED = _(
    "You are not registered for this session, so you cannot check in. "
    "Please speak to the trainer."
)
MSG_NO_DAY_TODAY = _("The session has no day today: there is nothing to check in to.")

# What a filled sheet may say in its "mark" column, in each language of the site
# (lower case; a sheet may say "Присутствовал" or "present").
MARK_WORDS: dict[str, str] = {
    # English
    "present": AttendanceMark.PRESENT,
    "absent": AttendanceMark.ABSENT,
    "excused": AttendanceMark.EXCUSED,
    "+": AttendanceMark.PRESENT,
    "-": AttendanceMark.ABSENT,
    # Russian
    "присутствовал": AttendanceMark.PRESENT,
    "присутствовала": AttendanceMark.PRESENT,
    "присутствует": AttendanceMark.PRESENT,
    "был": AttendanceMark.PRESENT,
    "была": AttendanceMark.PRESENT,
    "да": AttendanceMark.PRESENT,
    "отсутствовал": AttendanceMark.ABSENT,
    "отсутствовала": AttendanceMark.ABSENT,
    "отсутствует": AttendanceMark.ABSENT,
    "не был": AttendanceMark.ABSENT,
    "не была": AttendanceMark.ABSENT,
    "нет": AttendanceMark.ABSENT,
    "уважительная": AttendanceMark.EXCUSED,
    "уважительная причина": AttendanceMark.EXCUSED,
    "по уважительной причине": AttendanceMark.EXCUSED,
    # Kazakh
    "қатысты": AttendanceMark.PRESENT,
    "келді": AttendanceMark.PRESENT,
    "иә": AttendanceMark.PRESENT,
    "қатыспады": AttendanceMark.ABSENT,
    "келмеді": AttendanceMark.ABSENT,
    "жоқ": AttendanceMark.ABSENT,
    "себепті": AttendanceMark.EXCUSED,
    "дәлелді себеп": AttendanceMark.EXCUSED,
    "дәлелді себеппен": AttendanceMark.EXCUSED,
}


@dataclasses.dataclass
class MarkOutcome:
    """What a mark did: the row as it now stands, and whether this call wrote it."""

    attendance: Attendance
    changed: bool


def mark_parse(value: str) -> str | None:
    """A mark as stored ("present", "absent", "excused") from what a person wrote in
    any of the site's languages; None when it is none of them."""
    word = " ".join(str(value).split()).lower().rstrip(".")
    return MARK_WORDS.get(word)


# Marking
# ------------------------------------------------------------------------------


def _write(
    *,
    day: SessionDay,
    person: User,
    mark: str,
    by: User | None,
    marked_at: datetime.datetime,
    source: str,
) -> MarkOutcome:
    """The upsert itself (permission and registration already checked)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    day=day,
                    person=person,
                    mark=mark,
                    source=source,
                    marked_by=by,
                    marked_at=marked_at,
                )
            changed = True
        except IntegrityError:
            # A row exists (or a concurrent request just made one): only a newer
            # mark that says something else replaces it, in one conditional update.
            changed = bool(
                Attendance.objects.filter(
                    day=day, person=person, marked_at__lt=marked_at
                )
                .exclude(mark=mark)
                .update(
                    mark=mark,
                    source=source,
                    marked_by=by,
                    marked_at=marked_at,
                    updated_at=timezone.now(),
                )
            )
            attendance = Attendance.objects.get(day=day, person=person)
        if changed and mark == AttendanceMark.PRESENT:
            attendance_completion_evaluate(session=day.session, person=person)
    return MarkOutcome(attendance=attendance, changed=changed)


def _check_markable(*, day: SessionDay, mark: str) -> None:
    if mark not in AttendanceMark.values:
        raise ValidationError(MSG_BAD_MARK, code="bad_mark")
    if day.session.status == SessionStatus.CANCELLED:
        raise ValidationError(MSG_SESSION_CANCELLED, code="cancelled")


def attendance_mark(
    *,
    day: SessionDay,
    person: User,
    mark: str,
    by: User,
    marked_at: datetime.datetime,
    source: str = Attendance.Source.LIST,
) -> MarkOutcome:
    """Mark a registered person present, absent or excused on a day (idempotent).

    Only the session's trainers and its admins in scope may mark; only people with
    a seat (registration status registered) can be marked. `marked_at` is when the
    mark was made (on the trainer's phone): an older or equal one than the kept
    mark changes nothing. A new "present" evaluates the person's "attend a session"
    items."""
    session = day.session
    if not selectors.attendance_can_mark(user=by, session=session):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    _check_markable(day=day, mark=mark)
    if not selectors.registration_is_registered(session=session, person=person):
        raise ValidationError(MSG_NOT_REGISTERED, code="not_registered")
    return _write(
        day=day,
        person=person,
        mark=mark,
        by=by,
        marked_at=marked_at,
        source=source,
    )


@dataclasses.dataclass
class BatchMark:
    """One mark of a batch (the trainer's list, or marks kept offline): whom, what,
    when it was made, and the client's id of it, echoed in the result."""

    person_id: int
    mark: str
    marked_at: datetime.datetime
    client_id: str = ""


@dataclasses.dataclass
class BatchResult:
    client_id: str
    person_id: int
    status: str  # "saved", "unchanged" or "refused"
    message: str = ""
    mark: str = ""


def attendance_mark_batch(
    *,
    day: SessionDay,
    marks: Iterable[BatchMark],
    by: User,
    source: str = Attendance.Source.LIST,
) -> list[BatchResult]:
    """Apply many marks of one day, each on its own (a refused one does not stop
    the others): the permission is checked once, the registered people read once.
    Marks re-sent by a phone that was offline come back "unchanged"."""
    session = day.session
    if not selectors.attendance_can_mark(user=by, session=session):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    people = {
        registration.person_id: registration.person
        for registration in selectors.registration_list_registered(session=session)
    }
    results = []
    for item in marks:
        person = people.get(item.person_id)
        try:
            if person is None:
                raise ValidationError(MSG_NOT_REGISTERED, code="not_registered")
            _check_markable(day=day, mark=item.mark)
            outcome = _write(
                day=day,
                person=person,
                mark=item.mark,
                by=by,
                marked_at=item.marked_at,
                source=source,
            )
        except ValidationError as exc:
            results.append(
                BatchResult(
                    client_id=item.client_id,
                    person_id=item.person_id,
                    status="refused",
                    message=str(exc.messages[0]),
                )
            )
            continue
        results.append(
            BatchResult(
                client_id=item.client_id,
                person_id=item.person_id,
                status="saved" if outcome.changed else "unchanged",
                mark=outcome.attendance.mark,
            )
        )
    return results


# Self check-in
# ------------------------------------------------------------------------------


@transaction.atomic
def attendance_check_in(
    *,
    day: SessionDay,
    person: User,
    code: str,
    now: datetime.datetime | None = None,
) -> MarkOutcome:
    """A participant checks in with the day's code (the QR code's link, or the six
    digits shown during an online meeting): marked present once, by themselves.
    A wrong code, a code of another day and a person without a seat are refused."""
    now = now or timezone.now()
    if not selectors.check_in_code_matches(day=day, code=code):
        raise ValidationError(MSG_CODE_WRONG, code="wrong_code")
    if not selectors.check_in_open(day=day, now=now):
        raise ValidationError(MSG_CODE_EXPIRED, code="expired")
    if day.session.status == SessionStatus.CANCELLED:
        raise ValidationError(MSG_SESSION_CANCELLED, code="cancelled")
    if not selectors.registration_is_registered(session=day.session, person=person):
        raise ValidationError(MSG_CHECK_IN_NOT_REGISTERED, code="not_registered")
    return _write(
        day=day,
        person=person,
        mark=AttendanceMark.PRESENT,
        by=person,
        marked_at=now,
        source=Attendance.Source.CHECK_IN,
    )


def attendance_check_in_session(
    *,
    session: TrainingSession,
    person: User,
    code: str,
    now: datetime.datetime | None = None,
) -> MarkOutcome:
    """Check in to today's day of a session with the six-digit code (online
    meetings: the participant types what the trainer shows)."""
    now = now or timezone.now()
    day = session.days.filter(date=timezone.localdate(now)).first()
    if day is None:
        raise ValidationError(MSG_NO_DAY_TODAY, code="no_day")
    day.session = session
    return attendance_check_in(day=day, person=person, code=code, now=now)


# The filled sign-in sheet
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class SheetRow:
    """One line of an uploaded sheet: its line number (as a spreadsheet shows it),
    who (e-mail, or registration number) and the mark as written."""

    line: int
    who: str
    mark: str


MSG_SHEET_UNKNOWN = _("line %(line)s: %(who)s is not registered for this session.")
MSG_SHEET_DUPLICATE = _("line %(line)s: %(who)s is already on line %(first)s.")
MSG_SHEET_BAD_MARK = _(
    "line %(line)s: “%(mark)s” is not a mark (write present, absent or excused)."
)
MSG_SHEET_NO_ONE = _("line %(line)s: the e-mail or registration number is missing.")
MSG_SHEET_EMPTY = _("The file has no marks.")


@dataclasses.dataclass
class SheetImport:
    """What an applied sheet did."""

    saved: int
    unchanged: int


def attendance_sheet_import(
    *, day: SessionDay, rows: Iterable[SheetRow], by: User
) -> SheetImport:
    """Apply a filled sign-in sheet: every line is checked first, and every unknown
    person, duplicate or bad mark is reported with its line number in one
    ValidationError; nothing is applied until the whole file is valid. Lines with
    no mark are skipped (not filled in). Applying the same file again changes
    nothing."""
    session = day.session
    if not selectors.attendance_can_mark(user=by, session=session):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(MSG_SESSION_CANCELLED, code="cancelled")
    registrations = list(selectors.registration_list_registered(session=session))
    by_email = {r.person.email.lower(): r.person for r in registrations}
    by_number = {str(r.pk): r.person for r in registrations}
    errors: list[ValidationError] = []
    seen: dict[int, int] = {}
    planned: list[tuple[User, str]] = []
    for row in rows:
        who = str(row.who or "").strip()
        written = str(row.mark or "").strip()
        if not written:
            continue
        if not who:
            errors.append(
                ValidationError(
                    MSG_SHEET_NO_ONE, code="no_one", params={"line": row.line}
                )
            )
            continue
        person = by_email.get(who.lower()) or by_number.get(who.lstrip("#"))
        first = seen.get(person.pk) if person is not None else None
        mark = mark_parse(written)
        if person is None:
            errors.append(
                ValidationError(
                    MSG_SHEET_UNKNOWN,
                    code="unknown",
                    params={"line": row.line, "who": who},
                )
            )
        elif first is not None:
            errors.append(
                ValidationError(
                    MSG_SHEET_DUPLICATE,
                    code="duplicate",
                    params={"line": row.line, "who": who, "first": first},
                )
            )
        else:
            seen[person.pk] = row.line
        if mark is None:
            errors.append(
                ValidationError(
                    MSG_SHEET_BAD_MARK,
                    code="bad_mark",
                    params={"line": row.line, "mark": written},
                )
            )
        if person is not None and first is None and mark is not None:
            planned.append((person, mark))
    if errors:
        raise ValidationError(errors)
    if not planned:
        raise ValidationError(MSG_SHEET_EMPTY, code="empty")
    now = timezone.now()
    saved = 0
    with transaction.atomic():
        for person, mark in planned:
            outcome = _write(
                day=day,
                person=person,
                mark=mark,
                by=by,
                marked_at=now,
                source=Attendance.Source.SHEET,
            )
            saved += outcome.changed
        audit_log(
            session,
            "scheduling.attendance_sheet",
            user=by,
            region_id=session.region_id,
            data={"date": day.date.isoformat(), "saved": saved, "lines": len(planned)},
        )
    return SheetImport(saved=saved, unchanged=len(planned) - saved)


# Completion of "attend a session" items
# ------------------------------------------------------------------------------


def attendance_completion_evaluate(
    *, session: TrainingSession, person: User
) -> list[SessionAttendancePage]:
    """When the person was present on every day of a session that belongs to a
    course they are enrolled in, complete that course's live "attend a session"
    items whose kind of session matches (any, or the session's). Returns the items
    completed by this call's check (completing is idempotent)."""
    if session.course_key is None:
        return []
    if not selectors.session_attended_all_days(session=session, person=person):
        return []
    course = course_selectors.course_page_for_key(key=session.course_key)
    if course is None:
        return []
    enrolment = course_selectors.enrolment_get_for(learner=person, course=course)
    if enrolment is None:
        return []
    canonical = course_selectors.course_canonical(course=course)
    items = list(
        SessionAttendancePage.objects.child_of(canonical)
        .live()
        .filter(Q(session_kind="") | Q(session_kind=session.kind))
    )
    for item in items:
        item_complete(enrolment=enrolment, item=item)
    return items
