"""The dashboard's other figures per region (quizzes, risk zones, cadence, the
Standard, newcomers) and their exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .. import exports
from ..forms import RegionFiguresFilterForm
from ..selectors import activity_report, can_view_reports
from ..tables import csv_response, xlsx_response


def _activity(request):
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    form = RegionFiguresFilterForm(request.GET or None, viewer=request.user)
    rows, total = activity_report(viewer=request.user, filters=form.filters())
    return form, rows, total


@login_required
def activity(request):
    form, rows, total = _activity(request)
    return render(
        request,
        "reports/activity.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "zones": total.zones,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def activity_csv(request):
    _form, rows, total = _activity(request)
    return csv_response(exports.activity_table(rows, total), "regions")


@login_required
def activity_xlsx(request):
    _form, rows, total = _activity(request)
    return xlsx_response(exports.activity_table(rows, total), "regions")
