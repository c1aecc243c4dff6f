"""The plan of an import of people: every row checked, and what applying it would do.

`people_import_plan` reads (a fixed number of queries, whatever the number of rows)
and writes nothing: it is the dry run, and people.services.people_import_apply applies
a plan made inside its transaction.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Organization, Position, Region, User
from ..roles import Role
from ..selectors import user_scope
from .files import RawRow

MSG_EMAIL_MISSING = gettext_lazy("The e-mail address is missing.")
MSG_EMAIL_INVALID = gettext_lazy("“%(value)s” is not an e-mail address.")
MSG_EMAIL_TWICE = gettext_lazy(
    "The e-mail address %(email)s is already on line %(line)s."
)
MSG_NAME_MISSING = gettext_lazy("A new person needs a name.")
MSG_DATE_INVALID = gettext_lazy(
    "“%(value)s” is not a date: write it as 31.12.1990 or 1990-12-31."
)
MSG_BIRTH_DATE_FUTURE = gettext_lazy("The date of birth is in the future.")
MSG_BIRTH_DATE_IMPLAUSIBLE = gettext_lazy("The date of birth %(value)s is implausible.")
MSG_BIRTH_DATE_CHILD = gettext_lazy(
    "The date of birth %(value)s is of a child under 14: children are not imported; "
    "register each one with the written consent of their parent or legal "
    "representative (Register a child under 14)."
)
MSG_REGION_MISSING = gettext_lazy("The region is missing.")
MSG_REGION_UNKNOWN = gettext_lazy("Unknown region “%(value)s”.")
MSG_REGION_OUT_OF_SCOPE = gettext_lazy(
    "You may import people only into your region, not into %(region)s."
)
MSG_PERSON_OUT_OF_SCOPE = gettext_lazy(
    "%(email)s is already on the platform outside your region: you may not change them."
)
MSG_ORGANIZATION_UNKNOWN = gettext_lazy(
    "There is no organisation “%(value)s” in %(region)s."
)
MSG_ORGANIZATION_MISSING = gettext_lazy("A role needs an organisation.")
MSG_ROLE_MISSING = gettext_lazy("An organisation needs a role.")
MSG_ROLE_UNKNOWN = gettext_lazy("Unknown role “%(value)s”.")
MSG_ROLE_NOT_YOURS = gettext_lazy("You may not give the role “%(role)s”.")
MSG_START_FUTURE = gettext_lazy("A position cannot start in the future.")

# Roles a regional admin may give; national admins and superusers give any.
REGIONAL_ADMIN_ROLES = {Role.STAFF, Role.LEADER, Role.MENTOR, Role.REGIONAL_ADMIN}

# The ISO 3166-2:KZ letter codes used before 2022, still in many spreadsheets.
LEGACY_REGION_CODES = {
    "KZ-AKM": "KZ-11",
    "KZ-AKT": "KZ-15",
    "KZ-ALM": "KZ-19",
    "KZ-ATY": "KZ-23",
    "KZ-ZAP": "KZ-27",
    "KZ-ZHA": "KZ-31",
    "KZ-KAR": "KZ-35",
    "KZ-KUS": "KZ-39",
    "KZ-KZY": "KZ-43",
    "KZ-MAN": "KZ-47",
    "KZ-PAV": "KZ-55",
    "KZ-SEV": "KZ-59",
    "KZ-YUZ": "KZ-61",
    "KZ-VOS": "KZ-63",
    "KZ-AST": "KZ-71",
    "KZ-ALA": "KZ-75",
    "KZ-SHY": "KZ-79",
}
# Other names in use (regions.json's "about").
REGION_ALIASES = {
    "абайская область": "KZ-10",
    "жетысуская область": "KZ-33",
    "улытауская область": "KZ-62",
    "нур-султан": "KZ-71",
}

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
OPEN = "open"


@dataclasses.dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclasses.dataclass
class RowPlan:
    """What one valid row does: its person (new, updated with the fields named, or
    unchanged) and its position (new, already open, or none)."""

    line: int
    email: str
    full_name: str
    birth_date: datetime.date | None
    region: Region
    organization: Organization | None
    organization_name: str
    role: str
    start_date: datetime.date | None
    title: str
    user: User | None = None
    person: str = NEW
    changed: list[str] = dataclasses.field(default_factory=list)
    position: str = ""

    @property
    def display_name(self) -> str:
        return self.full_name or (self.user.full_name if self.user else "")

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    @property
    def unchanged(self) -> bool:
        return self.person == UNCHANGED and self.position != NEW


@dataclasses.dataclass
class ImportPlan:
    rows: list[RowPlan]
    errors: list[RowProblem]
    # Organisations the file names that do not exist yet (when creating them is asked).
    new_organizations: dict[tuple[int, str], Organization]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "people_created": sum(row.person == NEW for row in self.rows),
            "people_updated": sum(row.person == UPDATED for row in self.rows),
            "positions_created": sum(row.position == NEW for row in self.rows),
            "organizations_created": len(self.new_organizations),
            "unchanged": sum(row.unchanged for row in self.rows),
        }

    @property
    def changes(self) -> bool:
        counts = self.counts
        return any(
            value for key, value in counts.items() if key not in ("rows", "unchanged")
        )


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower().replace("ё", "е")


def _date(value) -> datetime.date | None:
    """A date cell: a spreadsheet date, 31.12.1990, 31/12/1990 or 1990-12-31."""
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(text)


def region_index() -> dict[str, Region]:
    """Every way of naming a region in a file (ISO codes old and new, names in the
    three languages, other names in use), normalised, to the region (one query)."""
    index: dict[str, Region] = {}
    by_code = {}
    for region in Region.objects.all():
        by_code[region.iso_code.upper()] = region
        for name in (region.iso_code, region.name_ru, region.name_kk, region.name_en):
            index[_norm(name)] = region
        # "город Алматы" is also written "Алматы" (see region_find).
        index.setdefault(_city_name(region.name_ru), region)
    for code, new_code in LEGACY_REGION_CODES.items():
        if new_code in by_code:
            index[_norm(code)] = by_code[new_code]
    for name, code in REGION_ALIASES.items():
        if code in by_code:
            index.setdefault(name, by_code[code])
    return index


def _city_name(text: str) -> str:
    """A normalised name without "город", "г." or "қаласы" around a city's name."""
    name = _norm(text)
    for prefix in ("город ", "г. ", "г."):
        name = name.removeprefix(prefix)
    for suffix in (" қаласы", " city"):
        name = name.removesuffix(suffix)
    return name.strip()


def region_find(index: dict[str, Region], text: str) -> Region | None:
    """The region a cell names (region_index), or None."""
    return index.get(_norm(text)) or index.get(_city_name(text))


def role_index() -> dict[str, str]:
    """Role values and their labels in every language, normalised, to the value."""
    index = {}
    for role in Role:
        index[_norm(role.value)] = role.value
        for language in ("ru", "kk", "en"):
            with translation.override(language):
                index[_norm(str(role.label))] = role.value
    return index


def _birth_date_problem(day: datetime.date) -> str:
    today = timezone.localdate()
    if day > today:
        return str(MSG_BIRTH_DATE_FUTURE)
    if day.year < today.year - 110 or day.year > today.year - 5:
        return str(MSG_BIRTH_DATE_IMPLAUSIBLE % {"value": day.strftime("%d.%m.%Y")})
    from ..services.profile import CHILD_AGE

    age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    if age < CHILD_AGE:
        return str(MSG_BIRTH_DATE_CHILD % {"value": day.strftime("%d.%m.%Y")})
    return ""


def _name(cells: dict) -> str:
    full = str(cells.get("full_name", "")).strip()
    if full:
        return re.sub(r"\s+", " ", full)
    parts = [
        str(cells.get(key, "")).strip()
        for key in ("last_name", "first_name", "middle_name")
    ]
    return " ".join(part for part in parts if part)


def people_import_plan(
    *, rows: list[RawRow], actor: User, create_organizations: bool = False
) -> ImportPlan:
    """Check every row of a file and tell what importing it would do (the dry run).

    A row is a person (matched by e-mail, case-insensitively), and, when it names an
    organisation and a role, their position there from the start date (today when
    empty). Empty cells leave an existing person's data alone. Unknown organisations
    are errors unless `create_organizations`. A regional admin imports only into their
    region and only the roles of REGIONAL_ADMIN_ROLES."""
    scope = user_scope(user=actor)
    regions = region_index()
    roles = role_index()
    errors: list[RowProblem] = []
    parsed: list[RowPlan] = []
    seen: dict[str, int] = {}
    today = timezone.localdate()

    def problem(line: int, message) -> None:
        errors.append(RowProblem(line=line, message=str(message)))

    for raw in rows:
        cells = raw.cells
        line = raw.line
        before = len(errors)
        email = str(cells.get("email", "")).strip().lower()
        if not email:
            problem(line, MSG_EMAIL_MISSING)
        else:
            try:
                validate_email(email)
            except ValidationError:
                problem(line, MSG_EMAIL_INVALID % {"value": email})
            else:
                if email in seen:
                    problem(
                        line, MSG_EMAIL_TWICE % {"email": email, "line": seen[email]}
                    )
                else:
                    seen[email] = line
        birth_date = None
        if cells.get("birth_date"):
            try:
                birth_date = _date(cells["birth_date"])
            except ValueError:
                problem(line, MSG_DATE_INVALID % {"value": cells["birth_date"]})
            else:
                if message := _birth_date_problem(birth_date):
                    problem(line, message)
        region = None
        region_text = str(cells.get("region", "")).strip()
        if not region_text:
            problem(line, MSG_REGION_MISSING)
        else:
            region = region_find(regions, region_text)
            if region is None:
                problem(line, MSG_REGION_UNKNOWN % {"value": region_text})
            elif not scope.everything and region.pk not in scope.region_ids:
                problem(line, MSG_REGION_OUT_OF_SCOPE % {"region": region.name})
        role = ""
        role_text = str(cells.get("role", "")).strip()
        if role_text:
            role = roles.get(_norm(role_text), "")
            if not role:
                problem(line, MSG_ROLE_UNKNOWN % {"value": role_text})
            elif not scope.everything and role not in REGIONAL_ADMIN_ROLES:
                problem(line, MSG_ROLE_NOT_YOURS % {"role": Role(role).label})
        organization_name = re.sub(
            r"\s+", " ", str(cells.get("organization", ""))
        ).strip()
        if role_text and not organization_name:
            problem(line, MSG_ORGANIZATION_MISSING)
        if organization_name and not role_text:
            problem(line, MSG_ROLE_MISSING)
        start_date = None
        if cells.get("start_date"):
            try:
                start_date = _date(cells["start_date"])
            except ValueError:
                problem(line, MSG_DATE_INVALID % {"value": cells["start_date"]})
            else:
                if start_date > today:
                    problem(line, MSG_START_FUTURE)
        if len(errors) > before:
            continue
        parsed.append(
            RowPlan(
                line=line,
                email=email,
                full_name=_name(cells),
                birth_date=birth_date,
                region=region,
                organization=None,
                organization_name=organization_name,
                role=role,
                start_date=start_date,
                title=str(cells.get("title", "")).strip()[:200],
            )
        )

    # Organisations named in the file, by (region, lower-cased name in any of their
    # languages; a Russian name wins over another's Kazakh or English one): one query.
    wanted = {(row.region.pk, row.organization_name.lower()) for row in parsed}
    organizations: dict[tuple[int, str], Organization] = {}
    region_ids = {region_id for region_id, name in wanted if name}
    if region_ids:
        found = list(
            Organization.objects.filter(region_id__in=region_ids).select_related(
                "region"
            )
        )
        for first, rest in ((0, 1), (1, None)):
            for organization in found:
                for name in organization.names[first:rest]:
                    organizations.setdefault(
                        (organization.region_id, name.lower()), organization
                    )
    new_organizations: dict[tuple[int, str], Organization] = {}

    # People already here, by lower-cased e-mail, and their open positions: two queries.
    emails = [row.email for row in parsed]
    existing: dict[str, User] = {}
    if emails:
        for user in (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .select_related("region")
        ):
            existing[user.email_lower] = user
    open_positions = set()
    if existing:
        open_positions = set(
            Position.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=today),
                user__in=[user.pk for user in existing.values()],
            ).values_list("user_id", "organization_id", "role")
        )

    plans: list[RowPlan] = []
    for row in parsed:
        before = len(errors)
        if row.organization_name:
            key = (row.region.pk, row.organization_name.lower())
            row.organization = organizations.get(key)
            if row.organization is None and create_organizations:
                row.organization = new_organizations.setdefault(
                    key,
                    Organization(
                        name=row.organization_name,
                        kind=Organization.Kind.OTHER,
                        region=row.region,
                    ),
                )
            if row.organization is None:
                problem(
                    row.line,
                    MSG_ORGANIZATION_UNKNOWN
                    % {"value": row.organization_name, "region": row.region.name},
                )
        user = existing.get(row.email)
        if user is not None:
            # Whom a regional admin may change: the people they see
            # (selectors.learner_scope_q), not a national admin without a region.
            if not scope.everything and user.region_id not in scope.region_ids:
                problem(row.line, MSG_PERSON_OUT_OF_SCOPE % {"email": row.email})
            row.user = user
            if row.full_name and row.full_name != user.full_name:
                row.changed.append(_("full name"))
            if row.birth_date and row.birth_date != user.date_of_birth:
                row.changed.append(_("date of birth"))
            if row.region.pk != user.region_id:
                row.changed.append(_("region"))
            row.person = UPDATED if row.changed else UNCHANGED
        elif not row.full_name:
            problem(row.line, MSG_NAME_MISSING)
        if len(errors) > before:
            continue
        if row.organization is not None:
            held = user is not None and (
                (user.pk, row.organization.pk, row.role) in open_positions
            )
            row.position = OPEN if held else NEW
        plans.append(row)
    errors.sort(key=lambda error: error.line)
    return ImportPlan(rows=plans, errors=errors, new_organizations=new_organizations)
