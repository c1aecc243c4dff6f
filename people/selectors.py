"""Reads for people, and the one rule deciding whose records a user may see."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from core.collation import collation_key

from .models import (
    ConsentRecord,
    ErasureRequest,
    Handover,
    HandoverDuty,
    Organization,
    Position,
    Region,
    User,
)
from .roles import NATIONAL_ROLES, REGIONAL_ROLES
from .signals import handover_duty_labels


@dataclasses.dataclass(frozen=True)
class Scope:
    """Whose learning records a user may see besides their own."""

    everything: bool = False
    region_ids: frozenset[int] = frozenset()

    @property
    def is_admin(self) -> bool:
        return self.everything or bool(self.region_ids)


def position_list_active(*, on: datetime.date | None = None) -> QuerySet[Position]:
    """Positions held on a day (today by default)."""
    day = on or timezone.localdate()
    return Position.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def user_scope(*, user: User) -> Scope:
    """The scope of a user, from their active positions (one query, memoised on the user).

    Learner: own records only. Mentor and regional admin: learners of their
    organisation's region. National admin and superuser: everyone.
    """
    if not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_lms_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True)
    else:
        rows = (
            position_list_active()
            .filter(user=user, role__in=[*REGIONAL_ROLES, *NATIONAL_ROLES])
            .values_list("role", "organization__region_id")
        )
        everything = False
        region_ids: set[int] = set()
        for role, region_id in rows:
            if role in NATIONAL_ROLES:
                everything = True
            elif region_id is not None:
                region_ids.add(region_id)
        scope = Scope(everything=everything, region_ids=frozenset(region_ids))
    user._lms_scope = scope
    return scope


def learner_scope_q(*, viewer: User, field: str = "") -> Q:
    """A filter selecting the rows (of users, or of records with a user FK `field`) that
    `viewer` may see. Every list, report and export of learner data goes through it."""
    prefix = f"{field}__" if field else ""
    scope = user_scope(user=viewer)
    if scope.everything:
        return Q()
    q = Q(**{f"{prefix}pk": viewer.pk})
    if scope.region_ids:
        q |= Q(**{f"{prefix}region_id__in": sorted(scope.region_ids)})
    return q


def user_list() -> QuerySet[User]:
    """Every user, unscoped: for figures that callers limit themselves."""
    return User.objects.all()


def user_list_visible(*, viewer: User) -> QuerySet[User]:
    """Users whose records `viewer` may see (only themselves for a learner)."""
    return User.objects.filter(learner_scope_q(viewer=viewer)).select_related("region")


def user_managed_by_email(*, viewer: User, email: str, **filters) -> User | None:
    """The person with this e-mail address among those `viewer` may see (and
    matching `filters`), or None."""
    return (
        user_list_visible(viewer=viewer).filter(email__iexact=email, **filters).first()
    )


def user_get_visible(*, viewer: User, pk: int) -> User:
    """One user `viewer` may see, with their region and organisation; raises
    User.DoesNotExist otherwise (views answer 404)."""
    return user_list_visible(viewer=viewer).select_related("organization").get(pk=pk)


def position_list_for_user(*, user: User) -> QuerySet[Position]:
    """Every position a user holds or held, the latest first, with its organisation
    and region (one query): a learner record's current and past positions."""
    return (
        Position.objects.filter(user=user)
        .select_related("organization__region")
        .order_by("-start_date", "-pk")
    )


def region_list() -> QuerySet[Region]:
    """All regions (list them through region_sort, which knows each language's
    alphabet; a database ordering does not)."""
    return Region.objects.all()


def region_sort(regions: Iterable[Region]) -> list[Region]:
    """Regions in the alphabetical order of their names in the active language, as
    its readers sort (core.collation: Kazakh ә after а, қ after к, і after ы, ...).
    The one place regions are put in order, for every list and select of them."""
    key = collation_key()
    return sorted(regions, key=lambda region: key(region.name))


def organization_name_shown(path: str = ""):
    """An expression of the name of the organisation at `path` (a relation from the
    queried model, e.g. "learner__organization"; empty: the organisation itself) in
    the active language, else its Russian name: Organization.display_name in SQL."""
    prefix = f"{path}__" if path else ""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    russian = F(f"{prefix}name")
    if language not in ("kk", "en"):
        return russian
    return Coalesce(NullIf(F(f"{prefix}name_{language}"), Value("")), russian)


def organization_list_for_region(*, region: Region | None) -> QuerySet[Organization]:
    """Active organisations of a region (and the national office)."""
    return Organization.objects.filter(
        Q(region=region) | Q(kind=Organization.Kind.NATIONAL_OFFICE), is_active=True
    )


def consent_is_current(*, user: User) -> bool:
    """Whether `user` consented to the current policy version, from the copy on the
    user row (no query; people.services.consent_record keeps it)."""
    return user.consent_policy_version == settings.LMS_CONSENT_POLICY_VERSION


def consent_current(*, user: User, policy_version: str) -> ConsentRecord | None:
    """The user's consent to the given policy version, if given and not withdrawn."""
    return (
        ConsentRecord.objects.filter(
            user=user,
            purpose=ConsentRecord.Purpose.PERSONAL_DATA,
            policy_version=policy_version,
            withdrawn_at__isnull=True,
        )
        .order_by("-given_at")
        .first()
    )


def erasure_request_pending(*, user: User) -> ErasureRequest | None:
    """The user's pending erasure request, if any."""
    return ErasureRequest.objects.filter(
        user=user, status=ErasureRequest.Status.PENDING
    ).first()


def user_data_export(*, user: User) -> dict:
    """Everything the platform keeps about a user, as JSON-ready data.

    People's own records are collected here; other apps add theirs through the
    personal_data_export signal, so this function never imports them.
    """
    from .signals import personal_data_export

    data: dict = {
        "format": "birgemiz-academy-personal-data/1",
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "region": user.region.iso_code if user.region_id else None,
            "region_name": user.region.name if user.region_id else None,
            "organization_kind": user.organization_kind or None,
            "organization": user.organization.name if user.organization_id else None,
            "date_of_birth": user.date_of_birth.isoformat()
            if user.date_of_birth
            else None,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "consents": [
            {
                "purpose": c.purpose,
                "policy_version": c.policy_version,
                "given_at": c.given_at.isoformat(),
                "given_by_guardian": c.given_by_guardian,
                "guardian_name": c.guardian_name,
                "recorded_by_front_office": c.recorded_by_id is not None,
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in user.consents.all()
        ],
        "positions": [
            {
                "organization": p.organization.name,
                "role": p.role,
                "title": p.title,
                "start_date": p.start_date.isoformat(),
                "end_date": p.end_date.isoformat() if p.end_date else None,
            }
            for p in user.positions.select_related("organization")
        ],
    }
    from .selectors_personal_data import account_audit_export, handover_data_export

    data["handovers"] = handover_data_export(user=user)
    data["account_history"] = account_audit_export(user=user)
    for _receiver, response in personal_data_export.send(sender=User, user=user):
        if response:
            section, section_data = response
            data[section] = section_data
    return data


def user_erasure_due_list() -> list[int]:
    """Ids of users whose erasure grace period is over."""
    return list(
        ErasureRequest.objects.filter(
            status=ErasureRequest.Status.PENDING, due_at__lte=timezone.now()
        ).values_list("user_id", flat=True)
    )


def reviewer_list_for_learner(*, learner: User) -> QuerySet[User]:
    """Active users who review a learner's work: those holding an active mentor or
    regional admin position in an organisation of the learner's region (the regional
    side of learner_scope_q). National admins, who see everyone, are not included."""
    if learner.region_id is None:
        return User.objects.none()
    reviewer_ids = (
        position_list_active()
        .filter(role__in=REGIONAL_ROLES, organization__region_id=learner.region_id)
        .values("user_id")
    )
    return (
        User.objects.filter(is_active=True, pk__in=reviewer_ids)
        .exclude(pk=learner.pk)
        .order_by("pk")
    )


@dataclasses.dataclass(frozen=True)
class RegionChange:
    """One change of a user's region, from the audit log."""

    at: datetime.datetime
    old_region: str
    new_region: str
    by_self: bool
    by: User | None


def region_name_from_facts(facts: dict | None) -> str:
    """A region's name in the active language, from the names an audit entry keeps."""
    if not facts:
        return ""
    names = facts.get("name") or {}
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return names.get(language) or names.get(settings.LANGUAGE_CODE) or ""


def user_region_history(*, user: User) -> list[RegionChange]:
    """The changes of `user`'s region, newest first, with who made them (one query).
    Regions are self-declared, so a move between regions is shown to the admins."""
    from .services import REGION_CHANGE_ACTION

    entries = (
        ModelLogEntry.objects.for_instance(user)
        .filter(action=REGION_CHANGE_ACTION)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    return [
        RegionChange(
            at=entry.timestamp,
            old_region=region_name_from_facts(entry.data.get("old_region")),
            new_region=region_name_from_facts(entry.data.get("new_region")),
            by_self=entry.user_id == user.pk,
            by=entry.user,
        )
        for entry in entries
    ]


# Hand-overs
# ------------------------------------------------------------------------------


def handover_list_visible(*, viewer: User) -> QuerySet[Handover]:
    """Hand-overs of the regions `viewer` looks after (national admins: all)."""
    scope = user_scope(user=viewer)
    handovers = Handover.objects.select_related(
        "leaver", "organization", "region", "stand_in", "successor", "position"
    )
    if scope.everything:
        return handovers
    return handovers.filter(region_id__in=sorted(scope.region_ids))


def handover_get_visible(*, viewer: User, pk: int) -> Handover:
    """One hand-over `viewer` may manage; raises Handover.DoesNotExist otherwise."""
    return handover_list_visible(viewer=viewer).get(pk=pk)


def handover_list_for_user(*, user: User) -> QuerySet[Handover]:
    """Hand-overs a user takes part in: as the leaver, the stand-in or the successor."""
    return (
        Handover.objects.filter(Q(leaver=user) | Q(stand_in=user) | Q(successor=user))
        .select_related("organization", "leaver", "successor")
        .order_by("-created_at")
    )


def handover_get_for_participant(*, user: User, pk: int) -> Handover:
    """One hand-over `user` takes part in; raises Handover.DoesNotExist otherwise."""
    return handover_list_for_user(user=user).get(pk=pk)


def duties_without_holder() -> QuerySet[HandoverDuty]:
    """Duties that moved into a hand-over and have nobody to carry them: no holder, or
    a holder who no longer holds a position in the hand-over's organisation and has
    not handed them over in a later hand-over of their own. Empty when nothing a
    leaver held is orphaned (the test of every turnover; reusable by reports)."""
    holder_active_there = position_list_active().filter(
        user=OuterRef("holder"), organization=OuterRef("handover__organization")
    )
    handed_on = Handover.objects.filter(
        leaver=OuterRef("holder"),
        organization=OuterRef("handover__organization"),
        created_at__gt=OuterRef("handover__created_at"),
    )
    return (
        HandoverDuty.objects.filter(moves=True)
        .filter(Q(holder__isnull=True) | ~Exists(holder_active_there))
        .exclude(Exists(handed_on))
        .select_related("handover", "holder")
    )


@dataclasses.dataclass
class PositionSlot:
    """A role in an organisation, as the positions overview shows it: filled (by
    `holder`), in hand-over (`handover` open, perhaps with a stand-in) or vacant (its
    last holder left with no successor and no hand-over open)."""

    FILLED = "filled"
    IN_HANDOVER = "in_handover"
    VACANT = "vacant"

    state: str
    organization: Organization
    role: str
    position: Position | None = None
    handover: Handover | None = None
    last_position: Position | None = None

    @property
    def holder(self) -> User | None:
        return self.position.user if self.position else None

    def get_role_display(self) -> str:
        from .roles import Role

        return Role(self.role).label


def position_slots() -> list[PositionSlot]:
    """Every region's positions: filled, in hand-over, vacant. Three queries, whatever
    the number of positions; sorted by region, organisation and role."""
    today = timezone.localdate()
    handovers = list(
        Handover.objects.exclude(status=Handover.Status.COMPLETED).select_related(
            "leaver", "stand_in", "organization__region", "stand_in_position"
        )
    )
    acting_ids = {h.stand_in_position_id for h in handovers if h.stand_in_position_id}
    slots: list[PositionSlot] = []
    filled: set[tuple[int, str]] = set()
    active = position_list_active(on=today).select_related(
        "user", "organization__region"
    )
    for position in active:
        if position.pk in acting_ids:
            continue
        filled.add((position.organization_id, position.role))
        slots.append(
            PositionSlot(
                state=PositionSlot.FILLED,
                organization=position.organization,
                role=position.role,
                position=position,
            )
        )
    # A hand-over is shown even where someone else still holds the same role there
    # (an office with two mentors, one of whom left).
    for handover in handovers:
        filled.add((handover.organization_id, handover.role))
        slots.append(
            PositionSlot(
                state=PositionSlot.IN_HANDOVER,
                organization=handover.organization,
                role=handover.role,
                handover=handover,
            )
        )
    ended = (
        Position.objects.filter(end_date__lt=today, organization__is_active=True)
        .select_related("user", "organization__region")
        .order_by("organization_id", "role", "-end_date")
    )
    for position in ended:
        key = (position.organization_id, position.role)
        if key in filled or position.pk in acting_ids:
            continue
        filled.add(key)
        slots.append(
            PositionSlot(
                state=PositionSlot.VACANT,
                organization=position.organization,
                role=position.role,
                last_position=position,
            )
        )
    key = collation_key()
    slots.sort(
        key=lambda slot: (
            slot.organization.region is not None,
            key(slot.organization.region.name) if slot.organization.region else "",
            key(slot.organization.display_name),
            slot.role,
        )
    )
    return slots


def user_group_names(user) -> set[str]:
    """The names of `user`'s groups, as they are in the database now."""
    return set(user.groups.values_list("name", flat=True))


def role_duty_label(position: Position) -> str:
    """The label of a hand-over's duty of the role itself, in the active language."""
    return gettext("Rights of the role: %(role)s, %(organization)s") % {
        "role": position.get_role_display(),
        "organization": position.organization.display_name,
    }


def handover_duty_list(*, handover: Handover) -> list[HandoverDuty]:
    """The hand-over's duties with their holders, labelled in the active language
    where the app that described them can say it (people.signals
    .handover_duty_labels); else as stored."""
    duties = list(handover.duties.select_related("holder"))
    labels: dict[int, str] = {}
    positions = {
        int(duty.object_id): duty.pk
        for duty in duties
        if duty.object_type == "people.position"
    }
    for position in Position.objects.filter(pk__in=positions).select_related(
        "organization"
    ):
        labels[positions[position.pk]] = role_duty_label(position)
    for _receiver, response in handover_duty_labels.send(
        sender=Handover, duties=duties
    ):
        labels.update(response or {})
    for duty in duties:
        duty.label = labels.get(duty.pk) or duty.label
    return duties
