"""Clearance for the risk zones, derived from certificates, signed acknowledgements
and age when it is viewed (never stored)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import active_language
from core.pagecache import content_cached
from courses.models import AcknowledgementPage, ItemProgress

from ..models import Certificate, ClearanceRule
from .status import certificate_valid_q


@dataclass
class Clearance:
    """One risk zone for one person at one moment."""

    rule: ClearanceRule
    cleared: bool
    missing: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        language = active_language()
        return getattr(self.rule, f"name_{language}", "") or self.rule.name_ru


def clearance_list(
    *,
    learner,
    now: datetime.datetime | None = None,
    valid_keys: set[uuid.UUID] | None = None,
) -> list[Clearance]:
    """Every risk zone with whether `learner` is cleared for it at `now`, and what is
    missing when not: derived from their valid certificates, their signed
    acknowledgements and their age (two queries, whatever the number of zones; one
    when the caller has read the learner's certificates already and passes the
    target_keys of the valid ones as `valid_keys`; the rules are memoized)."""
    now = now or timezone.now()
    # The rules change rarely; a change bumps the content version (receivers).
    rules = content_cached(
        ("clearance-rules",),
        lambda: list(ClearanceRule.objects.prefetch_related("requirements__page")),
    )
    if not rules:
        return []
    if valid_keys is None:
        valid_keys = set(
            Certificate.objects.filter(
                certificate_valid_q(now=now), learner=learner
            ).values_list("target_key", flat=True)
        )
    acknowledgement_type = ContentType.objects.get_for_model(AcknowledgementPage)
    ack_keys = {
        requirement.page.translation_key
        for rule in rules
        for requirement in rule.requirements.all()
        if requirement.page.content_type_id == acknowledgement_type.pk
    }
    signed = (
        set(
            ItemProgress.objects.filter(
                enrolment__learner=learner, item_key__in=ack_keys
            ).values_list("item_key", flat=True)
        )
        if ack_keys
        else set()
    )
    age = learner.age_on(timezone.localdate(now))
    result = []
    for rule in rules:
        missing: list[str] = []
        for requirement in rule.requirements.all():
            page = requirement.page
            if page.content_type_id == acknowledgement_type.pk:
                if page.translation_key not in signed:
                    missing.append(
                        _("Acknowledgement: %(title)s") % {"title": page.title}
                    )
            elif page.translation_key not in valid_keys:
                missing.append(
                    _("Valid certificate: %(title)s") % {"title": page.title}
                )
        if rule.min_age:
            if age is None:
                missing.append(
                    _("Date of birth (age %(age)s+)") % {"age": rule.min_age}
                )
            elif age < rule.min_age:
                missing.append(_("Age %(age)s+") % {"age": rule.min_age})
        result.append(Clearance(rule=rule, cleared=not missing, missing=missing))
    return result


def clearance_zones(
    *, learner, now: datetime.datetime | None = None
) -> list[Clearance]:
    """The risk zones `learner` is cleared for at `now`."""
    return [c for c in clearance_list(learner=learner, now=now) if c.cleared]
