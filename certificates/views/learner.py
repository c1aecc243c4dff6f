"""The learner's certificate pages: the list with history and clearance, and the
downloads (PDF, Open Badges credential). A download is for the holder and for the
people who may see the holder's certificates (selectors.certificate_list_visible);
everyone else gets 404. A revoked certificate's files answer 410 to everyone."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.pdf import PdfUnavailable

from .. import credentials, selectors, services
from ..models import Certificate


@login_required
@require_safe
def certificate_list(request):
    """My certificates: each with its status, history and downloads, and the risk
    zones I am cleared for, with what is missing for the others."""
    now = timezone.now()
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "summaries": selectors.certificate_summary_list_for_holder(
                learner=request.user, now=now
            ),
            "clearances": selectors.clearance_list(learner=request.user, now=now),
        },
    )


def _revoked(request, certificate: Certificate):
    """410 Gone: the files of a revoked certificate are not handed out to anyone."""
    return render(
        request,
        "certificates/revoked.html",
        {"certificate": certificate},
        status=410,
    )


def _downloadable(request, code: str) -> Certificate:
    try:
        return selectors.certificate_get_for_download(viewer=request.user, code=code)
    except Certificate.DoesNotExist:
        raise Http404 from None


@never_cache
@login_required
@require_safe
def certificate_pdf(request, code):
    """The certificate's PDF, rendered again first if the file was never made or is
    lost. A revoked certificate's answers 410."""
    try:
        certificate = _downloadable(request, code)
        certificate = services.certificate_pdf_ensure(certificate=certificate)
    except selectors.CertificateRevoked as revoked:
        return _revoked(request, revoked.certificate)
    except PdfUnavailable:
        return render(
            request,
            "certificates/pdf_unavailable.html",
            {"certificate": certificate},
            status=503,
        )
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


@never_cache
@login_required
@require_safe
def certificate_badge(request, code):
    """The certificate as a signed Open Badges 3.0 credential (410 when revoked)."""
    try:
        return credentials.credential_download_response(_downloadable(request, code))
    except selectors.CertificateRevoked as revoked:
        return _revoked(request, revoked.certificate)
