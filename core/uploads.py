"""What an uploaded file is, judged by its content, not by its name.

KINDS maps each extension the platform accepts anywhere (assignments' submissions,
Wagtail's documents and images, spreadsheets of imports) to the kind of content a file
so named must hold: a PDF begins with "%PDF-", a .docx is a ZIP archive whose
[Content_Types].xml declares a Word document (not a macro-enabled one), an .odt one whose
`mimetype` entry says so, an image opens and verifies with Pillow as the format its
extension names, a text file decodes as text without control characters. A renamed
program, an HTML page called .pdf, or a damaged file fails its check (`content_is`).

An extension missing from KINDS cannot be checked and is accepted nowhere: the system
check core.W002 says so of the settings that list extensions, and assignments refuse to
list one. Callers check a file's size before its content (a huge file is never read);
ZIP-based files are refused when they would unpack to more than ZIP_MAX_UNPACKED bytes
or ZIP_MAX_ENTRIES entries (a "zip bomb" that a spreadsheet reader would inflate).
"""

from __future__ import annotations

import codecs
import posixpath
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 64
# A ZIP-based file (.docx, .xlsx, .odt...) may unpack to at most this much, in all, and
# hold at most this many entries; a real document is far below both.
ZIP_MAX_UNPACKED = 512 * 1024 * 1024
ZIP_MAX_ENTRIES = 20_000
# The part of an archive read to learn its kind ([Content_Types].xml, mimetype).
ZIP_MAX_MANIFEST = 1024 * 1024
TEXT_CHUNK = 64 * 1024
# Control characters a text file may hold: tab, line feed, form feed, carriage return.
TEXT_CONTROLS_ALLOWED = frozenset("\t\n\x0c\r")
TEXT_CONTROLS = frozenset(
    chr(code) for code in [*range(32), 127] if chr(code) not in TEXT_CONTROLS_ALLOWED
)

MSG_CONTENT = _(
    "“%(name)s” is not a real .%(extension)s file: its content is of another type, "
    "or it is damaged. Save it again in that format and upload it."
)


@dataclass(frozen=True)
class FileKind:
    """A kind of content: its media type and the test a file must pass."""

    content_type: str
    check: Callable[[IO[bytes]], bool]


# The checks, each given a file positioned at its start
# ------------------------------------------------------------------------------


def _starts_with(*magics: bytes) -> Callable[[IO[bytes]], bool]:
    def check(file: IO[bytes]) -> bool:
        return file.read(HEAD_BYTES).startswith(magics)

    return check


def _mp4(file: IO[bytes]) -> bool:
    # ISO base media (MP4, M4A, MOV): a box of type "ftyp" first.
    return file.read(HEAD_BYTES)[4:8] == b"ftyp"


def _webm(file: IO[bytes]) -> bool:
    head = file.read(HEAD_BYTES)
    return head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head


def _mp3(file: IO[bytes]) -> bool:
    head = file.read(HEAD_BYTES)
    # An ID3 tag, or an MPEG audio frame's sync bits.
    return head.startswith(b"ID3") or (
        len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
    )


def _archive(file: IO[bytes]) -> zipfile.ZipFile | None:
    """The file as a ZIP archive within the limits, else None. It must begin as one:
    an archive appended to something else (an HTML page, a program) is refused."""
    if file.read(4) != b"PK\x03\x04":
        return None
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if len(entries) > ZIP_MAX_ENTRIES:
        return None
    if sum(entry.file_size for entry in entries) > ZIP_MAX_UNPACKED:
        return None
    return archive


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        entry = archive.getinfo(name)
    except KeyError:
        return None
    if entry.file_size > ZIP_MAX_MANIFEST:
        return None
    try:
        # zipfile stops at the size the entry declares (checked above).
        return archive.read(entry)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None


def _office_open_xml(main_type: str) -> Callable[[IO[bytes]], bool]:
    """A .docx/.xlsx/.pptx: its [Content_Types].xml declares the main part of that
    kind. The macro-enabled kinds (.docm, .xlsm) declare another type, and a
    vbaProject.bin part is refused wherever it is."""
    declared = f'ContentType="{main_type}"'.encode()

    def check(file: IO[bytes]) -> bool:
        archive = _archive(file)
        if archive is None:
            return False
        if any(
            posixpath.basename(name).lower() == "vbaproject.bin"
            for name in archive.namelist()
        ):
            return False
        manifest = _member(archive, "[Content_Types].xml")
        return manifest is not None and declared in manifest

    return check


def _open_document(mimetype: str) -> Callable[[IO[bytes]], bool]:
    """An OpenDocument file (.odt, .ods, .odp): its `mimetype` entry names the kind."""

    def check(file: IO[bytes]) -> bool:
        archive = _archive(file)
        if archive is None:
            return False
        return _member(archive, "mimetype") == mimetype.encode("ascii")

    return check


def _image(pillow_format: str) -> Callable[[IO[bytes]], bool]:
    """An image Pillow opens as `pillow_format` and verifies (structure, checksums),
    no larger than Pillow's own limit against decompression bombs."""

    def check(file: IO[bytes]) -> bool:
        from PIL import Image

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(file, formats=[pillow_format]) as image:
                    image.verify()
        # Pillow raises many kinds for a file it cannot read.
        except Exception:  # noqa: BLE001
            return False
        return True

    return check


def _decodes(file: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    file.seek(0)
    try:
        while chunk := file.read(TEXT_CHUNK):
            if not TEXT_CONTROLS.isdisjoint(decoder.decode(chunk)):
                return False
        return TEXT_CONTROLS.isdisjoint(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return False


def _text(file: IO[bytes]) -> bool:
    """Text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or else Windows-1251
    (what older Windows programs save Russian and Kazakh text in), with no control
    characters but tabs, line and page breaks. Programs and images hold NUL bytes and
    other controls, so they fail in every one of these."""
    head = file.read(2)
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return _decodes(file, "utf-16")
    return _decodes(file, "utf-8-sig") or _decodes(file, "cp1251")


# Word 97-2003, Excel 97-2003, PowerPoint 97-2003: an OLE2 compound file.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"

KINDS: dict[str, FileKind] = {
    "pdf": FileKind("application/pdf", _starts_with(b"%PDF-")),
    "doc": FileKind("application/msword", _starts_with(_OLE2)),
    "xls": FileKind("application/vnd.ms-excel", _starts_with(_OLE2)),
    "ppt": FileKind("application/vnd.ms-powerpoint", _starts_with(_OLE2)),
    "docx": FileKind(
        f"{_OOXML}.wordprocessingml.document",
        _office_open_xml(f"{_OOXML}.wordprocessingml.document.main+xml"),
    ),
    "xlsx": FileKind(
        f"{_OOXML}.spreadsheetml.sheet",
        _office_open_xml(f"{_OOXML}.spreadsheetml.sheet.main+xml"),
    ),
    "pptx": FileKind(
        f"{_OOXML}.presentationml.presentation",
        _office_open_xml(f"{_OOXML}.presentationml.presentation.main+xml"),
    ),
    "odt": FileKind(f"{_ODF}.text", _open_document(f"{_ODF}.text")),
    "ods": FileKind(f"{_ODF}.spreadsheet", _open_document(f"{_ODF}.spreadsheet")),
    "odp": FileKind(f"{_ODF}.presentation", _open_document(f"{_ODF}.presentation")),
    "rtf": FileKind("application/rtf", _starts_with(b"{\\rtf")),
    "txt": FileKind("text/plain", _text),
    "csv": FileKind("text/csv", _text),
    "jpg": FileKind("image/jpeg", _image("JPEG")),
    "jpeg": FileKind("image/jpeg", _image("JPEG")),
    "png": FileKind("image/png", _image("PNG")),
    "gif": FileKind("image/gif", _image("GIF")),
    "webp": FileKind("image/webp", _image("WEBP")),
    "avif": FileKind("image/avif", _image("AVIF")),
    "mp4": FileKind("video/mp4", _mp4),
    "m4a": FileKind("audio/mp4", _mp4),
    "webm": FileKind("video/webm", _webm),
    "mp3": FileKind("audio/mpeg", _mp3),
    "ogg": FileKind("audio/ogg", _starts_with(b"OggS")),
}


# Using them
# ------------------------------------------------------------------------------


def extension_of(name: str) -> str:
    """The extension of a file name, lower case, without the dot ("" when none)."""
    base = posixpath.basename((name or "").replace("\\", "/"))
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def unknown_extensions(extensions) -> list[str]:
    """Those of `extensions` no content check exists for."""
    return [e for e in extensions if e.lower().lstrip(".") not in KINDS]


def content_type_of(name: str) -> str:
    """The media type a file of this name has once its content is checked."""
    kind = KINDS.get(extension_of(name))
    return kind.content_type if kind else "application/octet-stream"


def content_is(file: IO[bytes], extension: str) -> bool:
    """Whether `file` holds what a file with `extension` must (False for an extension
    without a check). Reads from its start and leaves it there."""
    kind = KINDS.get(extension.lower().lstrip("."))
    if kind is None:
        return False
    file.seek(0)
    try:
        return kind.check(file)
    finally:
        file.seek(0)
