"""Training sessions (quarterly offline intensives, monthly online meetings,
workshops), their days, registrations with a waitlist, attendance, the yearly plan
rules, public holidays, personal calendar feeds and the training-cadence rules."""

from people.models import OrganizationKind

from .compliance import ComplianceNotice
from .planning import CadenceRule, CalendarFeed, Holiday, PlanNotice, PlanRule
from .registrations import (
    ACTIVE_REGISTRATION,
    Attendance,
    AttendanceMark,
    Registration,
    RegistrationStatus,
)
from .sessions import (
    SessionAttendancePage,
    SessionDay,
    SessionKind,
    SessionStatus,
    TrainingSession,
)

__all__ = [
    "ACTIVE_REGISTRATION",
    "Attendance",
    "AttendanceMark",
    "CadenceRule",
    "CalendarFeed",
    "ComplianceNotice",
    "Holiday",
    "OrganizationKind",
    "PlanNotice",
    "PlanRule",
    "Registration",
    "RegistrationStatus",
    "SessionAttendancePage",
    "SessionDay",
    "SessionKind",
    "SessionStatus",
    "TrainingSession",
]
