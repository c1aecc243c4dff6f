"""Attendance pages: the trainer's list of a day (a plain form; with JavaScript,
marks kept on the phone and sent as JSON batches), the check-in code screen (QR and
six digits), the participant's check-in, and the sign-in sheet (PDF, template to
fill in, upload of the filled file)."""

from __future__ import annotations

import dataclasses
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.links import public_url
from core.pdf import PdfUnavailable

from .. import selectors, services, sheets
from ..forms.attendance import (
    AttendanceListForm,
    CheckInCodeForm,
    SheetUploadForm,
    batch_parse,
    mark_field_name,
)
from ..models import SessionDay, TrainingSession


def _day(pk: int) -> SessionDay:
    try:
        return selectors.day_get(pk=pk)
    except SessionDay.DoesNotExist:
        raise Http404 from None


def _day_for_marking(request, pk: int) -> SessionDay:
    """The day, when the user may mark it (404 when there is no such day, 403 when
    they are not the session's trainer or admin)."""
    day = _day(pk)
    if not selectors.attendance_can_mark(user=request.user, session=day.session):
        raise PermissionDenied(services.MSG_NOT_ALLOWED)
    return day


def _public_day(pk: int) -> SessionDay:
    """A day to check in to: 404 for a draft's, which shows nowhere."""
    try:
        return selectors.day_get_public(pk=pk)
    except SessionDay.DoesNotExist:
        raise Http404 from None


def _public_session(pk: int) -> TrainingSession:
    """A session to check in to: 404 for a draft, which shows nowhere."""
    try:
        return selectors.session_get_for_check_in(pk=pk)
    except TrainingSession.DoesNotExist:
        raise Http404 from None


# The trainer's list
# ------------------------------------------------------------------------------


@login_required
def session_list(request):
    """The sessions the user trains at (on, coming, or past in the last 30 days),
    each with its days, leading to each day's list."""
    return render(
        request,
        "scheduling/attendance/session_list.html",
        {
            "sessions": selectors.session_list_to_mark(user=request.user),
            "today": timezone.localdate(),
        },
    )


def _list_context(request, day: SessionDay, form: AttendanceListForm) -> dict:
    counts = {"present": 0, "absent": 0, "excused": 0, "none": 0}
    entries = []
    for row in form.rows:
        counts[row.mark or "none"] += 1
        entries.append((row, form[mark_field_name(row.person.pk)]))
    return {
        "day": day,
        "session": day.session,
        "days": selectors.day_list_for_session(session=day.session),
        "form": form,
        "entries": entries,
        "counts": counts,
        "marks_url": reverse("scheduling_attendance:day_marks", args=[day.pk]),
    }


@login_required
@require_http_methods(["GET", "POST"])
def day_list(request, pk: int):
    """A day's list of the people registered, to mark present / absent / excused;
    one POST saves the whole list, then the page shows it again with a message."""
    day = _day_for_marking(request, pk)
    rows = selectors.attendance_list(day=day)
    if request.method != "POST":
        form = AttendanceListForm(rows=rows)
        return render(
            request,
            "scheduling/attendance/day_list.html",
            _list_context(request, day, form),
        )
    form = AttendanceListForm(request.POST, rows=rows)
    if not form.is_valid():
        return render(
            request,
            "scheduling/attendance/day_list.html",
            _list_context(request, day, form),
            status=400,
        )
    results = services.attendance_mark_batch(
        day=day, marks=form.marks(now=timezone.now()), by=request.user
    )
    saved = sum(result.status == "saved" for result in results)
    if saved:
        messages.success(
            request,
            ngettext("%(count)s mark saved.", "%(count)s marks saved.", saved)
            % {"count": saved},
        )
    else:
        messages.info(request, _("Nothing changed."))
    for result in results:
        if result.status == "refused":
            messages.error(request, result.message)
    return redirect("scheduling_attendance:day_list", pk=day.pk)


@require_POST
def day_marks(request, pk: int):
    """Marks kept on a phone, sent as a JSON batch (with the CSRF token in the
    X-CSRFToken header). Each mark comes back with its client id and "saved",
    "unchanged" (a re-sent or older mark) or "refused" and why; the phone forgets
    the marks the server answered for."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Please log in again.")}, status=401)
    try:
        day = _day_for_marking(request, pk)
    except PermissionDenied:
        return JsonResponse({"error": str(services.MSG_NOT_ALLOWED)}, status=403)
    try:
        marks = batch_parse(json.loads(request.body or b"null"))
    except (ValueError, UnicodeDecodeError) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    results = services.attendance_mark_batch(day=day, marks=marks, by=request.user)
    return JsonResponse({"results": [dataclasses.asdict(r) for r in results]})


# Check-in: the code screen, the link of the QR code, the six digits
# ------------------------------------------------------------------------------


def check_in_url(day: SessionDay) -> str:
    """The absolute address the day's QR code holds."""
    path = reverse(
        "scheduling_attendance:check_in",
        args=[day.pk, selectors.check_in_token(day=day)],
    )
    return public_url(path)


@login_required
def day_check_in_code(request, pk: int):
    """The trainer's screen for self check-in: the day's QR code (SVG inline) and
    the same code as six digits, valid until the day's end."""
    import segno

    day = _day_for_marking(request, pk)
    url = check_in_url(day)
    qr = segno.make(url, error="m", micro=False)
    return render(
        request,
        "scheduling/attendance/check_in_code.html",
        {
            "day": day,
            "session": day.session,
            "check_in_url": url,
            # segno writes the SVG from the URL alone: nothing of a user in it
            # (reviewed for bandit's B308/B703).
            "qr_svg": mark_safe(  # nosec
                qr.svg_inline(
                    scale=6, border=2, svgclass="qr-code", lineclass=None, omitsize=True
                )
            ),
            "human_code": selectors.check_in_human_code(day=day),
            "is_today": selectors.check_in_open(day=day),
            "session_check_in_url": public_url(
                reverse("scheduling_attendance:session_check_in", args=[day.session_id])
            ),
        },
    )


def _check_in_result(request, day: SessionDay, outcome) -> None:
    if outcome.changed:
        messages.success(request, _("You are checked in. Welcome!"))
    else:
        messages.info(request, _("You are already checked in for today."))


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk: int, token: str):
    """The page the QR code opens: a participant confirms they are here (a POST, so
    a link preview never checks anyone in) and is marked present, once."""
    day = _public_day(pk)
    error = None
    done = False
    if not selectors.check_in_code_matches(day=day, code=token):
        error = services.MSG_CODE_WRONG
    elif not selectors.check_in_open(day=day):
        error = services.MSG_CODE_EXPIRED
    elif request.method == "POST":
        try:
            outcome = services.attendance_check_in(
                day=day, person=request.user, code=token
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            _check_in_result(request, day, outcome)
            done = True
    elif not selectors.registration_is_registered(
        session=day.session, person=request.user
    ):
        error = services.MSG_CHECK_IN_NOT_REGISTERED
    else:
        mark = selectors.attendance_get(day=day, person=request.user)
        done = mark is not None and mark.mark == mark.Mark.PRESENT
    return render(
        request,
        "scheduling/attendance/check_in.html",
        {"day": day, "session": day.session, "error": error, "done": done},
        status=400 if error and request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_check_in(request, pk: int):
    """Check in to today's day of a session by typing the six digits the trainer
    shows (online meetings)."""
    session = _public_session(pk)
    form = CheckInCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.attendance_check_in_session(
                session=session, person=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
            status = 400
        else:
            day = outcome.attendance.day
            _check_in_result(request, day, outcome)
            return redirect("scheduling_attendance:session_check_in", pk=session.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "scheduling/attendance/session_check_in.html",
        {"session": session, "form": form, "day": selectors.day_today(session=session)},
        status=status,
    )


# The sign-in sheet
# ------------------------------------------------------------------------------


@login_required
def day_sheet_pdf(request, pk: int):
    """The printable sign-in sheet of a day."""
    day = _day_for_marking(request, pk)
    try:
        content = sheets.sheet_pdf_bytes(day)
    except PdfUnavailable:
        return render(
            request,
            "scheduling/attendance/pdf_unavailable.html",
            {"day": day, "session": day.session},
            status=503,
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{sheets.sheet_template_name(day, "pdf")}"'
    )
    return response


@login_required
def day_sheet_template(request, pk: int, extension: str):
    """The sheet to fill in, prefilled with the people registered, as CSV or XLSX."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    day = _day_for_marking(request, pk)
    if extension == "csv":
        content = sheets.sheet_template_csv(day)
        content_type = "text/csv; charset=utf-8"
    else:
        content = sheets.sheet_template_xlsx(day)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{sheets.sheet_template_name(day, extension)}"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def day_sheet_upload(request, pk: int):
    """Upload the filled sheet: every bad line is listed with its number and nothing
    is applied until the whole file is right."""
    day = _day_for_marking(request, pk)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rows = sheets.sheet_rows_read(form.cleaned_data["file"])
                result = services.attendance_sheet_import(
                    day=day, rows=rows, by=request.user
                )
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(
                    request,
                    _(
                        "The sheet is applied: %(saved)s marks saved, "
                        "%(unchanged)s already as they were."
                    )
                    % {"saved": result.saved, "unchanged": result.unchanged},
                )
                return redirect("scheduling_attendance:day_list", pk=day.pk)
        status = 400
    return render(
        request,
        "scheduling/attendance/sheet_upload.html",
        {"day": day, "session": day.session, "form": form, "problems": problems},
        status=status,
    )
