"""The admins' reports: the completion dashboard, its charts and its exports."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import charts, services
from ..exports import dashboard_table
from ..forms import DashboardFilterForm, ReportSubscribeForm
from ..models import ReportKind
from ..selectors import (
    can_view_reports,
    completion_dashboard,
    completions_by_month,
    summary_completions_by_month,
)
from ..tables import csv_response, xlsx_response


def _dashboard(request, data: QueryDict):
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    form = DashboardFilterForm(data or None, viewer=request.user)
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


def dashboard_render(
    request,
    *,
    data: QueryDict,
    subscribe_form: ReportSubscribeForm | None = None,
    status: int = 200,
):
    """The dashboard with the filters of `data`, its charts, and the form that
    subscribes to it (re-displayed with its errors by the subscribe view)."""
    form, rows, total = _dashboard(request, data)
    region_ids = [row.region.pk for row in rows]
    # From the summary when the figures are (total.as_of), else counted live.
    by_month = summary_completions_by_month if total.as_of else completions_by_month
    months = by_month(filters=form.filters(), region_ids=region_ids)
    query = data.urlencode()
    if subscribe_form is None:
        subscribe_form = ReportSubscribeForm(
            initial={"report": ReportKind.COMPLETION, "query": query}
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "query": query,
            "subscribe_form": subscribe_form,
            "refresh_minutes": settings.LMS_REPORTS_REFRESH_MINUTES,
            "charts": _charts(rows, months),
        },
        status=status,
    )


@login_required
def dashboard(request):
    return dashboard_render(request, data=request.GET)


@login_required
@require_POST
def dashboard_refresh(request):
    """ "Count again": queue a rebuild of the summary (once however often clicked)."""
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    if services.completion_summary_refresh_request():
        messages.success(
            request, _("The figures are being counted again: reload in a minute.")
        )
    else:
        messages.info(request, _("The figures were counted a moment ago."))
    # Back to the page with its filters (parsed again: only a query string).
    page = request.POST.get("page")
    back = reverse("reports:by_course" if page == "by_course" else "reports:dashboard")
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(f"{back}{'?' if query else ''}{query}")


@login_required
def dashboard_csv(request):
    _form, rows, total = _dashboard(request, request.GET)
    return csv_response(dashboard_table(rows, total), "completion")


@login_required
def dashboard_xlsx(request):
    _form, rows, total = _dashboard(request, request.GET)
    return xlsx_response(dashboard_table(rows, total), "completion")
