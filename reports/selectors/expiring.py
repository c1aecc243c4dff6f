"""Certificates that expire soon, or expired lately, of the people in the viewer's
scope: the list admins remind holders from, and its export."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from certificates.codes import code_display
from certificates.selectors import (
    NUDGE_DAYS_AHEAD,
    NUDGE_DAYS_BEHIND,
    certificate_list_visible,
    certificate_list_with_reminders,
    certificate_title,
)
from core.i18n import active_language

from .dashboard import can_view_reports

if TYPE_CHECKING:
    from certificates.models import Certificate
    from people.models import User

# How far ahead the list looks: 30, 60 or 90 days (the reminder rule's horizon), and
# the dashboard's "expiring soon" among them (LMS_CERTIFICATE_EXPIRING_DAYS).
WITHIN_DAYS = sorted(
    {30, 60, 90, min(settings.LMS_CERTIFICATE_EXPIRING_DAYS, NUDGE_DAYS_AHEAD)}
)
EXPIRED_DAYS = NUDGE_DAYS_BEHIND


@dataclasses.dataclass(frozen=True)
class ExpiringFilters:
    """Certificates expiring within `within_days` days (None: those expired in the
    last EXPIRED_DAYS days), of one region, of one course or program."""

    within_days: int | None = settings.LMS_CERTIFICATE_EXPIRING_DAYS
    region_id: int | None = None
    target_key: uuid.UUID | None = None


@dataclasses.dataclass(frozen=True)
class ExpiringRow:
    """One certificate as the list and its export show it."""

    certificate: Certificate
    title: str
    number: str
    days_left: int  # negative: expired that many days ago
    last_reminded: datetime.datetime | None

    @property
    def learner(self) -> User:
        return self.certificate.learner

    @property
    def days_since_expiry(self) -> int:
        return -self.days_left


def certificate_expiring_list(
    *, viewer: User, filters: ExpiringFilters
) -> QuerySet[Certificate]:
    """The certificates `viewer` may see (certificates.selectors.
    certificate_list_visible) that are not revoked, not renewed, of an active holder,
    and expire within `filters.within_days` days (soonest first) or expired in the
    last EXPIRED_DAYS days (latest first); with the holder and their region, and when
    they were last reminded. One query. PermissionDenied for anyone but regional and
    national admins."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    now = timezone.now()
    certificates = certificate_list_with_reminders(
        certificate_list_visible(viewer=viewer)
    ).filter(
        revoked_at__isnull=True,
        renewal__isnull=True,
        learner__is_active=True,
        learner__erased_at__isnull=True,
    )
    if filters.within_days is None:
        since = now - datetime.timedelta(days=EXPIRED_DAYS)
        certificates = certificates.filter(
            expires_at__lte=now, expires_at__gt=since
        ).order_by("-expires_at", "pk")
    else:
        until = now + datetime.timedelta(days=filters.within_days)
        certificates = certificates.filter(
            expires_at__gt=now, expires_at__lte=until
        ).order_by("expires_at", "pk")
    if filters.region_id is not None:
        certificates = certificates.filter(learner__region_id=filters.region_id)
    if filters.target_key is not None:
        certificates = certificates.filter(target_key=filters.target_key)
    return certificates


def expiring_rows(
    certificates: Iterable[Certificate], *, language: str | None = None
) -> Iterator[ExpiringRow]:
    """The rows of certificates from certificate_expiring_list, titles in `language`
    (default: the active one) and days counted in the active time zone, both taken
    now: an export reads the rows after the view has returned. No query."""
    return _rows(
        certificates,
        language=language or active_language(),
        zone=timezone.get_current_timezone(),
    )


def _rows(certificates, *, language: str, zone: datetime.tzinfo):
    today = timezone.localdate(timezone.now(), zone)
    for certificate in certificates:
        reminders = [
            moment
            for moment in (certificate.last_expiry_reminder, certificate.last_nudge)
            if moment is not None
        ]
        yield ExpiringRow(
            certificate=certificate,
            title=certificate_title(certificate, language),
            number=code_display(certificate.code),
            days_left=(timezone.localdate(certificate.expires_at, zone) - today).days,
            last_reminded=max(reminders) if reminders else None,
        )
