"""Every enrolment of the learners in the viewer's scope, as rows of values for the
export: read in chunks from one query, nothing kept per row, so memory stays flat
at national scale (120,000 learners)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from courses.models import Enrolment
from courses.selectors import (
    course_and_program_choices,
    course_required_items,
    enrolment_list_with_required_done,
    target_course_keys,
)
from people.selectors import organization_name_shown, user_scope

from .dashboard import (
    DashboardFilters,
    can_view_reports,
    report_regions,
    scoped_to_learners,
)

if TYPE_CHECKING:
    from people.models import User

CHUNK = 2_000
# learner name, e-mail, region, organisation, course title, enrolled at, status,
# completed at, progress %
FIELDS = (
    "learner__full_name",
    "learner__email",
    "learner__region_id",
    "organization_shown",
    "course_key",
    "created_at",
    "status",
    "completed_at",
    "required_done",
)


def enrolment_export_rows(
    *, viewer: User, filters: DashboardFilters | None = None
) -> Iterator[tuple]:
    """The enrolments of the learners the dashboard counts for `viewer` (active, living
    in a region of their scope, matching the learner filters: region, organisation
    kind, role), of one course or a program's courses (`filters.target_key`); the
    period is not applied. Each row: learner name, e-mail, region, organisation,
    course title, enrolled at, status, completed at, progress % (required items done,
    100 when completed). Course titles (active language), region names and status
    labels are taken now, in five queries (organisation names in the active
    language, else Russian, in the rows' query); the rows are read when iterated, in chunks
    of CHUNK, by name. PermissionDenied for anyone but regional and national admins."""
    if not can_view_reports(user=viewer):
        raise PermissionDenied
    filters = filters or DashboardFilters()
    scope = user_scope(user=viewer)
    region_ids = None if scope.everything else scope.region_ids
    regions = {region.pk: region.name for region in report_regions(viewer=viewer)}
    titles = dict(course_and_program_choices())
    required = course_required_items()
    totals = {key: len(items) for key, items in required.items()}
    statuses = {value: str(label) for value, label in Enrolment.Status.choices}
    enrolments = scoped_to_learners(
        enrolment_list_with_required_done(required_items=required),
        region_ids=region_ids,
        filters=filters,
        field="learner",
    )
    if filters.target_key is not None:
        enrolments = enrolments.filter(
            course_key__in=target_course_keys(key=filters.target_key)
        )
    rows = (
        enrolments.order_by("learner__full_name", "learner_id", "created_at", "pk")
        .annotate(organization_shown=organization_name_shown("learner__organization"))
        .values_list(*FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    completed = Enrolment.Status.COMPLETED

    def lines() -> Iterator[tuple]:
        for (
            name,
            email,
            region_id,
            organization,
            course_key,
            enrolled_at,
            status,
            completed_at,
            done,
        ) in rows:
            total = totals.get(course_key, 0)
            if status == completed:
                percent = 100
            else:
                percent = round(100 * min(done, total) / total) if total else 0
            yield (
                name,
                email,
                regions.get(region_id, ""),
                organization or "",
                titles.get(course_key, str(course_key)),
                enrolled_at,
                statuses.get(status, status),
                completed_at,
                percent,
            )

    return lines()
