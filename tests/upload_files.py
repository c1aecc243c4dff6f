"""Files to upload in tests: real ones of each kind core.uploads checks, and impostors
(a web page, a program, a macro-enabled workbook) under their extensions."""

from __future__ import annotations

import io
import zipfile

OOXML = "application/vnd.openxmlformats-officedocument"
DOCX_MAIN = f"{OOXML}.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n"
# The start of a Windows program: "MZ", then a header full of NUL bytes.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf_bytes() -> bytes:
    """A real one-page PDF (pypdf)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(*, main_type: str = DOCX_MAIN, extra: dict | None = None) -> bytes:
    """A Word document with the three parts every .docx has (what Word needs to open
    it): the content types, the package relationships and the document."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
        "</Types>"
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        '2006/main"><w:body><w:p><w:r><w:t>Заявка на грант</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return _zip(
        {
            "[Content_Types].xml": content_types.encode(),
            "_rels/.rels": relationships.encode(),
            "word/document.xml": document.encode(),
            **(extra or {}),
        }
    )


def docm_bytes() -> bytes:
    """A macro-enabled Word document (what a .docx must not be)."""
    return docx_bytes(main_type=DOCM_MAIN, extra={"word/vbaProject.bin": EXE})


def xlsx_bytes() -> bytes:
    """A real workbook (openpyxl)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Почта", "ФИО"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf_bytes(kind: str = "text") -> bytes:
    """An OpenDocument file (text, spreadsheet, presentation): its mimetype first."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", f"application/vnd.oasis.opendocument.{kind}".encode()
        )
        archive.writestr("content.xml", b"<office:document-content/>")
    return buffer.getvalue()


def image_bytes(pillow_format: str = "PNG", size=(12, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, pillow_format)
    return buffer.getvalue()


def damaged_png() -> bytes:
    """A PNG whose header is intact (its size and format read fine) but whose image
    data was altered on the way (its checksum no longer matches)."""
    data = bytearray(image_bytes("PNG"))
    at = data.index(b"IDAT") + 6
    data[at] ^= 0xFF
    return bytes(data)


def reachable_as_media(name: str) -> bool:
    """Whether a web server serving MEDIA_ROOT as it is (Django's `static` view, as
    in development) would hand out the stored file `name`."""
    from django.conf import settings
    from django.http import Http404
    from django.test import RequestFactory
    from django.views.static import serve

    try:
        serve(RequestFactory().get("/"), name, document_root=settings.MEDIA_ROOT)
    except Http404:
        return False
    return True
