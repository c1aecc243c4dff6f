"""The sign-in sheet of a session day: the printable PDF (WeasyPrint, as certificates
render theirs), the template to fill in as CSV or XLSX (prefilled with the people
registered), and the reading of a filled file into rows for
services.attendance_sheet_import.

The PDF uses only the shipped PT fonts (they cover the whole Kazakh alphabet) and
WeasyPrint may read nothing but those fonts and data: URIs. WeasyPrint is imported
when a PDF is rendered, so the site runs where Pango is missing.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.pdf import pdf_from_html
from core.uploads import content_is

from . import selectors
from .models import SessionDay
from .services.attendance import SheetRow

PDF_TEMPLATE = "scheduling/attendance/sheet_pdf.html"
# The PT fonts certificates ship (read as files, not imported: scheduling may not
# import certificates). They belong in core when a third app prints.
FONTS_DIR = Path(settings.BASE_DIR) / "certificates" / "fonts"
FONT_FILES = {"sans": "PTS55F.ttf", "sans_bold": "PTS75F.ttf"}

# Columns of the template; a filled file is read by these names (or the localised
# ones below), in any order.
COLUMNS = ["registration", "email", "name", "organisation", "mark"]
COLUMN_ALIASES = {
    "registration": "registration",
    "registration number": "registration",
    "№": "registration",
    "номер регистрации": "registration",
    "тіркеу нөмірі": "registration",
    "email": "email",
    "e-mail": "email",
    "эл. почта": "email",
    "электронная почта": "email",
    "эл. пошта": "email",
    "электрондық пошта": "email",
    "mark": "mark",
    "отметка": "mark",
    "белгі": "mark",
}
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000

MSG_FILE_TYPE = _("Upload the sheet as a .csv or .xlsx file.")
MSG_FILE_UNREADABLE = _("The file cannot be read as %(kind)s.")
MSG_FILE_TOO_BIG = _("The file is too big (at most 2 MB).")
MSG_FILE_COLUMNS = _(
    "The first line must name the columns: “email” (or “registration”) and “mark”."
)
MSG_FILE_TOO_LONG = _("The file has too many lines.")


# The template to fill in
# ------------------------------------------------------------------------------


def _template_rows(day: SessionDay) -> list[list[str]]:
    rows = [COLUMNS]
    for registration in selectors.registration_list_registered(session=day.session):
        person = registration.person
        rows.append(
            [
                str(registration.pk),
                person.email,
                person.full_name,
                person.organization.display_name if person.organization_id else "",
                "",
            ]
        )
    return rows


def sheet_template_name(day: SessionDay, extension: str) -> str:
    return f"attendance-{day.session_id}-{day.date.isoformat()}.{extension}"


def sheet_template_csv(day: SessionDay) -> bytes:
    """The template as CSV (UTF-8 with a byte-order mark, so Excel reads Cyrillic)."""
    out = io.StringIO()
    csv.writer(out).writerows(_template_rows(day))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_template_xlsx(day: SessionDay) -> bytes:
    """The template as an Excel workbook, the mark column offering the three marks."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = day.date.isoformat()
    for row in _template_rows(day):
        sheet.append(row)
    for letter, width in zip("ABCDE", (14, 32, 36, 36, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    marks = DataValidation(type="list", formula1='"present,absent,excused"')
    marks.add(f"E2:E{max(sheet.max_row, 2)}")
    sheet.add_data_validation(marks)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Reading a filled file
# ------------------------------------------------------------------------------


def _cell(header: dict[str, int], values: list[str], name: str) -> str:
    index = header.get(name)
    return values[index] if index is not None and index < len(values) else ""


def _rows_from_table(table) -> list[SheetRow]:
    """SheetRows from (line number, cells) pairs, the first being the header."""
    header = None
    rows: list[SheetRow] = []
    for line, cells in table:
        values = ["" if cell is None else str(cell).strip() for cell in cells]
        if header is None:
            if not any(values):
                continue
            header = {}
            for index, value in enumerate(values):
                name = COLUMN_ALIASES.get(" ".join(value.lower().split()))
                if name and name not in header:
                    header[name] = index
            if "mark" not in header or not (
                "email" in header or "registration" in header
            ):
                raise ValidationError(MSG_FILE_COLUMNS, code="columns")
            continue
        if not any(values):
            continue
        if len(rows) >= MAX_LINES:
            raise ValidationError(MSG_FILE_TOO_LONG, code="too_long")

        who = _cell(header, values, "email") or _cell(header, values, "registration")
        rows.append(SheetRow(line=line, who=who, mark=_cell(header, values, "mark")))
    if header is None:
        raise ValidationError(MSG_FILE_COLUMNS, code="columns")
    return rows


def _csv_text(data: bytes) -> str:
    # UTF-8 first (with or without a byte-order mark); Excel in Russian and Kazakh
    # saves "CSV" in Windows-1251.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def _read_csv(data: bytes) -> list[SheetRow]:
    try:
        text = _csv_text(data)
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        return _rows_from_table((reader.line_num, row) for row in reader)
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValidationError(
            MSG_FILE_UNREADABLE, code="unreadable", params={"kind": "CSV"}
        ) from error


def _read_xlsx(data: bytes) -> list[SheetRow]:
    from openpyxl import load_workbook

    unreadable = ValidationError(
        MSG_FILE_UNREADABLE, code="unreadable", params={"kind": "XLSX"}
    )
    # A real workbook, not a macro-enabled one, nor an archive that would unpack to
    # gigabytes in openpyxl (core.uploads).
    if not content_is(io.BytesIO(data), "xlsx"):
        raise unreadable
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise unreadable from error
    try:
        sheet = book.worksheets[0]
        return _rows_from_table(enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        book.close()


def sheet_rows_read(upload) -> list[SheetRow]:
    """The rows of an uploaded filled sheet (.csv or .xlsx), each with the line
    number a spreadsheet shows; ValidationError when the file cannot be read."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(MSG_FILE_TOO_BIG, code="too_big")
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".csv"):
        return _read_csv(data)
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    raise ValidationError(MSG_FILE_TYPE, code="type")


# The printable sheet
# ------------------------------------------------------------------------------


def _url_fetcher():
    """Reads only data: URIs and the font files; anything else is left out."""
    from weasyprint.urls import URLFetcher

    class FontsOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not path.is_relative_to(FONTS_DIR.resolve()):
                    raise ValueError(f"file outside the fonts folder: {url}")
            elif scheme != "data":
                raise ValueError(f"sign-in sheets fetch no {scheme}: URLs")
            return super().fetch(url, headers)

    return FontsOnlyFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def sheet_context(day: SessionDay) -> dict:
    """What the sign-in sheet template needs (no queries in it)."""
    session = day.session
    start = timezone.localtime(day.starts_at)
    end = timezone.localtime(day.ends_at)
    return {
        "session": session,
        "title": session.title,
        "date": formats.date_format(day.date, "DATE_FORMAT"),
        "hours": f"{formats.time_format(start, 'TIME_FORMAT')}–"
        f"{formats.time_format(end, 'TIME_FORMAT')}",
        "place": session.venue or session.meeting_url,
        "rows": _template_rows(day)[1:],
        "document_title": gettext("Sign-in sheet"),
        "fonts": {key: (FONTS_DIR / name).as_uri() for key, name in FONT_FILES.items()},
    }


def sheet_pdf_bytes(day: SessionDay) -> bytes:
    """The day's sign-in sheet as an A4 PDF: number, name, organisation, a column
    to sign. Raises PdfUnavailable where WeasyPrint cannot load Pango."""
    html = render_to_string(PDF_TEMPLATE, sheet_context(day))
    return pdf_from_html(html, url_fetcher=_url_fetcher)
