"""core.uploads: a file is of the kind its extension names by its content, whatever
its name says; an impostor or a damaged file is refused."""

import io
import zipfile

import pytest

from core import uploads
from tests.upload_files import (
    EXE,
    HTML,
    damaged_png,
    docm_bytes,
    docx_bytes,
    image_bytes,
    odf_bytes,
    pdf_bytes,
    xlsx_bytes,
)

REAL = {
    "pdf": pdf_bytes,
    "docx": docx_bytes,
    "xlsx": xlsx_bytes,
    "odt": odf_bytes,
    "ods": lambda: odf_bytes("spreadsheet"),
    "png": image_bytes,
    "jpg": lambda: image_bytes("JPEG"),
    "jpeg": lambda: image_bytes("JPEG"),
    "gif": lambda: image_bytes("GIF"),
    "webp": lambda: image_bytes("WEBP"),
    "txt": lambda: "Заявка на грант: «Пандусы для всех»\r\n\tБюджет\n".encode(),
    "csv": lambda: "\ufeffпочта;фамилия\na@example.kz;Нурланова\n".encode(),
}


@pytest.mark.parametrize("extension", sorted(REAL))
def test_a_real_file_of_each_kind_is_accepted(extension):
    file = io.BytesIO(REAL[extension]())

    assert uploads.content_is(file, extension)
    assert file.tell() == 0  # left at its start, to be stored


@pytest.mark.parametrize(
    "text",
    [
        "Қазақстан".encode("utf-16"),  # Notepad's "Unicode"
        "Заявка Иванова".encode("cp1251"),  # older Windows programs' Russian text
    ],
    ids=["utf-16", "windows-1251"],
)
def test_text_in_the_encodings_windows_saves_is_accepted(text):
    assert uploads.content_is(io.BytesIO(text), "txt")


IMPOSTORS = [
    ("pdf", HTML, "a web page"),
    ("pdf", EXE, "a program"),
    ("docx", docm_bytes(), "a macro-enabled document"),
    ("docx", docx_bytes(extra={"word/vbaProject.bin": EXE}), "a document with macros"),
    ("docx", xlsx_bytes(), "a workbook"),
    ("xlsx", HTML + xlsx_bytes(), "a workbook behind a web page"),
    ("odt", odf_bytes("spreadsheet"), "a spreadsheet"),
    ("png", image_bytes("JPEG"), "a JPEG"),
    ("png", damaged_png(), "a damaged PNG"),
    ("jpg", HTML, "a web page"),
    ("txt", EXE, "a program"),
    ("txt", image_bytes(), "an image"),
    ("doc", docx_bytes(), "a .docx"),
    ("mp4", EXE, "a program"),
]


@pytest.mark.parametrize(
    ("extension", "content", "what"),
    IMPOSTORS,
    ids=[f"{what} as .{extension}" for extension, _c, what in IMPOSTORS],
)
def test_another_kind_of_file_under_the_extension_is_refused(extension, content, what):
    assert not uploads.content_is(io.BytesIO(content), extension)


def test_an_archive_that_would_unpack_past_the_limit_is_refused(monkeypatch):
    """A "zip bomb": a small file a spreadsheet reader would inflate to gigabytes."""
    workbook = xlsx_bytes()
    unpacked = sum(
        entry.file_size for entry in zipfile.ZipFile(io.BytesIO(workbook)).infolist()
    )
    monkeypatch.setattr(uploads, "ZIP_MAX_UNPACKED", unpacked - 1)

    assert not uploads.content_is(io.BytesIO(workbook), "xlsx")


def test_an_image_past_pillows_pixel_limit_is_refused(monkeypatch):
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 12 * 8 - 1)

    assert not uploads.content_is(io.BytesIO(image_bytes(size=(12, 8))), "png")


def test_an_extension_without_a_check_is_refused_and_named():
    assert not uploads.content_is(io.BytesIO(HTML), "html")
    assert uploads.unknown_extensions(["pdf", ".DOCX", "svg", "HTML"]) == [
        "svg",
        "HTML",
    ]


def test_the_content_type_is_the_kinds_not_the_names_case():
    assert uploads.content_type_of("Заявка.PDF") == "application/pdf"
    assert uploads.content_type_of("script.html") == "application/octet-stream"
