"""Certificates expiring soon, or expired lately: the list, its exports, and the
reminders admins send from it (a row's, or the whole page's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from certificates.selectors import (
    NUDGE_DAYS_AHEAD,
    NUDGE_DAYS_BEHIND,
    certificate_list_visible,
)
from certificates.services import MSG_NUDGE_ALREADY, certificate_nudge

from ..exports import expiring_table
from ..forms import EXPIRING_PER_PAGE, ExpiringFilterForm, RemindForm
from ..selectors import can_view_reports, certificate_expiring_list, expiring_rows
from ..tables import csv_response, xlsx_response


def _certificates(request, query: QueryDict):
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    form = ExpiringFilterForm(query or None, viewer=request.user)
    filters = form.filters()
    certificates = certificate_expiring_list(viewer=request.user, filters=filters)
    return form, filters, certificates


def _list(request, query: QueryDict, *, status: int = 200):
    form, filters, certificates = _certificates(request, query)
    page = Paginator(certificates, EXPIRING_PER_PAGE).get_page(query.get("page"))
    filters_query = query.copy()
    filters_query.pop("page", None)
    return render(
        request,
        "reports/expiring_certificates.html",
        {
            "form": form,
            "page": page,
            "rows": list(expiring_rows(page.object_list)),
            "expired": filters.within_days is None,
            "query": filters_query.urlencode(),
            "back": query.urlencode(),
        },
        status=status,
    )


@login_required
def expiring_certificates(request):
    """The certificates of the people in scope that expire within 30, 60 or 90 days
    (or expired in the last 90), 50 a page, each with a "Send reminder" button."""
    return _list(request, request.GET)


@login_required
def expiring_certificates_csv(request):
    """Every row matching the filters (not only a page), streamed."""
    _form, _filters, certificates = _certificates(request, request.GET)
    rows = expiring_rows(certificates.iterator(chunk_size=2000))
    return csv_response(expiring_table(rows), "certificates-expiring")


@login_required
def expiring_certificates_xlsx(request):
    _form, _filters, certificates = _certificates(request, request.GET)
    rows = expiring_rows(certificates.iterator(chunk_size=2000))
    return xlsx_response(expiring_table(rows), "certificates-expiring")


def _name(person) -> str:
    return person.full_name or person.email


@login_required
@require_POST
def expiring_certificates_remind(request):
    """E-mail the holders of the certificates posted (a row's, or the page's) a
    reminder to renew: once a person a day (certificates.services.certificate_nudge).
    A certificate out of the viewer's scope: 404, and nothing is sent."""
    if not can_view_reports(user=request.user):
        raise PermissionDenied
    form = RemindForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("certificate", []):
            messages.error(request, error)
        return _list(request, QueryDict(form.back_query()), status=400)
    ids = form.cleaned_data["certificate"]
    certificates = list(
        certificate_list_visible(viewer=request.user).filter(pk__in=ids)
    )
    if len(certificates) != len(ids):
        raise Http404
    try:
        outcome = certificate_nudge(certificates=certificates, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    sent, already = outcome.sent, outcome.already
    if len(sent) == 1:
        messages.success(
            request,
            _("%(name)s will get an e-mail reminder to renew their certificate.")
            % {"name": _name(sent[0].certificate.learner)},
        )
    elif sent:
        messages.success(
            request,
            ngettext(
                "%(count)d person will get an e-mail reminder to renew.",
                "%(count)d people will get an e-mail reminder to renew.",
                len(sent),
            )
            % {"count": len(sent)},
        )
    if len(already) == 1:
        messages.warning(request, MSG_NUDGE_ALREADY % {"name": _name(already[0])})
    elif already:
        messages.warning(
            request,
            ngettext(
                "%(count)d person was already reminded today: nothing was sent to "
                "them. Try again tomorrow.",
                "%(count)d people were already reminded today: nothing was sent to "
                "them. Try again tomorrow.",
                len(already),
            )
            % {"count": len(already)},
        )
    if outcome.not_due:
        messages.warning(
            request,
            ngettext(
                "%(count)d certificate neither expires within %(ahead)d days nor "
                "expired in the last %(behind)d: no reminder for it.",
                "%(count)d certificates neither expire within %(ahead)d days nor "
                "expired in the last %(behind)d: no reminder for them.",
                len(outcome.not_due),
            )
            % {
                "count": len(outcome.not_due),
                "ahead": NUDGE_DAYS_AHEAD,
                "behind": NUDGE_DAYS_BEHIND,
            },
        )
    back = form.back_query()
    url = reverse("reports:expiring_certificates")
    return redirect(f"{url}?{back}" if back else url)
