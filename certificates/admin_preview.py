"""The Wagtail admin's "Preview PDF" of a certificate template: a sample certificate (not
saved) rendered with the template, shown inline in the browser.

Wagtail wraps register_admin_urls views in its admin login check; the view itself checks
the permission to change templates (403 without it)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .codes import code_new
from .models import Certificate, CertificateTemplate
from .pdf import certificate_pdf_bytes

URL_NAME = "certificates_template_preview"
PERMISSION = "certificates.change_certificatetemplate"

# Every letter of the Kazakh alphabet that Russian lacks (ә ғ қ ң ө ұ ү һ і), so a
# preview shows at a glance that the fonts cover them.
SAMPLE_HOLDER_NAME = "Кәмшат-Шаһида Төлеғалиқызы Нұрсүңгірова"
SAMPLE_TITLE = {
    "kk": "Паллиативтік көмек: үйде күтім және өмір сапасы",
    "ru": "Паллиативная помощь: уход на дому и качество жизни",
    "en": "Palliative care: home care and quality of life",
}


def certificate_sample(*, template: CertificateTemplate) -> Certificate:
    """An unsaved certificate with sample data, rendered with `template`."""
    now = timezone.now()
    return Certificate(
        code=code_new(),
        kind=Certificate.Kind.COURSE,
        holder_name=SAMPLE_HOLDER_NAME,
        title=dict(SAMPLE_TITLE),
        hours=Decimal("16"),
        template=template,
        completed_at=now,
        issued_at=now,
        expires_at=now + datetime.timedelta(days=730),
    )


@never_cache
def template_preview(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    template = get_object_or_404(CertificateTemplate, pk=pk)
    pdf = certificate_pdf_bytes(certificate_sample(template=template))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="template-{pk}-preview.pdf"'
    return response


def preview_url(template: CertificateTemplate) -> str:
    return reverse(URL_NAME, args=[template.pk])


def preview_urls() -> list:
    """URL patterns for the register_admin_urls hook (certificates.wagtail_hooks)."""
    return [
        path(
            "certificates/templates/<int:pk>/preview.pdf",
            template_preview,
            name=URL_NAME,
        ),
    ]
