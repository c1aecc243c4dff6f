"""The reports' tables to download (reports.tables writes them as CSV or XLSX): the
dashboard, the expiring certificates, every enrolment. Each is made in the view, so
its header and labels are in the viewer's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .selectors.expiring import ExpiringRow
from .tables import Table


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def dashboard_table(rows, total) -> Table:
    """The dashboard: a line per region and the totals."""
    header = [
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
    lines = [
        [
            row.region.name if row.region is not None else _("Total"),
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
        for row in [*rows, total]
    ]
    return Table(title=_("Completion"), header=header, rows=lines)


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
