"""The audit log of admin actions, region by region: the apps' entries in Wagtail's
audit log (ModelLogEntry), newest first, each attributed to a region and scoped to
the viewer's regions in the database.

An entry's region is the one its service logged in `data` (core.audit.REGION_KEY,
None: no region). Entries written before entries carried it take the region of the
record they are about, looked up in the same query (LEGACY_REGION_FIELDS); the
others have no region, and only national admins see them."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BigIntegerField,
    Case,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from assessments.models import QuizAttemptGrant, Submission
from certificates.models import Certificate
from core.audit import REGION_KEY
from courses.models import Assignment, AssignmentNudge, AssignmentRule
from people.models import Handover, Organization, Position, User
from people.selectors import region_name_from_facts, user_scope
from scheduling.models import PlanRule, TrainingSession

from .dashboard import can_view_reports

if TYPE_CHECKING:
    from people.models import Region

# The apps whose records' entries the audit shows (their own actions, and Wagtail's
# create/edit/delete of their snippets); page edits are Wagtail's history.
AUDIT_APPS = ("people", "courses", "assessments", "certificates", "scheduling")
GENERIC_ACTIONS = ("wagtail.create", "wagtail.edit", "wagtail.delete")

# Where the region of a record is, for entries without one in `data`: written before
# entries carried it, or by Wagtail itself (snippets edited in its admin).
LEGACY_REGION_FIELDS = {
    User: "region_id",
    Organization: "region_id",
    Position: "organization__region_id",
    Handover: "region_id",
    Assignment: "learner__region_id",
    AssignmentNudge: "learner__region_id",
    AssignmentRule: "region_id",
    Submission: "learner__region_id",
    QuizAttemptGrant: "learner__region_id",
    Certificate: "learner__region_id",
    TrainingSession: "region_id",
    PlanRule: "region_id",
}

# Keys of `data` the details leave out: the region has its column, a token is noise.
HIDDEN_KEYS = frozenset({REGION_KEY, "token"})
DETAILS_LENGTH = 200


@dataclasses.dataclass(frozen=True)
class AuditFilters:
    """Which entries: of one region (region_id) or of none (without_region), of one
    action, by an acting user whose name or e-mail contains `actor`, logged between
    two dates (local, inclusive)."""

    region_id: int | None = None
    without_region: bool = False
    action: str = ""
    actor: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclasses.dataclass(frozen=True)
class AuditRow:
    """One entry as the page and the exports show it."""

    at: datetime.datetime
    actor_name: str
    actor_email: str
    action: str
    action_label: str
    what: str
    region_id: int | None
    region_name: str
    details: str


def audit_action_choices() -> list[tuple[str, str]]:
    """The registered actions the audit shows (the apps' own, and Wagtail's create,
    edit and delete), by label."""
    choices = {
        action: str(label)
        for action, label in log_action_registry.get_choices()
        if action.split(".")[0] in AUDIT_APPS or action in GENERIC_ACTIONS
    }
    return sorted(choices.items(), key=lambda choice: choice[1].casefold())


def _legacy_region() -> Case:
    """The region of the record an entry is about (None for other records)."""
    return Case(
        *(
            When(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
                then=Subquery(
                    model._default_manager.filter(
                        pk=Cast(OuterRef("object_id"), BigIntegerField())
                    )
                    .order_by()
                    .values(field)[:1]
                ),
            )
            for model, field in LEGACY_REGION_FIELDS.items()
        ),
        default=None,
        output_field=BigIntegerField(),
    )


def audit_region() -> Case:
    """An entry's region: as logged in `data` (a JSON key), else its record's."""
    return Case(
        # JSON null first: SQLite reads it as the text "null" (Django's KeyTransform).
        When(**{f"data__{REGION_KEY}": None}, then=Value(None)),
        When(
            **{"data__has_key": REGION_KEY},
            then=Cast(KeyTextTransform(REGION_KEY, "data"), BigIntegerField()),
        ),
        default=_legacy_region(),
        output_field=BigIntegerField(),
    )


def audit_entry_list(
    *, viewer: User, filters: AuditFilters | None = None
) -> QuerySet[ModelLogEntry]:
    """The entries `viewer` may see, filtered, newest first, with the acting user and
    `audit_region_id`. National admins: every entry, those without a region too;
    regional admins: their regions' entries. Raises PermissionDenied for anyone else."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    filters = filters or AuditFilters()
    scope = user_scope(user=viewer)
    entries = (
        ModelLogEntry.objects.filter(content_type__app_label__in=AUDIT_APPS)
        .annotate(audit_region_id=audit_region())
        .select_related("user")
    )
    if not scope.everything:
        entries = entries.filter(audit_region_id__in=sorted(scope.region_ids))
    if filters.region_id is not None:
        entries = entries.filter(audit_region_id=filters.region_id)
    elif filters.without_region:
        entries = entries.filter(audit_region_id__isnull=True)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.actor:
        entries = entries.filter(
            Q(user__full_name__icontains=filters.actor)
            | Q(user__email__icontains=filters.actor)
        )
    if filters.date_from:
        entries = entries.filter(timestamp__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(timestamp__date__lte=filters.date_to)
    return entries.order_by("-timestamp", "-pk")


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        if isinstance(value.get("name"), dict):  # a region's facts (people)
            return region_name_from_facts(value)
        return ", ".join(f"{key}: {_value(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    return str(value)


def audit_details(data: Any) -> str:
    """A short rendering of an entry's `data`: "key: value; ..." without the region,
    cut at DETAILS_LENGTH characters."""
    if not isinstance(data, dict):
        return ""
    text = "; ".join(
        f"{key}: {_value(value)}"
        for key, value in data.items()
        if key not in HIDDEN_KEYS
    )
    return Truncator(text).chars(DETAILS_LENGTH)


def audit_rows(
    entries: Iterable[ModelLogEntry], *, regions: dict[int, Region]
) -> Iterator[AuditRow]:
    """The entries (of audit_entry_list) as rows, region names from `regions` (those
    in the viewer's scope, report_regions); no query of their own."""
    for entry in entries:
        user = entry.user
        if entry.user_id is None:
            name, email = _("system"), ""
        elif user is None:
            name, email = _("deleted user %(id)s") % {"id": entry.user_id}, ""
        else:
            name, email = user.full_name or user.email, user.email
        formatter = log_action_registry.get_formatter(entry)
        region = regions.get(entry.audit_region_id)
        yield AuditRow(
            at=entry.timestamp,
            actor_name=name,
            actor_email=email,
            action=entry.action,
            action_label=str(formatter.label) if formatter else entry.action,
            what=entry.label,
            region_id=entry.audit_region_id,
            region_name=region.name if region is not None else "",
            details=audit_details(entry.data),
        )
