"""Clearance for the risk zones, derived from certificates, signed acknowledgements
and age when it is viewed (never stored): one person's (clearance_list), or how many
people are cleared, counted in SQL for grouped reports (clearance_zone_counts)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.i18n import DEFAULT_LANGUAGE, active_language, localized_pick
from core.pagecache import content_cached
from courses.models import AcknowledgementPage, ItemProgress
from courses.selectors import born_by

from ..models import Certificate, ClearanceRule
from .status import certificate_valid_q


def _rule_name(rule: ClearanceRule) -> str:
    return getattr(rule, f"name_{active_language()}", "") or rule.name_ru


@dataclass
class Clearance:
    """One risk zone for one person at one moment."""

    rule: ClearanceRule
    cleared: bool
    missing: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return _rule_name(self.rule)


def _rules() -> list[ClearanceRule]:
    # The rules change rarely; a change bumps the content version (receivers).
    return content_cached(
        ("clearance-rules",),
        lambda: list(ClearanceRule.objects.prefetch_related("requirements__page")),
    )


def _requirement_titles(rules: list[ClearanceRule]) -> dict[uuid.UUID, str]:
    """The titles of the rules' courses, programs and acknowledgements in the active
    language (else in the default one), by translation_key (memoized; one query)."""
    language = active_language()
    keys = sorted(
        {req.page.translation_key for rule in rules for req in rule.requirements.all()},
        key=str,
    )

    def titles() -> dict[uuid.UUID, str]:
        translations = Page.objects.live().filter(
            translation_key__in=keys,
            locale__language_code__in=[language, DEFAULT_LANGUAGE],
        )
        chosen = localized_pick(translations.select_related("locale"), language)
        return {key: page.title for key, page in chosen.items()}

    return content_cached(("clearance-titles", language), titles)


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
    target_keys of the valid ones as `valid_keys`; the rules are memoized, and so
    are the titles that name what is missing, in the active language)."""
    now = now or timezone.now()
    rules = _rules()
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
    titles = None
    for rule in rules:
        missing: list[str] = []
        for requirement in rule.requirements.all():
            page = requirement.page
            if page.content_type_id == acknowledgement_type.pk:
                message = _("Acknowledgement: %(title)s")
                if page.translation_key in signed:
                    continue
            elif page.translation_key not in valid_keys:
                message = _("Valid certificate: %(title)s")
            else:
                continue
            if titles is None:
                titles = _requirement_titles(rules)
            title = titles.get(page.translation_key, page.title)
            missing.append(message % {"title": title})
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


@dataclass(frozen=True)
class ClearanceZone:
    """A risk zone as a grouped report counts it: the rule and the name of its count
    in clearance_zone_counts."""

    rule: ClearanceRule
    alias: str

    @property
    def name(self) -> str:
        return _rule_name(self.rule)


def _holders_of_all(rows, field: str, keys: set[uuid.UUID], key_field: str):
    """Ids (`field`) of the people having a row of each of `keys` among `rows`."""
    rows = rows.filter(**{f"{key_field}__in": sorted(keys, key=str)})
    if len(keys) > 1:
        rows = (
            rows.values(field)
            .annotate(keys_held=Count(key_field, distinct=True))
            .filter(keys_held=len(keys))
        )
    return rows.values(field)


def clearance_cleared_q(
    rule: ClearanceRule,
    *,
    now: datetime.datetime | None = None,
    acknowledgement_type_id: int | None = None,
) -> Q:
    """People (rows of User) cleared for `rule` at `now`, clearance_list's rule as a
    filter: a valid certificate of each course or program required, each
    acknowledgement signed, the minimum age reached (an unknown date of birth never
    is). The requirements make one uncorrelated subquery of ids, which the database
    reads once, not once per person."""
    now = now or timezone.now()
    if acknowledgement_type_id is None:
        acknowledgement_type_id = ContentType.objects.get_for_model(
            AcknowledgementPage
        ).pk
    certified: set[uuid.UUID] = set()
    signed: set[uuid.UUID] = set()
    for requirement in rule.requirements.all():
        page = requirement.page
        if page.content_type_id == acknowledgement_type_id:
            signed.add(page.translation_key)
        else:
            certified.add(page.translation_key)
    holders = None  # ids of the people meeting the requirements so far
    if certified:
        valid = Certificate.objects.filter(certificate_valid_q(now=now))
        holders = _holders_of_all(valid, "learner_id", certified, "target_key")
    if signed:
        progress = ItemProgress.objects.all()
        if holders is not None:
            # Among the certificate holders only: the database reads their few
            # enrolments by index instead of every item done by anyone.
            progress = progress.filter(enrolment__learner_id__in=holders)
        holders = _holders_of_all(progress, "enrolment__learner_id", signed, "item_key")
    q = Q() if holders is None else Q(pk__in=holders)
    if rule.min_age:
        day = timezone.localdate(now)
        q &= Q(date_of_birth__lte=born_by(day=day, age=rule.min_age))
    return q


def clearance_zone_counts(
    *, now: datetime.datetime | None = None
) -> tuple[list[ClearanceZone], dict[str, Count]]:
    """The risk zones (in their order) and, for each, a Count of the people cleared
    for it at `now`, to add to a grouped count of people
    (`people.values("region").annotate(**counts)`): the numbers clearance_list would
    give person by person, in the one query the caller runs. The rules are memoized
    (three queries when they are read)."""
    rules = _rules()
    if not rules:
        return [], {}
    acknowledgement_type_id = ContentType.objects.get_for_model(AcknowledgementPage).pk
    zones, counts = [], {}
    for rule in rules:
        zone = ClearanceZone(rule=rule, alias=f"cleared_{rule.pk}")
        q = clearance_cleared_q(
            rule, now=now, acknowledgement_type_id=acknowledgement_type_id
        )
        zones.append(zone)
        counts[zone.alias] = Count("pk", filter=q) if q else Count("pk")
    return zones, counts
