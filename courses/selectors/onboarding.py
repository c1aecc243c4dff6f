"""Onboarding across turnover: the learning a role requires (a hand-over's duty, shown
to the successor), how far each newcomer is through their rule-assigned learning, the
national admins' overview of every region's positions with that progress, and the
newcomers counted by region for reports."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from core.i18n import DEFAULT_LANGUAGE, active_language, localized_pick
from people.models import Position, User
from people.selectors import PositionSlot, position_list_active, position_slots
from people.signals import HandoverDutyInfo

from ..models import Assignment, AssignmentRule, CoursePage, Enrolment, ProgramPage
from .catalog import children_q

HANDOVER_DUTY_LEARNING = "learning"
# A holder who started less than this many days ago is a newcomer.
NEWCOMER_DAYS = 180


def assignment_rules_for_position(*, position: Position):
    """The active assignment rules whose audience a position falls in (role,
    organisation kind, region), with their targets."""
    organization = position.organization
    return (
        AssignmentRule.objects.filter(is_active=True)
        .filter(Q(role="") | Q(role=position.role))
        .filter(Q(organization_kind="") | Q(organization_kind=organization.kind))
        .filter(Q(region__isnull=True) | Q(region_id=organization.region_id))
        .select_related("target")
        .order_by("name")
    )


def handover_learning_duties(*, position: Position) -> list[HandoverDutyInfo]:
    """The learning a position's role requires: shown in its hand-over (the successor
    gets it through the rules when appointed), never moved."""
    return [
        HandoverDutyInfo(
            kind=HANDOVER_DUTY_LEARNING,
            object_type="courses.assignmentrule",
            object_id=str(rule.pk),
            label=rule.target.title,
            moves=False,
        )
        for rule in assignment_rules_for_position(position=position)
    ]


def handover_learning_duty_labels(*, duties) -> dict[int, str]:
    """The learning duties among a hand-over's `duties` (HandoverDuty rows) labelled
    with their course's or program's title in the active language where translated
    (else in the default one): {duty pk: title}. Two queries, none without such
    duties."""
    rule_duties = {
        int(duty.object_id): duty.pk
        for duty in duties
        if duty.object_type == "courses.assignmentrule"
    }
    if not rule_duties:
        return {}
    targets = dict(
        AssignmentRule.objects.filter(pk__in=rule_duties).values_list(
            "pk", "target__translation_key"
        )
    )
    language = active_language()
    pages = localized_pick(
        Page.objects.live()
        .filter(
            translation_key__in=set(targets.values()),
            locale__language_code__in=[language, DEFAULT_LANGUAGE],
        )
        .select_related("locale"),
        language,
    )
    return {
        rule_duties[rule_id]: pages[key].title
        for rule_id, key in targets.items()
        if key in pages
    }


@dataclasses.dataclass(frozen=True)
class OnboardingProgress:
    """A person's rule-assigned learning: courses completed of those it covers."""

    done: int
    total: int
    next_due: datetime.date | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def onboarding_progress(*, user_ids) -> dict[int, OnboardingProgress]:
    """How far each person is through the learning the assignment rules gave them
    (a program counts its courses). Three queries, whatever the number of people or
    programs: the assignments, the programs' courses, the completed enrolments."""
    user_ids = set(user_ids)
    if not user_ids:
        return {}
    assignments = list(
        Assignment.objects.filter(
            learner_id__in=user_ids, rule__isnull=False
        ).values_list("learner_id", "target_kind", "target_key", "due_date")
    )
    program_keys = {
        key
        for _u, kind, key, _d in assignments
        if kind == Assignment.TargetKind.PROGRAM
    }
    courses_of: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    if program_keys:
        programs = list(
            ProgramPage.objects.live().filter(
                translation_key__in=program_keys,
                locale__language_code=DEFAULT_LANGUAGE,
            )
        )
        by_path = {p.path: p.translation_key for p in programs}
        steplen = ProgramPage.steplen
        for path, key in (
            CoursePage.objects.live()
            .filter(children_q(programs))
            .values_list("path", "translation_key")
        ):
            courses_of[by_path[path[:-steplen]]].add(key)
    wanted: dict[int, set[uuid.UUID]] = defaultdict(set)
    next_due: dict[int, datetime.date] = {}
    for user_id, kind, key, due in assignments:
        keys = courses_of[key] if kind == Assignment.TargetKind.PROGRAM else {key}
        wanted[user_id] |= keys
        if due and (user_id not in next_due or due < next_due[user_id]):
            next_due[user_id] = due
    all_keys = set().union(*wanted.values()) if wanted else set()
    done: dict[int, set[uuid.UUID]] = defaultdict(set)
    if all_keys:
        for user_id, key in Enrolment.objects.filter(
            learner_id__in=wanted.keys(),
            course_key__in=all_keys,
            status=Enrolment.Status.COMPLETED,
        ).values_list("learner_id", "course_key"):
            done[user_id].add(key)
    return {
        user_id: OnboardingProgress(
            done=len(keys & done[user_id]),
            total=len(keys),
            next_due=next_due.get(user_id),
        )
        for user_id, keys in wanted.items()
    }


@dataclasses.dataclass
class PositionRow:
    slot: PositionSlot
    onboarding: OnboardingProgress | None
    is_newcomer: bool


def position_overview() -> list[PositionRow]:
    """Every region's positions (people.selectors.position_slots: filled, in
    hand-over, vacant) with each holder's onboarding progress. A fixed number of
    queries, whatever the number of positions (tests assert it)."""
    slots = position_slots()
    holders = {slot.position.user_id for slot in slots if slot.position}
    progress = onboarding_progress(user_ids=holders)
    since = timezone.localdate() - datetime.timedelta(days=NEWCOMER_DAYS)
    return [
        PositionRow(
            slot=slot,
            onboarding=progress.get(slot.position.user_id) if slot.position else None,
            is_newcomer=bool(slot.position and slot.position.start_date >= since),
        )
        for slot in slots
    ]


@dataclasses.dataclass
class NewcomerCounts:
    """A region's newcomers: positions started within NEWCOMER_DAYS, how many of
    their holders are through all their rule-assigned learning, and the courses of
    it completed out of those required (each summed over the positions)."""

    positions: int = 0
    onboarded: int = 0
    courses_done: int = 0
    courses_required: int = 0


def onboarding_newcomers_by_region(
    *, people: QuerySet[User], on: datetime.date | None = None
) -> dict[int | None, NewcomerCounts]:
    """The newcomers among `people` by the holder's region id: positions held on `on`
    (today by default) that started within NEWCOMER_DAYS, as position_overview marks
    them, with their holders' onboarding_progress (a holder with nothing assigned
    by a rule is not onboarded). At most five queries, whatever the number of
    people (newcomers are read one by one: they are the few who started lately)."""
    day = on or timezone.localdate()
    since = day - datetime.timedelta(days=NEWCOMER_DAYS)
    positions = list(
        position_list_active(on=day)
        .filter(start_date__gte=since, user__in=people.values("pk"))
        .values_list("user_id", "user__region_id")
    )
    progress = onboarding_progress(user_ids={user_id for user_id, _r in positions})
    counts: dict[int | None, NewcomerCounts] = defaultdict(NewcomerCounts)
    for user_id, region_id in positions:
        row = counts[region_id]
        row.positions += 1
        done = progress.get(user_id)
        if done is not None:
            row.courses_done += done.done
            row.courses_required += done.total
            row.onboarded += bool(done.total) and done.done == done.total
    return dict(counts)
