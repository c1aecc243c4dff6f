"""The dashboard's figures by course and program, and their exports."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .. import exports
from ..forms import CourseFiguresFilterForm
from ..selectors import can_view_reports, course_report, summary_state
from ..tables import csv_response, xlsx_response


def _by_course(request):
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    form = CourseFiguresFilterForm(request.GET or None, viewer=request.user)
    return form, course_report(viewer=request.user, filters=form.filters())


@login_required
def by_course(request):
    form, rows = _by_course(request)
    state = summary_state()
    return render(
        request,
        "reports/by_course.html",
        {
            "form": form,
            "rows": rows,
            "query": request.GET.urlencode(),
            "as_of": state.refreshed_at if state else None,
            "refresh_minutes": settings.LMS_REPORTS_REFRESH_MINUTES,
        },
    )


@login_required
def by_course_csv(request):
    _form, rows = _by_course(request)
    return csv_response(exports.course_table(rows), "courses")


@login_required
def by_course_xlsx(request):
    _form, rows = _by_course(request)
    return xlsx_response(exports.course_table(rows), "courses")
