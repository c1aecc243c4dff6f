"""Reading a file of people: CSV (comma, semicolon or tab) or XLSX, a header row in
Russian, Kazakh or English (any case), one person per row.

The result is a list of `RawRow`: the file's line number and the cells by column key
(strings, or dates where a spreadsheet cell holds a date), and the problems of the
header (unknown or missing columns), each with its line.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re

from django.utils.translation import gettext_lazy as _

from core.importing import upload_text
from core.uploads import content_is

# Column keys and the headers that name them (compared lower-cased, with "_" and runs
# of spaces read as one space, and a trailing "*" or ":" dropped).
COLUMNS: dict[str, tuple[str, ...]] = {
    "email": (
        "email",
        "e-mail",
        "e-mail address",
        "email address",
        "почта",
        "электронная почта",
        "эл. почта",
        "адрес электронной почты",
        "электрондық пошта",
    ),
    "full_name": (
        "full name",
        "name",
        "фио",
        "ф.и.о.",
        "ф. и. о.",
        "полное имя",
        "аты-жөні",
    ),
    "last_name": ("last name", "surname", "фамилия", "тегі"),
    "first_name": ("first name", "given name", "имя", "аты"),
    "middle_name": ("middle name", "patronymic", "отчество", "әкесінің аты"),
    "birth_date": ("birth date", "date of birth", "дата рождения", "туған күні"),
    "region": ("region", "регион", "область", "өңір"),
    "organization": ("organisation", "organization", "организация", "ұйым"),
    "role": ("role", "роль", "рөл", "рөлі"),
    "start_date": (
        "position start",
        "start date",
        "start",
        "дата начала",
        "начало",
        "дата назначения",
        "басталған күні",
    ),
    "title": ("job title", "title", "position", "должность", "лауазым"),
}
HEADER_KEYS = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
# The headers of the template file (people.importing.template_csv), in this order.
TEMPLATE_HEADERS = (
    ("email", "E-mail"),
    ("full_name", "Full name"),
    ("birth_date", "Birth date"),
    ("region", "Region"),
    ("organization", "Organisation"),
    ("role", "Role"),
    ("start_date", "Position start"),
    ("title", "Job title"),
)

MSG_COLUMN_UNKNOWN = _("Unknown column “%(name)s”.")
MSG_COLUMN_TWICE = _("The column “%(name)s” appears twice.")
MSG_COLUMN_EMAIL_MISSING = _("The file has no e-mail column.")
MSG_NO_HEADER = _("The first line must name the columns.")
MSG_TOO_MANY_ROWS = _(
    "The file has more than %(max)s rows: split it into several files."
)
MSG_XLSX_UNREADABLE = _("The spreadsheet cannot be read. Save it as .xlsx or as CSV.")

MAX_ROWS = 10_000


@dataclasses.dataclass(frozen=True)
class FileProblem:
    line: int
    message: str


@dataclasses.dataclass(frozen=True)
class RawRow:
    line: int
    cells: dict[str, str | datetime.date]


def header_key(header: object) -> str:
    text = re.sub(r"[\s_]+", " ", str(header or "")).strip().lower().rstrip("*: ")
    return HEADER_KEYS.get(text, "")


def is_xlsx(raw: bytes) -> bool:
    # An .xlsx file is a zip archive; a CSV never starts with "PK\x03\x04".
    return raw[:4] == b"PK\x03\x04"


def _cell(value) -> str | datetime.date:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(raw: bytes):
    from openpyxl import load_workbook

    # A real workbook, not a macro-enabled one, nor an archive that would unpack to
    # gigabytes in openpyxl (core.uploads).
    if not content_is(io.BytesIO(raw), "xlsx"):
        return None
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (openpyxl raises many kinds for a broken file)
        return None
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()


def _csv_rows(text: str):
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    start = 1
    for values in reader:
        rows.append((start, [value.strip() for value in values]))
        start = reader.line_num + 1
    return rows


def people_file_read(raw: bytes) -> tuple[list[RawRow], list[FileProblem]]:
    """The rows of a CSV or XLSX file of people and the problems of its header.

    Raises ValidationError (core.importing) for a CSV that is not UTF-8 text."""
    if is_xlsx(raw):
        rows = _xlsx_rows(raw)
        if rows is None:
            return [], [FileProblem(1, str(MSG_XLSX_UNREADABLE))]
    else:
        rows = _csv_rows(upload_text(raw))
    rows = [(line, values) for line, values in rows if any(values)]
    if not rows:
        return [], [FileProblem(1, str(MSG_NO_HEADER))]
    header_line, headers = rows[0]
    problems: list[FileProblem] = []
    keys: list[str] = []
    for header in headers:
        key = header_key(header)
        if not key and str(header or "").strip():
            problems.append(
                FileProblem(header_line, str(MSG_COLUMN_UNKNOWN % {"name": header}))
            )
        elif key and key in keys:
            problems.append(
                FileProblem(header_line, str(MSG_COLUMN_TWICE % {"name": header}))
            )
            key = ""
        keys.append(key)
    if "email" not in keys:
        problems.append(FileProblem(header_line, str(MSG_COLUMN_EMAIL_MISSING)))
    if len(rows) - 1 > MAX_ROWS:
        problems.append(
            FileProblem(header_line, str(MSG_TOO_MANY_ROWS % {"max": MAX_ROWS}))
        )
    if problems:
        return [], problems
    result = []
    for line, values in rows[1:]:
        cells: dict[str, str | datetime.date] = {}
        for key, value in zip(keys, values, strict=False):
            if key:
                cells[key] = value
        result.append(RawRow(line=line, cells=cells))
    return result, []


def template_csv() -> str:
    """The template file offered on the import page: the header and one example."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for _key, header in TEMPLATE_HEADERS])
    writer.writerow(
        [
            "a.nurlanova@example.kz",
            "Нурланова Айгерим Ерлановна",
            "14.03.1995",
            "KZ-75",
            "Региональный фронт-офис",
            "staff",
            "01.09.2026",
            "Специалист",
        ]
    )
    return buffer.getvalue()
