"""The reports as spreadsheets (CSV, XLSX): the dashboard, its figures per region and
by course, and the audit log, streamed: rows are written as they are produced, the
XLSX through openpyxl's write-only workbook into a temporary file. Each report gives
its table (a header, then lines of cells); every cell passes through `_cell`, which
leaves numbers as numbers and neutralises text that would start a formula
(core.spreadsheet.safe_cell)."""

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


def _cell(value):
    """A number as it is (a spreadsheet sums it), anything else as safe text."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return safe_cell(value)


def _lines(table: Iterable[list]) -> Iterator[list]:
    for line in table:
        yield [_cell(value) for value in line]


# The completion dashboard
# ------------------------------------------------------------------------------


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


def _learning_cells(row) -> list:
    return [
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


def table(rows, total) -> Iterator[list]:
    """The dashboard: the header, a line per region and the totals."""
    yield header()
    for row in [*rows, total]:
        name = row.region.name if row.region is not None else _("Total")
        yield [name, row.learners, *_learning_cells(row)]


# The other figures per region
# ------------------------------------------------------------------------------


def activity_table(rows, total) -> Iterator[list]:
    """Quizzes, risk zones, cadence, the Standard and newcomers: the header, a line
    per region and the totals."""
    zones = total.zones
    yield [
        _("Region"),
        _("Learners"),
        _("Quiz attempted (learner and quiz)"),
        _("Quiz passed"),
        _("Quiz pass rate, %"),
        *(
            label % {"zone": zone.name}
            for zone in zones
            for label in (_("Cleared: %(zone)s"), _("Cleared: %(zone)s, %%"))
        ),
        _("Kept to a training cadence"),
        _("Keeping the cadence"),
        _("Keeping the cadence, %"),
        _("Cadence overdue"),
        _("Cadence overdue, %"),
        _("In the Standard's roles"),
        _("Acknowledged the current Standard"),
        _("Standard acknowledgement rate, %"),
        _("Newcomers (positions)"),
        _("Newcomers onboarded"),
        _("Newcomers onboarded, %"),
        _("Onboarding courses completed, %"),
    ]
    for row in [*rows, total]:
        name = row.region.name if row.region is not None else _("Total")
        yield [
            name,
            row.learners,
            row.quiz_attempted,
            row.quiz_passed,
            _rate(row.quiz_passed, row.quiz_attempted),
            *(
                value
                for cell in row.zone_cells
                for value in (cell.cleared, _rate(cell.cleared, cell.learners))
            ),
            row.cadence_covered,
            row.cadence_kept,
            _rate(row.cadence_kept, row.cadence_covered),
            row.cadence_overdue,
            _rate(row.cadence_overdue, row.cadence_covered),
            row.standard_people,
            row.standard_current,
            _rate(row.standard_current, row.standard_people),
            row.newcomers,
            row.newcomers_onboarded,
            _rate(row.newcomers_onboarded, row.newcomers),
            _rate(row.onboarding_done, row.onboarding_required),
        ]


# By course and program
# ------------------------------------------------------------------------------


def course_table(rows) -> Iterator[list]:
    """The header and a line per program and course."""
    yield [
        _("Course or program"),
        _("Kind"),
        *header()[2:8],
        _("Quiz attempted (learner and quiz)"),
        _("Quiz passed"),
        _("Quiz pass rate, %"),
        *header()[8:],
    ]
    for row in rows:
        cells = _learning_cells(row.figures)
        yield [
            row.target.title,
            _("Program") if row.target.is_program else _("Course"),
            *cells[:6],
            row.quiz.attempted,
            row.quiz.passed,
            _rate(row.quiz.passed, row.quiz.attempted),
            *cells[6:],
        ]


# The audit log
# ------------------------------------------------------------------------------


def audit_table(rows: Iterable) -> Iterator[list]:
    """The header and a line per entry (reports.selectors.AuditRow)."""
    yield [
        _("When"),
        _("Done by"),
        _("E-mail"),
        _("Action"),
        _("What"),
        _("Region"),
        _("Details"),
    ]
    for row in rows:
        yield [
            timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
            row.actor_name,
            row.actor_email,
            row.action_label,
            row.what,
            row.region_name,
            row.details,
        ]


# Writers
# ------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def csv_response(table: Iterable[list], *, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # The lines are made while the response streams: in the request's language.
    language = translation.get_language()

    def lines():
        with translation.override(language):
            yield BOM
            for line in _lines(table):
                yield writer.writerow(["" if v is None else v for v in line])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_write(table: Iterable[list], *, sheet: str, file: IO[bytes]) -> None:
    """Write `table` as one sheet of a write-only workbook into `file` (rows are
    written as they come; the workbook is never whole in memory)."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    for line in _lines(table):
        worksheet.append(line)
    workbook.save(file)
    file.seek(0)


def xlsx_bytes(table: Iterable[list], *, sheet: str) -> bytes:
    """The workbook of `table` as bytes (for an e-mail attachment), written through
    a temporary file."""
    with tempfile.TemporaryFile(suffix=".xlsx") as file:
        xlsx_write(table, sheet=sheet, file=file)
        return file.read()


def xlsx_response(table: Iterable[list], *, filename: str, sheet: str) -> FileResponse:
    file = tempfile.TemporaryFile(suffix=".xlsx")  # closed (and removed) by Django
    xlsx_write(table, sheet=sheet, file=file)
    return FileResponse(
        file, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX
    )
