"""A report's table as a file to download: a header and rows, streamed as CSV or
written into an XLSX workbook, whatever the number of rows, in flat memory.

A Table is made in the view, while the viewer's language and time zone are active:
it takes both, and its rows are read in them (a CSV is written after the view has
returned, when neither is active any more), in batches of BATCH rows. Every text
cell goes through core.spreadsheet.safe_cell; numbers, dates and times are not text
and cannot start a formula.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheet import safe_cell

# Excel opens a UTF-8 file as UTF-8 (and shows Cyrillic) only when it starts with a BOM.
BOM = "\ufeff"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The most rows a worksheet holds (https://support.microsoft.com/en-us/office/
# excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3).
XLSX_MAX_ROWS = 1_048_576
NUMBERS = (int, float, Decimal)
BATCH = 500
_END = object()


@dataclasses.dataclass
class Table:
    """A header and rows of cells (text, numbers, dates, times or None). `rows` is
    any iterable, read once, as the file is written: a generator over a query's
    `.iterator()` keeps memory flat. `title` names the XLSX sheet."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    language: str = dataclasses.field(default_factory=translation.get_language)
    zone: datetime.tzinfo = dataclasses.field(
        default_factory=timezone.get_current_timezone
    )

    def __post_init__(self):
        # Lazy translations become text now, in the viewer's language.
        self.title = str(self.title)
        self.header = [str(label) for label in self.header]

    def _local(self, value: datetime.datetime) -> datetime.datetime:
        """A moment as a wall-clock time in the table's zone, without the zone (a
        spreadsheet has no time zones)."""
        if timezone.is_aware(value):
            value = value.astimezone(self.zone)
        return value.replace(tzinfo=None)

    def csv_cell(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(int(value))
        if isinstance(value, NUMBERS):
            return str(value)
        if isinstance(value, datetime.datetime):
            return self._local(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return safe_cell(value)

    def xlsx_cell(self, value):
        if value is None or isinstance(value, NUMBERS):
            return value
        if isinstance(value, datetime.datetime):
            return self._local(value)
        if isinstance(value, datetime.date):
            return value
        return safe_cell(value)


def _cells(table: Table, cell) -> Iterator[list]:
    """The table's rows as cells (`cell` of each value), read in the table's language
    and time zone, a batch at a time (neither stays active between batches)."""
    rows = iter(table.rows)
    while True:
        with translation.override(table.language), timezone.override(table.zone):
            batch = [
                [cell(value) for value in row] for row in itertools.islice(rows, BATCH)
            ]
        if not batch:
            return
        yield from batch


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer to stream
    (https://docs.djangoproject.com/en/5.2/howto/outputting-csv/#streaming-large-csv-files)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Table) -> Iterator[str]:
    """The table as CSV lines, the first starting with a BOM."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(table.header)
    for cells in _cells(table, table.csv_cell):
        yield writer.writerow(cells)


def csv_response(table: Table, filename: str) -> StreamingHttpResponse:
    """The table as `<filename>.csv` (UTF-8 with a BOM), streamed: each line is
    written as its row is read."""
    response = StreamingHttpResponse(
        csv_lines(table), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def sheet_title(title: str, used: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, none of []:*?/\\), unique in
    its workbook."""
    name = "".join(" " if c in "[]:*?/\\" else c for c in str(title))[:31].strip()
    name = name or "Sheet"
    candidate, n = name, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


def xlsx_write(tables: Table | Sequence[Table], file: IO[bytes]) -> None:
    """The table (or tables, a worksheet each) as a workbook into `file`: openpyxl's
    write-only workbook (rows go to a temporary file as they are added). Past a
    worksheet's last row, a last line says the rest is in the CSV."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in [tables] if isinstance(tables, Table) else tables:
        sheet = workbook.create_sheet(sheet_title(table.title, used))
        sheet.append(table.header)
        rows = _cells(table, table.xlsx_cell)
        written = 1
        for cells in rows:
            if written == XLSX_MAX_ROWS - 1 and next(rows, _END) is not _END:
                sheet.append([_("More rows than a worksheet holds: download the CSV.")])
                break
            sheet.append(cells)
            written += 1
    workbook.save(file)
    file.seek(0)


def xlsx_bytes(table: Table) -> bytes:
    """The table's workbook as bytes (an e-mail attachment), through a temporary
    file."""
    with tempfile.TemporaryFile(suffix=".xlsx") as file:
        xlsx_write(table, file)
        return file.read()


def xlsx_response(table: Table | Sequence[Table], filename: str) -> FileResponse:
    """The table as `<filename>.xlsx`, written into a temporary file that Django
    sends and then closes, which removes it."""
    file = tempfile.TemporaryFile(suffix=".xlsx")
    xlsx_write(table, file)
    return FileResponse(
        file, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX
    )
