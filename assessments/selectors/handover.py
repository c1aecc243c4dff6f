"""Reads for a hand-over (people.services.handover): the reviews waiting in the
leaver's region, and the regions where work waits with nobody to review it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, ngettext

from people.models import Position, Region
from people.roles import REGIONAL_ROLES
from people.selectors import position_list_active
from people.signals import HandoverDutyInfo

from ..models import Submission

HANDOVER_DUTY_REVIEWS = "reviews"


def handover_review_duties(*, position: Position) -> list[HandoverDutyInfo]:
    """A mentor's or regional admin's reviews: the submissions awaiting review in the
    region of their position (one duty for the region; whoever holds the role there
    next reviews them)."""
    region = position.organization.region
    if position.role not in REGIONAL_ROLES or region is None:
        return []
    waiting = Submission.objects.filter(
        status=Submission.Status.SUBMITTED, learner__region=region
    ).count()
    if not waiting:
        return []
    label = ngettext(
        "%(count)d assignment awaiting review in %(region)s",
        "%(count)d assignments awaiting review in %(region)s",
        waiting,
    ) % {"count": waiting, "region": region.name}
    return [
        HandoverDutyInfo(
            kind=HANDOVER_DUTY_REVIEWS,
            object_type="people.region",
            object_id=str(region.pk),
            label=label or gettext("Assignments awaiting review"),
        )
    ]


def regions_with_reviews_unattended():
    """Regions where submissions await review and nobody holds a mentor's or
    regional admin's position to review them (empty after every sound hand-over)."""
    reviewers = position_list_active().filter(
        role__in=REGIONAL_ROLES, organization__region=OuterRef("pk")
    )
    waiting = Submission.objects.filter(
        status=Submission.Status.SUBMITTED, learner__region=OuterRef("pk")
    )
    return Region.objects.filter(Exists(waiting)).exclude(Exists(reviewers))
