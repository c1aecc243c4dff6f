"""A certificate's status at a moment (never stored: it follows from the dates), and
its title and issuer in a language."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import active_language

from ..models import Certificate


class Status:
    """A certificate's status at a moment (not stored: it follows from the dates)."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"

    LABELS = {
        VALID: _("Valid"),
        EXPIRING: _("Valid, expires soon"),
        EXPIRED: _("Expired"),
        REVOKED: _("Revoked"),
    }


def certificate_status(
    certificate: Certificate, *, now: datetime.datetime | None = None
) -> str:
    """valid, expiring (within LMS_CERTIFICATE_EXPIRING_DAYS), expired or revoked."""
    now = now or timezone.now()
    if certificate.revoked_at is not None:
        return Status.REVOKED
    if certificate.expires_at is None:
        return Status.VALID
    if certificate.expires_at <= now:
        return Status.EXPIRED
    soon = datetime.timedelta(days=settings.LMS_CERTIFICATE_EXPIRING_DAYS)
    if certificate.expires_at <= now + soon:
        return Status.EXPIRING
    return Status.VALID


def certificate_is_valid(
    certificate: Certificate, *, now: datetime.datetime | None = None
) -> bool:
    return certificate_status(certificate, now=now) in (Status.VALID, Status.EXPIRING)


def certificate_valid_q(*, now: datetime.datetime | None = None) -> Q:
    """Certificates valid at `now`: not revoked and not expired."""
    now = now or timezone.now()
    return Q(revoked_at__isnull=True) & (
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def certificate_status_q(status: str, *, now: datetime.datetime | None = None) -> Q:
    """Certificates whose status (selectors.certificate_status) is `status` at `now`."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=settings.LMS_CERTIFICATE_EXPIRING_DAYS)
    live = Q(revoked_at__isnull=True)
    if status == Status.REVOKED:
        return Q(revoked_at__isnull=False)
    if status == Status.EXPIRED:
        return live & Q(expires_at__lte=now)
    if status == Status.EXPIRING:
        return live & Q(expires_at__gt=now, expires_at__lte=soon)
    return live & (Q(expires_at__isnull=True) | Q(expires_at__gt=soon))


# An admin may remind a holder of a certificate that expires within this many days
# or expired at most this many days ago (the reports' expiring list offers 30, 60
# and 90 days ahead, and the last 90 days).
NUDGE_DAYS_AHEAD = 90
NUDGE_DAYS_BEHIND = 90


def certificate_nudge_q(*, now: datetime.datetime | None = None) -> Q:
    """Certificates an admin may remind their holder of (services.certificate_nudge):
    not revoked, not renewed, expiring within NUDGE_DAYS_AHEAD days or expired within
    the last NUDGE_DAYS_BEHIND days."""
    now = now or timezone.now()
    return Q(
        revoked_at__isnull=True,
        renewal__isnull=True,
        expires_at__gt=now - datetime.timedelta(days=NUDGE_DAYS_BEHIND),
        expires_at__lte=now + datetime.timedelta(days=NUDGE_DAYS_AHEAD),
    )


def certificate_title(certificate: Certificate, language: str | None = None) -> str:
    """The certified course's (or program's) title in `language` (default: the active
    one), else in Russian, else any: as it was when the certificate was issued."""
    titles = certificate.title or {}
    language = language or active_language()
    return (
        titles.get(language)
        or titles.get(settings.LANGUAGE_CODE)
        or next(iter(titles.values()), "")
    )


def certificate_is_renewable(
    certificate: Certificate, *, now: datetime.datetime | None = None
) -> bool:
    """A refresher renews a certificate that expires soon or has expired (not one
    revoked, not one already renewed, and not one that never expires)."""
    if certificate.revoked_at is not None or certificate.expires_at is None:
        return False
    return certificate_status(certificate, now=now) in (
        Status.EXPIRING,
        Status.EXPIRED,
    )


def certificate_issuer(certificate: Certificate, language: str | None = None) -> str:
    """Who issued the certificate, in `language` (default: the active one), else in
    Russian: from its template's wording."""
    template = certificate.template
    if template is None:
        return ""
    language = language or active_language()
    return getattr(template, f"issuer_{language}", "") or template.issuer_ru
