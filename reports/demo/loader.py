"""The demo's targets: the national admin has set every region the same target, 80 %
of RFO staff through the onboarding program by 30 June, and the trend of the last
eight weeks is there, computed from when the demo's learning was assigned and
completed (reports.services.target_snapshots_backfill).

Idempotent: the targets already set are left alone (target_create skips them), and
the trend is computed only for the targets this run creates.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Locale

from core.demo import DemoDataError, Say
from courses.models import ProgramPage
from people.models import OrganizationKind, User
from people.roles import Role
from people.selectors import region_list

from .. import services

NATIONAL_ADMIN = "admin@demo.birgemiz.kz"
PROGRAM_SLUG = "rfo-onboarding"
TARGET_TITLE = "80 % сотрудников РФО прошли введение в должность к 30 июня"
TARGET_PERCENT = 80
TREND_WEEKS = 8


def _next_30_june(today: datetime.date) -> datetime.date:
    due = datetime.date(today.year, 6, 30)
    return due if due >= today else due.replace(year=today.year + 1)


def reports_demo_load(*, say: Say) -> None:
    """One onboarding target for each of the 20 regions, set by the national admin,
    and its weekly figures of the last eight weeks."""
    admin = User.objects.filter(email=NATIONAL_ADMIN).first()
    ru = Locale.objects.get(language_code="ru")
    program = ProgramPage.objects.filter(locale=ru, slug=PROGRAM_SLUG).first()
    if admin is None or program is None:
        raise DemoDataError(
            f"The demo targets need {NATIONAL_ADMIN} and the program {PROGRAM_SLUG}."
        )
    today = timezone.localdate()
    created, _existing = services.target_create(
        by=admin,
        regions=list(region_list()),
        title=TARGET_TITLE,
        target_key=program.translation_key,
        organization_kind=OrganizationKind.REGIONAL_FRONT_OFFICE,
        role=Role.STAFF,
        percent=TARGET_PERCENT,
        due_date=_next_30_june(today),
    )
    if not created:
        return
    services.target_snapshots_backfill(
        targets=created,
        days=[today - datetime.timedelta(weeks=n) for n in range(TREND_WEEKS + 1)],
    )
    say(f"targets of {len(created)} regions, with their trend")
