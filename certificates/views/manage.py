"""Certificates of the learners in an admin's scope: the list, one certificate with its
history and audit entries, and revocation with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from people.access import sensitive_action

from .. import selectors, services
from ..codes import code_display
from ..forms.manage import CertificateFilterForm, RevokeForm
from ..models import Certificate

PAGE_SIZE = 50


def _row(certificate: Certificate) -> dict:
    status = selectors.certificate_status(certificate)
    return {
        "certificate": certificate,
        "title": selectors.certificate_title(certificate),
        "number": code_display(certificate.code),
        "status": status,
        "status_label": selectors.Status.LABELS[status],
    }


@login_required
@permission_required("certificates.view_certificate", raise_exception=True)
def certificate_list(request):
    """Certificates of the learners in scope, newest first, filtered and paginated."""
    form = CertificateFilterForm(request.GET or None, viewer=request.user)
    certificates = form.filter(
        selectors.certificate_list_visible(viewer=request.user)
    ).order_by("-issued_at", "-pk")
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/manage/certificate_list.html",
        {
            "form": form,
            "page": page,
            "rows": [_row(certificate) for certificate in page.object_list],
        },
    )


def _get_visible(request, pk: int) -> Certificate:
    try:
        return (
            selectors.certificate_list_visible(viewer=request.user)
            .select_related("revoked_by")
            .get(pk=pk)
        )
    except Certificate.DoesNotExist:
        raise Http404 from None


def _render_detail(request, certificate: Certificate, form: RevokeForm, status=200):
    can_revoke = (
        request.user.has_perm("certificates.revoke_certificate")
        and certificate.revoked_at is None
    )
    return render(
        request,
        "certificates/manage/certificate_detail.html",
        {
            **_row(certificate),
            "history": [
                _row(entry)
                for entry in selectors.certificate_history(certificate=certificate)
            ],
            "clearance": selectors.clearance_list(learner=certificate.learner),
            "log_entries": ModelLogEntry.objects.for_instance(certificate)
            .select_related("user")
            .order_by("-timestamp", "-pk"),
            "form": form,
            "can_revoke": can_revoke,
        },
        status=status,
    )


@login_required
@permission_required("certificates.view_certificate", raise_exception=True)
def certificate_detail(request, pk: int):
    """One certificate: its facts, history, the holder's clearance and audit entries."""
    certificate = _get_visible(request, pk)
    return _render_detail(request, certificate, RevokeForm())


@login_required
@require_POST
@permission_required("certificates.revoke_certificate", raise_exception=True)
@sensitive_action
def certificate_revoke(request, pk: int):
    """Revoke with a reason (after a re-authentication, people.access); a second
    submit finds it revoked and changes nothing."""
    certificate = _get_visible(request, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, certificate, form, status=400)
    try:
        services.certificate_revoke(
            certificate=certificate,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "already_revoked":
            messages.info(request, exc.messages[0])
            return redirect("certificates_manage:detail", pk=certificate.pk)
        form.add_error(None, exc)
        return _render_detail(request, certificate, form, status=400)
    messages.success(request, _("The certificate is revoked."))
    return redirect("certificates_manage:detail", pk=certificate.pk)
