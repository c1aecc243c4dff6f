"""The reports as spreadsheets (CSV, XLSX): the dashboard and the audit log, streamed:
rows are written as they are produced, the XLSX through openpyxl's write-only workbook
into a temporary file."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
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


def audit_header() -> list[str]:
    return [
        _("When"),
        _("Done by"),
        _("E-mail"),
        _("Action"),
        _("What"),
        _("Region"),
        _("Details"),
    ]


def audit_table(rows: Iterable) -> Iterator[list]:
    """The header and a line per entry (reports.selectors.AuditRow), every cell
    text that cannot start a formula."""
    yield audit_header()
    for row in rows:
        yield [
            safe_cell(value)
            for value in (
                timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
                row.actor_name,
                row.actor_email,
                row.action_label,
                row.what,
                row.region_name,
                row.details,
            )
        ]


class _Echo:
    def write(self, value):
        return value


def _csv(lines: Iterable[list], *, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # The lines are made while the response streams: in the request's language.
    language = translation.get_language()

    def content():
        with translation.override(language):
            yield BOM
            for line in lines:
                yield writer.writerow(["" if v is None else v for v in line])

    response = StreamingHttpResponse(content(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_write(lines: Iterable[list], *, sheet: str, file: IO[bytes]) -> None:
    """Write `lines` as one sheet of a write-only workbook into `file` (rows are
    written as they come; the workbook is never whole in memory)."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    for line in lines:
        worksheet.append(line)
    workbook.save(file)
    file.seek(0)


def xlsx_bytes(lines: Iterable[list], *, sheet: str) -> bytes:
    """The workbook of `lines` as bytes (for an e-mail attachment), written through a
    temporary file."""
    with tempfile.TemporaryFile(suffix=".xlsx") as file:
        xlsx_write(lines, sheet=sheet, file=file)
        return file.read()


def _xlsx(lines: Iterable[list], *, sheet: str, filename: str) -> FileResponse:
    file = tempfile.TemporaryFile(suffix=".xlsx")  # closed (and removed) by Django
    xlsx_write(lines, sheet=sheet, file=file)
    return FileResponse(
        file, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX
    )


def csv_response(rows, total, *, filename: str) -> StreamingHttpResponse:
    return _csv(table(rows, total), filename=filename)


def xlsx_response(rows, total, *, filename: str) -> FileResponse:
    return _xlsx(table(rows, total), sheet=_("Completion"), filename=filename)


def audit_csv_response(rows: Iterable, *, filename: str) -> StreamingHttpResponse:
    """The audit entries (AuditRow, produced lazily) as CSV, streamed."""
    return _csv(audit_table(rows), filename=filename)


def audit_xlsx_response(rows: Iterable, *, filename: str) -> FileResponse:
    return _xlsx(audit_table(rows), sheet=_("Audit log"), filename=filename)
