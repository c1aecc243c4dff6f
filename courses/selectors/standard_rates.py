"""Who must acknowledge the Standard of volunteer support, and the acknowledgement
rates per region (for admins, and counted for grouped reports).

Every function here runs a fixed number of queries, whatever the number of people or
regions (tests assert it).
"""

from __future__ import annotations

import dataclasses

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from core.i18n import DEFAULT_LANGUAGE, page_canonical
from people.models import Region, User
from people.selectors import (
    learner_scope_q,
    position_list_active,
    region_list,
    region_sort,
    user_scope,
)

from ..models import StandardAcknowledgement, StandardPage
from .standard import standard_version_current


def standard_people(
    *, page: StandardPage, people: QuerySet[User] | None = None
) -> QuerySet[User]:
    """Active people (of `people`, default everyone) holding an active position in a
    role the Standard applies to."""
    holders = position_list_active().filter(role__in=page.roles).values("user_id")
    people = User.objects.all() if people is None else people
    return people.filter(is_active=True, pk__in=holders)


@dataclasses.dataclass
class RegionRate:
    """One region's standing: people in the roles, and how many acknowledged the
    current version, only an older one, or none."""

    region: Region | None
    people: int = 0
    current: int = 0
    older: int = 0

    @property
    def never(self) -> int:
        return self.people - self.current - self.older

    @property
    def percent(self) -> int | None:
        return round(100 * self.current / self.people) if self.people else None


def standard_counts_by_region(
    *, page: StandardPage, people: QuerySet[User] | None = None
) -> dict[int | None, RegionRate]:
    """Of `people` (default everyone) in the Standard's roles, by region id (None:
    without a region), how many acknowledged its current version, only an older one,
    or none; the rates carry no region (two queries: the current version, the
    counts)."""
    current = standard_version_current(page=page)
    acknowledged = StandardAcknowledgement.objects.filter(
        user=OuterRef("pk"), version__page=page
    )
    counts = (
        standard_people(page=page, people=people)
        .annotate(
            has_current=Exists(acknowledged.filter(version=current))
            if current
            else Exists(acknowledged.none()),
            has_older=Exists(acknowledged.exclude(version=current))
            if current
            else Exists(acknowledged.none()),
        )
        .values("region_id", "has_current", "has_older")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rates: dict[int | None, RegionRate] = {}
    for row in counts:
        rate = rates.setdefault(row["region_id"], RegionRate(region=None))
        rate.people += row["n"]
        if row["has_current"]:
            rate.current += row["n"]
        elif row["has_older"]:
            rate.older += row["n"]
    return rates


def standard_rates_by_region(
    *, viewer, page: StandardPage
) -> tuple[list[RegionRate], RegionRate]:
    """Per region the viewer may see (national admin: all; regional: their own),
    in alphabetical order, and the total (three queries)."""
    scope = user_scope(user=viewer)
    regions = (
        region_list()
        if scope.everything
        else region_list().filter(pk__in=scope.region_ids)
    )
    rows = {region.pk: RegionRate(region=region) for region in region_sort(regions)}
    counts = standard_counts_by_region(
        page=page, people=User.objects.filter(learner_scope_q(viewer=viewer))
    )
    no_region = RegionRate(region=None)
    for region_id, counted in counts.items():
        rate = rows.get(region_id)
        if rate is None:
            if region_id is not None and not scope.everything:
                continue  # the viewer themselves, outside their regions
            rate = no_region
        rate.people += counted.people
        rate.current += counted.current
        rate.older += counted.older
    result = list(rows.values()) + ([no_region] if no_region.people else [])
    total = RegionRate(
        region=None,
        people=sum(r.people for r in result),
        current=sum(r.current for r in result),
        older=sum(r.older for r in result),
    )
    return result, total


def standard_region_visible(*, viewer, region_id: int) -> bool:
    """Whether the viewer may see a region's people (no query: the scope is memoised
    once read)."""
    scope = user_scope(user=viewer)
    return scope.everything or region_id in scope.region_ids


def standard_people_in_region(
    *, viewer, page: StandardPage, region_id: int | None
) -> QuerySet[User]:
    """The people of a region in the Standard's roles, with the latest version each
    acknowledged and when (`ack_number`, `ack_at`: None if never), by name."""
    latest = StandardAcknowledgement.objects.filter(
        user=OuterRef("pk"), version__page=page
    ).order_by("-version__number")
    return (
        standard_people(page=page)
        .filter(learner_scope_q(viewer=viewer))
        .filter(Q(region_id=region_id) if region_id else Q(region__isnull=True))
        .annotate(
            ack_number=Subquery(latest.values("version__number")[:1]),
            ack_at=Subquery(latest.values("acknowledged_at")[:1]),
        )
        .order_by("full_name", "pk")
    )


def standard_page_for_rates(*, page_id: int | None) -> StandardPage | None:
    """The Standard whose rates are asked for (the source, for a translation: the
    versions are its), or else the first live one in the default language."""
    pages = StandardPage.objects.live()
    if page_id is not None:
        page = pages.filter(pk=page_id).select_related("locale").first()
        return page_canonical(page=page) if page is not None else None
    return (
        pages.filter(locale__language_code=DEFAULT_LANGUAGE).order_by("pk").first()
        or pages.order_by("pk").first()
    )
