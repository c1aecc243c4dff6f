"""Scheduled reports: subscribe from a report's page, list and cancel one's own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..forms import ReportSubscribeForm
from ..kinds import report_subscription_list_described
from ..models import ReportFrequency, ReportKind
from ..selectors import can_view_reports, report_subscription_list
from ..services import report_subscription_cancel, report_subscription_create
from .dashboard import dashboard_render

MSG_WEEKLY = _("Subscribed: this report will come by e-mail every Monday.")
MSG_MONTHLY = _("Subscribed: this report will come by e-mail on the 1st of each month.")
MSG_ALREADY = _("You already receive this report with these filters, as often.")
MSG_CANCELLED = _("The subscription is cancelled: no more e-mails of it.")

# The page each report is shown on, where its subscribe form is re-displayed.
PAGES = {ReportKind.COMPLETION: dashboard_render}


def _require_reports(request) -> None:
    if not can_view_reports(user=request.user):
        raise PermissionDenied


@login_required
def subscriptions(request):
    """My active subscriptions: each report, its filters in words, how often, and
    a button to cancel it."""
    _require_reports(request)
    return render(
        request,
        "reports/subscriptions.html",
        {"subscriptions": report_subscription_list_described(user=request.user)},
    )


@login_required
@require_POST
def subscription_create(request):
    """E-mail me this report, with the page's filters: bad input re-displays the
    report's page with the errors; a second submit makes nothing new."""
    _require_reports(request)
    form = ReportSubscribeForm(request.POST)
    if form.is_valid():
        try:
            subscription, created = report_subscription_create(
                user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if not created:
                messages.info(request, MSG_ALREADY)
            elif subscription.frequency == ReportFrequency.WEEKLY:
                messages.success(request, MSG_WEEKLY)
            else:
                messages.success(request, MSG_MONTHLY)
            return redirect("reports:subscriptions")
    page = PAGES.get(form.data.get("report"), dashboard_render)
    return page(
        request,
        data=QueryDict(form.data.get("query", "")),
        subscribe_form=form,
        status=400,
    )


@login_required
@require_POST
def subscription_cancel(request, pk: int):
    """Cancel one of my subscriptions; a second click finds it cancelled."""
    _require_reports(request)
    subscription = get_object_or_404(
        report_subscription_list(user=request.user, active=False), pk=pk
    )
    report_subscription_cancel(subscription=subscription)
    messages.success(request, MSG_CANCELLED)
    return redirect("reports:subscriptions")
