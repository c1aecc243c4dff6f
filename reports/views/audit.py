"""The audit log of admin actions, region by region, and its exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from people.selectors import user_scope

from .. import exports
from ..forms import AuditFilterForm
from ..selectors import audit_entry_list, audit_rows, can_view_reports, report_regions
from ..tables import csv_response, xlsx_response

PAGE_SIZE = 50
EXPORT_CHUNK = 500


def _audit(request):
    """The filter form, the entries it selects, and the regions in scope by id."""
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    regions = report_regions(viewer=request.user)
    form = AuditFilterForm(
        request.GET or None,
        regions=regions,
        without_region=user_scope(user=request.user).everything,
    )
    entries = audit_entry_list(viewer=request.user, filters=form.filters())
    return form, entries, {region.pk: region for region in regions}


def _invalid(request, form):
    return render(
        request, "reports/audit.html", {"form": form, "page": None}, status=400
    )


@login_required
def audit(request):
    form, entries, regions = _audit(request)
    if form.is_bound and not form.is_valid():
        return _invalid(request, form)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/audit.html",
        {
            "form": form,
            "page": page,
            "rows": list(audit_rows(page.object_list, regions=regions)),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def audit_csv(request):
    form, entries, regions = _audit(request)
    if form.is_bound and not form.is_valid():
        return _invalid(request, form)
    rows = audit_rows(entries.iterator(chunk_size=EXPORT_CHUNK), regions=regions)
    return csv_response(exports.audit_table(rows), "audit")


@login_required
def audit_xlsx(request):
    form, entries, regions = _audit(request)
    if form.is_bound and not form.is_valid():
        return _invalid(request, form)
    rows = audit_rows(entries.iterator(chunk_size=EXPORT_CHUNK), regions=regions)
    return xlsx_response(exports.audit_table(rows), "audit")
