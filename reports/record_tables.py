"""The learner record as tables (reports.tables.Table: title, header, rows) for its
CSV and XLSX exports: one table per section of the page (a worksheet each), and one
combined table for the CSV. reports.tables makes every text cell safe."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import LearnerRecord
from .tables import Table


def _date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _yes(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def _number(value) -> str:
    """A score without trailing zeros (80.00 -> 80, 85.50 -> 85.5)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def record_tables(record: LearnerRecord) -> list[Table]:
    """The record's sections, each a table; the values as the page shows them."""
    learner = record.learner
    learning = record.learning
    today = timezone.localdate(record.at)
    return [
        Table(
            _("Person"),
            [_("Field"), _("Value")],
            [
                [_("Name"), learner.full_name],
                [_("E-mail"), learner.email],
                [_("Region"), learner.region.name if learner.region_id else ""],
                [
                    _("Organisation"),
                    learner.organization.display_name
                    if learner.organization_id
                    else "",
                ],
                [_("Organisation kind"), learner.get_organization_kind_display()],
                [_("Record as of"), _date(record.at)],
            ],
        ),
        Table(
            _("Positions"),
            [
                _("Role"),
                _("Job title"),
                _("Organisation"),
                _("Region"),
                _("From"),
                _("Until"),
                _("Current"),
            ],
            [
                [
                    p.get_role_display(),
                    p.title,
                    p.organization.display_name,
                    p.organization.region.name if p.organization.region_id else "",
                    _date(p.start_date),
                    _date(p.end_date),
                    _yes(p.is_active_on(today)),
                ]
                for p in record.positions
            ],
        ),
        Table(
            _("Assigned learning"),
            [
                _("Course or program"),
                _("Kind"),
                _("Assigned"),
                _("Due date"),
                _("Status"),
                _("Completed"),
            ],
            [
                [
                    a.title,
                    a.assignment.get_target_kind_display(),
                    _date(a.assignment.created_at),
                    _date(a.assignment.due_date),
                    a.status_label,
                    _date(a.completed_at),
                ]
                for a in learning.assignments
            ],
        ),
        Table(
            _("Enrolments"),
            [
                _("Course"),
                _("Enrolled"),
                _("Status"),
                _("Completed"),
                _("Required items done"),
                _("Done, %"),
            ],
            [
                [
                    e.title,
                    _date(e.enrolment.created_at),
                    e.enrolment.get_status_display(),
                    _date(e.enrolment.completed_at),
                    f"{e.required_done}/{e.required_total}",
                    e.percent,
                ]
                for e in learning.enrolments
            ],
        ),
        Table(
            _("Course items"),
            [_("Course"), _("Item"), _("Required"), _("Done")],
            [
                [e.title, item.title, _yes(item.required), _date(item.done_at)]
                for e in learning.enrolments
                for item in e.items
            ],
        ),
        Table(
            _("Quiz attempts"),
            [
                _("Quiz"),
                _("Attempt"),
                _("Started"),
                _("Submitted"),
                _("Score, %"),
                _("Passed"),
            ],
            [
                [
                    a.title,
                    a.attempt.number,
                    _date(a.attempt.started_at),
                    _date(a.attempt.submitted_at),
                    _number(a.attempt.percent),
                    _yes(a.attempt.passed),
                ]
                for a in record.assessments.attempts
            ],
        ),
        Table(
            _("Submitted assignments"),
            [
                _("Assignment"),
                _("Version"),
                _("Submitted"),
                _("Review"),
                _("Reviewed"),
                _("Score"),
            ],
            [
                [
                    s.title,
                    s.submission.version,
                    _date(s.submission.submitted_at),
                    s.submission.get_status_display(),
                    _date(s.submission.reviewed_at),
                    ""
                    if s.submission.score is None
                    else f"{_number(s.submission.score)}/"
                    f"{_number(s.submission.max_score)}",
                ]
                for s in record.assessments.submissions
            ],
        ),
        Table(
            _("Certificates"),
            [
                _("Course or program"),
                _("Certificate number"),
                _("Issued"),
                _("Expires"),
                _("Status"),
            ],
            [
                [
                    c.title,
                    c.number,
                    _date(c.certificate.issued_at),
                    _date(c.certificate.expires_at),
                    c.status_label,
                ]
                for c in record.certificates
            ],
        ),
        Table(
            _("Clearance"),
            [_("Risk zone"), _("Cleared"), _("Missing")],
            [
                [c.name, _yes(c.cleared), "; ".join(str(m) for m in c.missing)]
                for c in record.clearances
            ],
        ),
        Table(
            _("Training sessions"),
            [
                _("Session"),
                _("Kind"),
                _("Starts"),
                _("Registration"),
                _("Days present"),
                _("Days"),
            ],
            [
                [
                    s.session.title,
                    s.session.get_kind_display(),
                    _date(s.session.starts_at),
                    s.registration.get_status_display() if s.registration else "",
                    s.present,
                    s.days,
                ]
                for s in record.sessions
            ],
        ),
        Table(
            _("Acknowledgements of the Standard"),
            [_("Standard"), _("Version"), _("Acknowledged"), _("Latest version")],
            [
                [
                    a.title,
                    a.version,
                    _date(a.acknowledgement.acknowledged_at),
                    _yes(a.is_current),
                ]
                for a in learning.acknowledgements
            ],
        ),
    ]


def record_csv_table(tables: list[Table]) -> Table:
    """One combined table: the first column names the section; each section starts
    with its own header line (also led by the section's name)."""

    def rows():
        for table in tables:
            yield [table.title, *table.header]
            for line in table.rows:
                yield [table.title, *line]

    return Table(
        title=_("Learner record"),
        header=[_("Section"), _("Columns and values")],
        rows=rows(),
    )
