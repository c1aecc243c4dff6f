"""The certificate PDF: templates/certificates/pdf/certificate.html rendered by WeasyPrint
to one A4 landscape page.

The look comes from the certificate's template (else the default template, else the
built-in wording): background, logos, issuer, heading and statement per language, and
the signatories. A bilingual template prints its two languages side by side; each column's
labels and dates are in its own language. The QR code (segno, vector) and the printed
link lead to the language-neutral short verification address.

Only the shipped PT fonts (certificates/fonts) are used, and WeasyPrint may read nothing
but files under MEDIA_ROOT, those fonts and data: URIs: no network, no system fonts.
WeasyPrint is imported when a PDF is rendered, so the site runs where Pango is missing.
"""

from __future__ import annotations

import base64
import datetime
import logging
import mimetypes
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, npgettext, pgettext

from core.links import public_url
from core.pdf import pdf_from_html

from . import selectors
from .codes import code_display
from .models import Certificate, CertificateTemplate

logger = logging.getLogger(__name__)

TEMPLATE = "certificates/pdf/certificate.html"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {
    "serif": "PTF55F.ttf",
    "serif_bold": "PTF75F.ttf",
    "serif_italic": "PTF56F.ttf",
    "sans": "PTS55F.ttf",
    "sans_bold": "PTS75F.ttf",
}
# Wagtail rendition specs: big enough to print sharply, small enough to keep the PDF
# light whatever size the admin uploaded. 3508 px is A4's long side at 300 dpi.
BACKGROUND_SPEC = "max-3508x3508"
LOGO_SPEC = "max-800x400"
SIGNATURE_SPEC = "max-600x300"


@dataclass
class Column:
    """The certificate's wording in one language."""

    language: str
    issuer: str
    heading: str
    statement: str
    title: str
    hours: str
    facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SignatoryView:
    names: list[str]
    titles: list[str]
    signature_url: str = ""


def _allowed_roots() -> list[Path]:
    return [Path(settings.MEDIA_ROOT).resolve(), FONTS_DIR]


def certificate_url_fetcher():
    """A WeasyPrint URL fetcher that reads only data: URIs and files under MEDIA_ROOT
    or the fonts directory; anything else (http, other files) raises ValueError, and
    WeasyPrint leaves that resource out."""
    from weasyprint.urls import URLFetcher

    class LocalURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in _allowed_roots()):
                    raise ValueError(f"file outside the allowed folders: {url}")
            elif scheme != "data":
                raise ValueError(f"certificates fetch no {scheme}: URLs: {url[:80]}")
            return super().fetch(url, headers)

    return LocalURLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def _image_url(image, spec: str) -> str:
    """A file:// URL of a rendition of a Wagtail image (a data: URI when the storage
    has no local path); "" when there is no image or its file is lost."""
    if image is None:
        return ""
    try:
        rendition = image.get_rendition(spec)
        try:
            return Path(rendition.file.path).resolve().as_uri()
        except NotImplementedError:  # remote storage: inline the bytes
            with rendition.file.open("rb") as handle:
                data = base64.b64encode(handle.read()).decode("ascii")
            mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
            return f"data:{mime};base64,{data}"
    except OSError:
        logger.warning("certificate image %s unreadable; left out", image.pk)
        return ""


def _template_of(certificate: Certificate) -> CertificateTemplate:
    """The certificate's template, else the default one, else the built-in wording."""
    if certificate.template is not None:
        return certificate.template
    default = (
        CertificateTemplate.objects.filter(is_default=True)
        .select_related("background", "logo", "partner_logo")
        .first()
    )
    if default is not None:
        return default
    site = settings.WAGTAIL_SITE_NAME
    return CertificateTemplate(issuer_kk=site, issuer_ru=site, issuer_en=site)


def _wording(obj, name: str, language: str) -> str:
    """obj.<name>_<language>, falling back to Russian (the default content language)."""
    return getattr(obj, f"{name}_{language}", "") or getattr(obj, f"{name}_ru", "")


def _date(moment: datetime.datetime | None) -> str:
    """A moment's local date in the active language's long format."""
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment).date(), "DATE_FORMAT")


def _hours(hours: Decimal | None) -> str:
    """'6 hours' in the active language; '' when the course gives no hours."""
    if hours is None:
        return ""
    if hours == hours.to_integral_value():
        count = int(hours)
        number = formats.number_format(count, use_l10n=True)
    else:
        # Fractions take the plural form gettext gives 2 in kk, ru and en ("1,5 часа").
        count = 2
        number = formats.number_format(hours, decimal_pos=1, use_l10n=True)
    return npgettext("certificate", "%(hours)s hour", "%(hours)s hours", count) % {
        "hours": number
    }


def _issued_at(certificate: Certificate) -> datetime.datetime:
    return certificate.issued_at or timezone.now()


def _column(
    certificate: Certificate, template: CertificateTemplate, language: str
) -> Column:
    number = code_display(certificate.code)
    with translation.override(language):
        facts = [
            (pgettext("certificate", "Number"), number),
            (pgettext("certificate", "Issued"), _date(_issued_at(certificate))),
        ]
        if certificate.expires_at is not None:
            facts.append(
                (pgettext("certificate", "Valid until"), _date(certificate.expires_at))
            )
        return Column(
            language=language,
            issuer=_wording(template, "issuer", language),
            heading=_wording(template, "heading", language),
            statement=_wording(template, "statement", language),
            title=selectors.certificate_title(certificate, language),
            hours=_hours(certificate.hours),
            facts=facts,
        )


def _signatories(
    template: CertificateTemplate, languages: list[str]
) -> list[SignatoryView]:
    if template.pk is None:
        return []
    views = []
    for signatory in template.signatories.select_related("signature"):
        names = []
        for language in languages:
            name = _wording(signatory, "name", language)
            if name and name not in names:
                names.append(name)
        titles = [_wording(signatory, "title", language) for language in languages]
        views.append(
            SignatoryView(
                names=names,
                titles=[title for title in titles if title],
                signature_url=_image_url(signatory.signature, SIGNATURE_SPEC),
            )
        )
    return views


def certificate_verify_url(certificate: Certificate) -> str:
    """The short, language-neutral verification address the QR code leads to."""
    path = reverse("credentials:verify_short", args=[certificate.code])
    return public_url(path)


def certificate_context(certificate: Certificate) -> dict:
    """What templates/certificates/pdf/certificate.html needs (no queries in it)."""
    import segno

    template = _template_of(certificate)
    languages = [template.primary_language]
    if (
        template.secondary_language
        and template.secondary_language != template.primary_language
    ):
        languages.append(template.secondary_language)
    columns = [_column(certificate, template, language) for language in languages]
    verify_url = certificate_verify_url(certificate)
    verify_labels = []
    for language in languages:
        with translation.override(language):
            label = gettext("Check this certificate")
        if label not in verify_labels:
            verify_labels.append(label)
    qr = segno.make(verify_url, error="m", micro=False)
    return {
        "language": languages[0],
        "bilingual": len(languages) > 1,
        "columns": columns,
        "holder_name": certificate.holder_name,
        "number": code_display(certificate.code),
        "document_title": f"{columns[0].heading} {code_display(certificate.code)}",
        "issuer": columns[0].issuer,
        "signatories": _signatories(template, languages),
        "background_url": _image_url(template.background, BACKGROUND_SPEC),
        "logo_url": _image_url(template.logo, LOGO_SPEC),
        "partner_logo_url": _image_url(template.partner_logo, LOGO_SPEC),
        "verify_url": verify_url,
        "verify_label": " · ".join(verify_labels),
        "qr_data_uri": qr.svg_data_uri(border=0, dark="#1b1b1b"),
        "fonts": {key: (FONTS_DIR / name).as_uri() for key, name in FONT_FILES.items()},
    }


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 landscape PDF. Works for an unsaved
    certificate too (the admin preview), as long as it has a code. Raises
    PdfUnavailable where WeasyPrint cannot load its system libraries (Pango)."""
    html = render_to_string(TEMPLATE, certificate_context(certificate))
    return pdf_from_html(html, url_fetcher=certificate_url_fetcher)
