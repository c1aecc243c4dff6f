"""The training cadence (compliance): for each person whose role has a CadenceRule,
whether they attended an offline intensive within the rule's window and which share
of the last online meetings of their region (and the national ones) they attended.
Computed when viewed, in a fixed number of queries whatever the number of people."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from collections import defaultdict

from django.db.models import F, Max, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from people.models import Region, User
from people.roles import Role
from people.selectors import position_list_active, region_list, region_sort, user_scope

from ..models import (
    Attendance,
    AttendanceMark,
    CadenceRule,
    SessionKind,
    SessionStatus,
    TrainingSession,
)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day when shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclasses.dataclass(frozen=True)
class Cadence:
    """The rule a person keeps; with several roles that have rules, the strictest of
    each: the shortest window, the most meetings counted, the highest share."""

    intensive_months: int
    online_meetings: int
    online_share: int

    @classmethod
    def strictest(cls, rules) -> Cadence:
        rules = list(rules)
        return cls(
            intensive_months=min(rule.intensive_months for rule in rules),
            online_meetings=max(rule.online_meetings for rule in rules),
            online_share=max(rule.online_share for rule in rules),
        )


@dataclasses.dataclass(frozen=True)
class CadenceStatus:
    """Where a person stands against their cadence on a day."""

    person: User
    cadence: Cadence
    intensive_since: datetime.date  # the window's first day
    last_intensive: datetime.date | None
    online_counted: int  # meetings held that count (at most cadence.online_meetings)
    online_attended: int

    @property
    def intensive_ok(self) -> bool:
        return (
            self.last_intensive is not None
            and self.last_intensive >= self.intensive_since
        )

    @property
    def online_percent(self) -> int | None:
        """The share attended, in percent; None while no meeting was held."""
        if not self.online_counted:
            return None
        return round(100 * self.online_attended / self.online_counted)

    @property
    def online_ok(self) -> bool:
        percent = self.online_percent
        return percent is None or percent >= self.cadence.online_share

    @property
    def overdue(self) -> bool:
        return not (self.intensive_ok and self.online_ok)


def _online_meetings_held_q(now: datetime.datetime) -> Q:
    # A meeting "held": not a draft, not cancelled, and over (an open one whose
    # admin has not marked it held yet counts as held once it ended).
    return Q(kind=SessionKind.ONLINE, ends_at__lte=now) & ~Q(
        status__in=[SessionStatus.DRAFT, SessionStatus.CANCELLED]
    )


def compliance_list(
    *, people: QuerySet[User], now: datetime.datetime | None = None
) -> list[CadenceStatus]:
    """The cadence of each of `people` whose active role has a rule, by name (six
    queries, whatever the number of people and sessions)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = {rule.role: rule for rule in CadenceRule.objects.all()}
    if not rules:
        return []
    positions = position_list_active(on=today).filter(role__in=list(rules))
    covered = people.filter(pk__in=positions.values("user_id"))
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in positions.filter(user__in=covered.values("pk")).values_list(
        "user_id", "role"
    ):
        roles[user_id].add(role)
    persons = list(covered.select_related("region").order_by("full_name", "pk"))
    if not persons:
        return []
    cadences = {
        person.pk: Cadence.strictest(rules[role] for role in roles[person.pk])
        for person in persons
        if roles.get(person.pk)
    }
    most = max(cadence.online_meetings for cadence in cadences.values())
    present = Attendance.objects.filter(
        person__in=covered.values("pk"), mark=AttendanceMark.PRESENT
    )
    last_intensive = dict(
        present.filter(
            day__session__kind=SessionKind.INTENSIVE,
            day__date__lte=today,
        )
        .values("person_id")
        .annotate(last=Max("day__date"))
        .values_list("person_id", "last")
    )
    # The last `most` meetings of each region and of the nation (one query: a row
    # number per region), merged per person below.
    region_ids = {person.region_id for person in persons if person.region_id}
    meetings = (
        TrainingSession.objects.filter(_online_meetings_held_q(now))
        .filter(Q(region_id__in=sorted(region_ids)) | Q(region__isnull=True))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("region_id")],
                order_by=[F("starts_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=most)
        .values_list("pk", "region_id", "starts_at")
    )
    by_region: dict[int | None, list[tuple]] = defaultdict(list)
    for pk, region_id, starts_at in meetings:
        by_region[region_id].append((starts_at, pk))
    attended: dict[int, set[int]] = defaultdict(set)
    meeting_ids = [pk for rows in by_region.values() for _starts, pk in rows]
    if meeting_ids:
        for person_id, session_id in (
            present.filter(day__session_id__in=meeting_ids)
            .values_list("person_id", "day__session_id")
            .distinct()
        ):
            attended[person_id].add(session_id)
    statuses = []
    for person in persons:
        cadence = cadences.get(person.pk)
        if cadence is None:
            continue
        counted = sorted(
            by_region.get(person.region_id, []) + by_region.get(None, [])
            if person.region_id
            else by_region.get(None, []),
            reverse=True,
        )[: cadence.online_meetings]
        statuses.append(
            CadenceStatus(
                person=person,
                cadence=cadence,
                intensive_since=months_before(today, cadence.intensive_months),
                last_intensive=last_intensive.get(person.pk),
                online_counted=len(counted),
                online_attended=sum(
                    1 for _starts, pk in counted if pk in attended[person.pk]
                ),
            )
        )
    return statuses


def compliance_for_person(
    *, person: User, now: datetime.datetime | None = None
) -> CadenceStatus | None:
    """The person's own cadence, or None when no role of theirs has a rule."""
    statuses = compliance_list(people=User.objects.filter(pk=person.pk), now=now)
    return statuses[0] if statuses else None


@dataclasses.dataclass(frozen=True)
class ComplianceScope:
    """Whose cadence a user sees: every region, or their regions as regional admin."""

    everything: bool = False
    region_ids: frozenset[int] = frozenset()

    @property
    def allowed(self) -> bool:
        return self.everything or bool(self.region_ids)


def compliance_scope(*, user: User) -> ComplianceScope:
    """National admins see every region; regional admins their own regions (not
    mentors, who see learners' learning but do not keep the cadence)."""
    if not user.is_authenticated:
        return ComplianceScope()
    if user_scope(user=user).everything:
        return ComplianceScope(everything=True)
    region_ids = (
        position_list_active()
        .filter(
            user=user,
            role=Role.REGIONAL_ADMIN,
            organization__region_id__isnull=False,
        )
        .values_list("organization__region_id", flat=True)
    )
    return ComplianceScope(region_ids=frozenset(region_ids))


@dataclasses.dataclass(frozen=True)
class RegionCompliance:
    """A region's counts: people who keep a cadence and those overdue."""

    region: Region | None
    covered: int
    overdue: int


def compliance_people(*, scope: ComplianceScope, region: Region | None = None):
    """The people whose cadence `scope` shows (of one region, if given)."""
    people = User.objects.filter(is_active=True)
    if not scope.everything:
        people = people.filter(region_id__in=sorted(scope.region_ids))
    if region is not None:
        people = people.filter(region=region)
    return people


def compliance_region_summary(
    *, scope: ComplianceScope, statuses: list[CadenceStatus]
) -> list[RegionCompliance]:
    """Per region in scope (alphabetical; every region for national admins, then
    people without a region), how many keep a cadence and how many are overdue
    (one query: the regions)."""
    regions = region_list()
    if not scope.everything:
        regions = regions.filter(pk__in=sorted(scope.region_ids))
    covered: dict[int | None, int] = defaultdict(int)
    overdue: dict[int | None, int] = defaultdict(int)
    for status in statuses:
        covered[status.person.region_id] += 1
        overdue[status.person.region_id] += status.overdue
    rows = [
        RegionCompliance(
            region=region, covered=covered[region.pk], overdue=overdue[region.pk]
        )
        for region in region_sort(regions)
    ]
    if scope.everything and covered.get(None):
        rows.append(
            RegionCompliance(region=None, covered=covered[None], overdue=overdue[None])
        )
    return rows
