"""The certificate PDF: bilingual wording, the whole Kazakh alphabet in the shipped PT
fonts only, the QR link, the template's images, re-rendering a lost file, a fetcher that
reads nothing from the network, and the admin's template preview."""

from __future__ import annotations

import io
import os

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import pgettext
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from certificates import pdf, services
from certificates.admin_preview import (
    SAMPLE_HOLDER_NAME,
    certificate_sample,
    preview_url,
)
from certificates.codes import code_display
from tests.services import missing

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"
KAZAKH_CAPITALS = "ӘҒҚҢӨҰҮҺІ"
HOLDER_NAME = "Кәмшат-Шаһида Төлеғалиқызы Нұрсүңгірова"
TITLE_KK = "Өмір қауіпсіздігі: ӘҒҚҢӨҰҮҺІ әліпбиі"
TITLE_RU = "Безопасность жизни: основы"
SHIPPED_FONTS = {
    "PTSerif-Regular",
    "PTSerif-Bold",
    "PTSerif-Italic",
    "PTSans-Regular",
    "PTSans-Bold",
}


@pytest.fixture(autouse=True)
def _weasyprint():
    """WeasyPrint needs Pango; without it these tests skip (fail in CI)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        missing(f"WeasyPrint cannot load ({exc}): apt-get install libpango-1.0-0")


@pytest.fixture
def kazakh_certificate(certificate, certificate_template):
    """The issued certificate, with every Kazakh letter in the name and title."""
    certificate_template.heading_kk = "КУӘЛІК"
    certificate_template.heading_ru = "СВИДЕТЕЛЬСТВО"
    certificate_template.save()
    certificate.holder_name = HOLDER_NAME
    certificate.title = {"kk": TITLE_KK, "ru": TITLE_RU}
    certificate.template = certificate_template
    certificate.save()
    return certificate


def wagtail_image(name: str):
    return get_image_model().objects.create(
        title=name, file=get_test_image_file(filename=f"{name}.png", size=(320, 120))
    )


def read(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(content).pages)


def _resources(reader: PdfReader):
    """Every resource dictionary of the document (pages and nested form XObjects)."""
    stack = [page["/Resources"].get_object() for page in reader.pages]
    while stack:
        resources = stack.pop()
        yield resources
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                stack.append(xobject["/Resources"].get_object())


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The PostScript names inside the font programs embedded in the PDF."""
    names = set()
    for resources in _resources(reader):
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                assert program is not None, f"{font['/BaseFont']} is not embedded"
                names.add(
                    TTFont(io.BytesIO(program.get_object().get_data()))[
                        "name"
                    ].getDebugName(6)
                )
    return names


def image_count(reader: PdfReader) -> int:
    return sum(
        1
        for resources in _resources(reader)
        for xobject in resources.get("/XObject", {}).values()
        if xobject.get_object().get("/Subtype") == "/Image"
    )


def link_uris(reader: PdfReader) -> set[str]:
    return {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }


def verify_url(certificate) -> str:
    return settings.LMS_PUBLIC_URL + reverse(
        "credentials:verify_short", args=[certificate.code]
    )


# The document
# ------------------------------------------------------------------------------


def test_pdf_text_has_every_kazakh_letter_the_holder_number_and_both_headings(
    kazakh_certificate,
):
    content = pdf.certificate_pdf_bytes(kazakh_certificate)
    text = text_of(content)

    for letter in KAZAKH_LETTERS + KAZAKH_CAPITALS:
        assert letter in text, letter
    assert HOLDER_NAME in text.replace("\n", " ")
    assert code_display(kazakh_certificate.code) in text
    assert "КУӘЛІК" in text and "СВИДЕТЕЛЬСТВО" in text
    assert "Безопасность жизни" in text


def test_pdf_is_one_a4_landscape_page_and_small(kazakh_certificate):
    content = pdf.certificate_pdf_bytes(kazakh_certificate)
    reader = read(content)

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (
        round(float(box.width) / 72 * 25.4),
        round(float(box.height) / 72 * 25.4),
    ) == (
        297,
        210,
    )
    assert len(content) < 100_000


def test_pdf_labels_and_dates_are_in_each_columns_language(kazakh_certificate):
    text = text_of(pdf.certificate_pdf_bytes(kazakh_certificate))

    for language in ("kk", "ru"):
        with translation.override(language):
            assert pgettext("certificate", "Number") in text
            assert pgettext("certificate", "Valid until") in text
    for language in ("kk", "ru"):
        with translation.override(language):
            issued = date_format(localtime(kazakh_certificate.issued_at).date())
        assert issued in text


def test_pdf_embeds_only_the_shipped_pt_fonts(kazakh_certificate):
    reader = read(pdf.certificate_pdf_bytes(kazakh_certificate))

    fonts = embedded_fonts(reader)
    assert fonts, "no font embedded"
    assert fonts <= SHIPPED_FONTS, fonts - SHIPPED_FONTS


def test_pdf_links_the_qr_code_to_the_short_verification_url(kazakh_certificate):
    content = pdf.certificate_pdf_bytes(kazakh_certificate)
    url = verify_url(kazakh_certificate)

    assert url in link_uris(read(content))
    assert url in text_of(content).replace("\n", "")
    assert url.startswith(settings.LMS_PUBLIC_URL + "/v/")


def test_pdf_of_a_monolingual_template_shows_one_language(
    kazakh_certificate, certificate_template
):
    certificate_template.primary_language = "ru"
    certificate_template.secondary_language = ""
    certificate_template.save()

    text = text_of(pdf.certificate_pdf_bytes(kazakh_certificate))

    assert "СВИДЕТЕЛЬСТВО" in text
    assert certificate_template.statement_ru in text.replace("\n", " ")
    assert "КУӘЛІК" not in text
    assert certificate_template.statement_kk not in text.replace("\n", " ")
    assert TITLE_KK not in text.replace("\n", " ")


def test_pdf_without_template_uses_the_default_one(kazakh_certificate):
    kazakh_certificate.template = None
    kazakh_certificate.save()

    text = text_of(pdf.certificate_pdf_bytes(kazakh_certificate))

    assert "КУӘЛІК" in text


def test_pdf_without_any_template_uses_the_built_in_wording(
    kazakh_certificate, certificate_template
):
    kazakh_certificate.template = None
    kazakh_certificate.save()
    certificate_template.delete()

    text = text_of(pdf.certificate_pdf_bytes(kazakh_certificate))

    assert "СЕРТИФИКАТ" in text
    assert HOLDER_NAME in text.replace("\n", " ")


def test_pdf_without_images_has_no_image(kazakh_certificate):
    assert image_count(read(pdf.certificate_pdf_bytes(kazakh_certificate))) == 0


def test_pdf_shows_the_templates_background_logos_and_signature(
    kazakh_certificate, certificate_template
):
    certificate_template.background = wagtail_image("background")
    certificate_template.logo = wagtail_image("logo")
    certificate_template.partner_logo = wagtail_image("partner")
    certificate_template.save()
    signatory = certificate_template.signatories.get()
    signatory.signature = wagtail_image("signature")
    signatory.save()

    reader = read(pdf.certificate_pdf_bytes(kazakh_certificate))

    assert image_count(reader) >= 4
    assert signatory.name_kk in text_of(pdf.certificate_pdf_bytes(kazakh_certificate))


def test_pdf_leaves_out_an_image_whose_file_is_lost(
    kazakh_certificate, certificate_template
):
    logo = wagtail_image("logo")
    os.remove(logo.file.path)
    certificate_template.logo = logo
    certificate_template.save()

    content = pdf.certificate_pdf_bytes(kazakh_certificate)

    assert image_count(read(content)) == 0
    assert HOLDER_NAME in text_of(content).replace("\n", " ")


def test_pdf_of_an_unsaved_certificate_renders(certificate_template):
    sample = certificate_sample(template=certificate_template)

    text = text_of(pdf.certificate_pdf_bytes(sample))

    assert sample.pk is None
    assert SAMPLE_HOLDER_NAME in text.replace("\n", " ")
    for letter in KAZAKH_LETTERS:
        assert letter in SAMPLE_HOLDER_NAME


# The URL fetcher
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/logo.png",
        "https://example.org/logo.png",
        "ftp://example.org/logo.png",
        "file:///etc/passwd",
    ],
)
def test_url_fetcher_refuses_network_and_files_outside_media_and_fonts(url):
    with pytest.raises(ValueError):
        pdf.certificate_url_fetcher().fetch(url)


def test_url_fetcher_reads_fonts_media_files_and_data_uris():
    fetcher = pdf.certificate_url_fetcher()
    image = wagtail_image("logo")

    font = fetcher.fetch((pdf.FONTS_DIR / "PTF55F.ttf").as_uri())
    media = fetcher.fetch(f"file://{image.file.path}")
    data = fetcher.fetch("data:text/plain;base64,b2s=")

    try:
        assert font.read(4) == b"\x00\x01\x00\x00"
        assert media.read(8) == b"\x89PNG\r\n\x1a\n"
        assert data.read() == b"ok"
    finally:
        for response in (font, media, data):
            response.close()


# Keeping the file at hand
# ------------------------------------------------------------------------------


def test_pdf_ensure_renders_once_and_again_only_when_the_file_is_lost(
    kazakh_certificate, monkeypatch
):
    renders = []
    real_render = pdf.certificate_pdf_bytes

    def render(certificate):
        renders.append(certificate.pk)
        return real_render(certificate)

    monkeypatch.setattr(pdf, "certificate_pdf_bytes", render)

    services.certificate_pdf_ensure(certificate=kazakh_certificate)
    kazakh_certificate.refresh_from_db()
    path = kazakh_certificate.pdf.path
    first = (os.path.getmtime(path), kazakh_certificate.pdf_rendered_at)
    assert len(renders) == 1
    assert HOLDER_NAME in text_of(open(path, "rb").read()).replace("\n", " ")

    services.certificate_pdf_ensure(certificate=kazakh_certificate)
    kazakh_certificate.refresh_from_db()
    assert len(renders) == 1
    assert (os.path.getmtime(path), kazakh_certificate.pdf_rendered_at) == first

    os.remove(path)
    services.certificate_pdf_ensure(certificate=kazakh_certificate)
    kazakh_certificate.refresh_from_db()
    assert len(renders) == 2
    assert os.path.exists(path)
    assert kazakh_certificate.pdf_rendered_at > first[1]


# The admin preview
# ------------------------------------------------------------------------------


def test_admin_preview_returns_the_templates_sample_pdf_inline_to_an_editor(
    client, editor, certificate_template
):
    client.force_login(editor)

    response = client.get(preview_url(certificate_template))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert SAMPLE_HOLDER_NAME in text_of(response.content).replace("\n", " ")


def test_admin_preview_is_refused_to_a_learner(client, learner, certificate_template):
    client.force_login(learner)

    response = client.get(preview_url(certificate_template))

    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"


def test_admin_preview_of_an_unknown_template_is_not_found(client, editor):
    client.force_login(editor)

    response = client.get(reverse("certificates_template_preview", args=[999999]))

    assert response.status_code == 404
