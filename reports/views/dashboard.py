"""The admins' reports: the completion dashboard and its exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from ..exports import dashboard_table
from ..forms import DashboardFilterForm
from ..selectors import can_view_reports, completion_dashboard
from ..tables import csv_response, xlsx_response


def _dashboard(request):
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, viewer=request.user)
    rows, total = completion_dashboard(viewer=request.user, filters=form.filters())
    return form, rows, total


@login_required
def dashboard(request):
    form, rows, total = _dashboard(request)
    query = request.GET.urlencode()
    return render(
        request,
        "reports/dashboard.html",
        {"form": form, "rows": rows, "total": total, "query": query},
    )


@login_required
def dashboard_csv(request):
    _form, rows, total = _dashboard(request)
    return csv_response(dashboard_table(rows, total), "completion")


@login_required
def dashboard_xlsx(request):
    _form, rows, total = _dashboard(request)
    return xlsx_response(dashboard_table(rows, total), "completion")
