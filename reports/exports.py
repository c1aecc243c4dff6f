"""The reports' tables to download (reports.tables writes them as CSV or XLSX): the
dashboard, its figures per region and by course, the audit log, the expiring
certificates, every enrolment (the learner record's are in record_tables). Each is
made in the view, so its header and labels are in the viewer's language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from .selectors.expiring import ExpiringRow
from .tables import Table


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def dashboard_header() -> list[str]:
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
    """A DashboardRow's figures after its learners, each rate beside its count."""
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


def dashboard_table(rows, total) -> Table:
    """The dashboard: a line per region and the totals."""
    lines = [
        [
            row.region.name if row.region is not None else _("Total"),
            row.learners,
            *_learning_cells(row),
        ]
        for row in [*rows, total]
    ]
    return Table(title=_("Completion"), header=dashboard_header(), rows=lines)


# The other figures per region, by course and program, the audit log
# ------------------------------------------------------------------------------


def _table(title, lines: Iterator[list]) -> Table:
    """A Table of `lines`, whose first is the header."""
    return Table(title=title, header=next(lines), rows=lines)


def activity_table(rows, total) -> Table:
    """Quizzes, risk zones, cadence, the Standard and newcomers: the header, a line
    per region and the totals."""

    def lines():
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

    return _table(_("Regions"), lines())


def course_table(rows) -> Table:
    """The header and a line per program and course."""

    def lines():
        yield [
            _("Course or program"),
            _("Kind"),
            *dashboard_header()[2:8],
            _("Quiz attempted (learner and quiz)"),
            _("Quiz passed"),
            _("Quiz pass rate, %"),
            *dashboard_header()[8:],
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

    return _table(_("Courses"), lines())


def audit_table(rows: Iterable) -> Table:
    """The header and a line per entry (reports.selectors.AuditRow)."""

    def lines():
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
                row.at,
                row.actor_name,
                row.actor_email,
                row.action_label,
                row.what,
                row.region_name,
                row.details,
            ]

    return _table(_("Audit log"), lines())


def expiring_table(rows) -> Table:
    """The expiring (or expired) certificates: `rows` of ExpiringRow, read as the file
    is written."""

    def lines(rows):
        row: ExpiringRow
        for row in rows:
            learner = row.learner
            certificate = row.certificate
            yield [
                learner.full_name or learner.email,
                learner.email,
                learner.region.name if learner.region_id else "",
                row.title,
                row.number,
                certificate.issued_at,
                certificate.expires_at,
                row.days_left,
                row.last_reminded,
            ]

    header = [
        _("Person"),
        _("E-mail"),
        _("Region"),
        _("Certificate"),
        _("Number"),
        _("Issued"),
        _("Expires"),
        _("Days left"),
        _("Last reminded"),
    ]
    return Table(title=_("Certificates"), header=header, rows=lines(rows))


def overdue_table(rows) -> Table:
    """The overdue list (courses.selectors.overdue_learners): a line per person."""
    header = [
        _("Person"),
        _("E-mail"),
        _("Region"),
        _("Overdue learning"),
        _("Due"),
        _("Days overdue"),
        _("Last reminded"),
    ]
    lines = [
        [
            row.learner.full_name or row.learner.email,
            row.learner.email,
            row.learner.region.name if row.learner.region_id else "",
            "; ".join(row.titles),
            row.due_date,
            row.days_overdue,
            row.last_reminded,
        ]
        for row in rows
    ]
    return Table(title=_("Overdue learning"), header=header, rows=lines)


def enrolments_table(rows) -> Table:
    """Every enrolment: `rows` from selectors.enrolment_export_rows."""
    header = [
        _("Learner"),
        _("E-mail"),
        _("Region"),
        _("Organisation"),
        _("Course"),
        _("Enrolled at"),
        _("Status"),
        _("Completed at"),
        _("Progress, %"),
    ]
    return Table(title=_("Enrolments"), header=header, rows=rows)
