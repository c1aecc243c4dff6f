"""The admins' reports: the completion dashboard, its charts and its exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.formats import date_format

from .. import charts, exports
from ..forms import DashboardFilterForm
from ..selectors import can_view_reports, completion_dashboard, completions_by_month


def _dashboard(request):
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, viewer=request.user)
    rows, total = completion_dashboard(viewer=request.user, filters=form.filters())
    return form, rows, total


def _charts(rows, months) -> dict:
    """The completion rate by region (bars) and the completions a month (columns)."""
    return {
        "rates": charts.bar_chart(
            [
                charts.Datum(label=row.region.name, value=row.completion_percent)
                for row in rows
            ]
        ),
        "months": charts.column_chart(
            [
                charts.Datum(
                    label=date_format(month, "M"),
                    value=count,
                    note=str(month.year) if n == 0 or month.month == 1 else "",
                    title=date_format(month, "YEAR_MONTH_FORMAT"),
                )
                for n, (month, count) in enumerate(months)
            ]
        ),
    }


@login_required
def dashboard(request):
    form, rows, total = _dashboard(request)
    months = completions_by_month(
        filters=form.filters(), region_ids=[row.region.pk for row in rows]
    )
    query = request.GET.urlencode()
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "query": query,
            "charts": _charts(rows, months),
        },
    )


@login_required
def dashboard_csv(request):
    _form, rows, total = _dashboard(request)
    return exports.csv_response(rows, total, filename="completion")


@login_required
def dashboard_xlsx(request):
    _form, rows, total = _dashboard(request)
    return exports.xlsx_response(rows, total, filename="completion")
