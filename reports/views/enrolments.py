"""Every enrolment in the viewer's scope as a file, with the dashboard's filters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from ..exports import enrolments_table
from ..forms import DashboardFilterForm
from ..selectors import can_view_reports, enrolment_export_rows
from ..tables import csv_response, xlsx_response


def _table(request):
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, viewer=request.user)
    rows = enrolment_export_rows(viewer=request.user, filters=form.filters())
    return enrolments_table(rows)


@login_required
def enrolments_csv(request):
    """Streamed: each line is written as its row is read."""
    return csv_response(_table(request), "enrolments")


@login_required
def enrolments_xlsx(request):
    return xlsx_response(_table(request), "enrolments")
