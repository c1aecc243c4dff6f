"""The overdue list's exports (the list itself is courses'): the same people, with
the same filter and rule of scope, as CSV and XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required

from courses.forms import OverdueFilterForm
from courses.selectors import overdue_learners

from ..exports import overdue_table
from ..tables import csv_response, xlsx_response


def _table(request):
    form = OverdueFilterForm(request.GET or None, viewer=request.user)
    rows = overdue_learners(viewer=request.user, region_id=form.region_id())
    return overdue_table(rows)


@login_required
@permission_required("people.view_user", raise_exception=True)
def overdue_csv(request):
    return csv_response(_table(request), "overdue")


@login_required
@permission_required("people.view_user", raise_exception=True)
def overdue_xlsx(request):
    return xlsx_response(_table(request), "overdue")
