"""Reports as spreadsheets (CSV, XLSX), streamed: rows are written as they are
produced, the XLSX through openpyxl's write-only workbook into a temporary file. The
dashboard's table is here; the learner record's tables are in record_tables."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheet import safe_cell

# Excel opens a UTF-8 file as UTF-8 (and shows Cyrillic) only when it starts with a BOM.
BOM = "\ufeff"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def header() -> list[str]:
    return [
        _("Region"),
        _("Learners"),
        _("Assigned"),
        _("In progress"),
        _("Completed"),
        _("Completion rate, %"),
        _("Overdue"),
        _("Overdue rate, %"),
        _("Certificates valid"),
        _("Expiring within 60 days"),
        _("Expired"),
        _("Revoked"),
    ]


def table(rows, total) -> Iterator[list]:
    """The header, a line per region and the totals, as cell values."""
    yield header()
    for row in [*rows, total]:
        name = row.region.name if row.region is not None else _("Total")
        yield [
            safe_cell(name),
            row.learners,
            row.assigned,
            row.in_progress,
            row.completed,
            _rate(row.completed, row.assigned),
            row.overdue,
            _rate(row.overdue, row.assigned),
            row.certificates_valid,
            row.certificates_expiring,
            row.certificates_expired,
            row.certificates_revoked,
        ]


class _Echo:
    def write(self, value):
        return value


def csv_stream(lines: Iterable[list], *, filename: str) -> StreamingHttpResponse:
    """`lines` (lists of cell values, made safe by the caller) as a CSV download,
    UTF-8 with a BOM, written as they come."""
    writer = csv.writer(_Echo())

    def chunks():
        yield BOM
        for line in lines:
            yield writer.writerow(["" if v is None else v for v in line])

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
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


def xlsx_stream(
    sheets: Iterable[tuple[str, Iterable[list]]], *, filename: str
) -> FileResponse:
    """Worksheets (title, lines) as an XLSX download, written row by row through
    openpyxl's write-only workbook into a temporary file."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for title, lines in sheets:
        sheet = workbook.create_sheet(sheet_title(title, used))
        for line in lines:
            sheet.append(line)
    file = tempfile.TemporaryFile(suffix=".xlsx")  # closed (and removed) by Django
    workbook.save(file)
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX
    )


def csv_response(rows, total, *, filename: str) -> StreamingHttpResponse:
    return csv_stream(table(rows, total), filename=filename)


def xlsx_response(rows, total, *, filename: str) -> FileResponse:
    return xlsx_stream([(_("Completion"), table(rows, total))], filename=filename)
