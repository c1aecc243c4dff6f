"""The public calendars (national, and per region with the national sessions) as a
month grid or a list, and the session page with the learner's place and the one
button that applies. Open to visitors who are not signed in; drafts never show."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.views.decorators.http import require_safe

from people.models import Region

from ..forms.calendar import CalendarFilterForm
from ..models import TrainingSession
from ..selectors import calendar as selectors
from ..selectors.calendar import NATIONAL


def _calendar(request, *, region: Region | None):
    form = CalendarFilterForm(request.GET or None, with_region=region is None)
    month = selectors.month_parse(form.value("month"))
    kind = form.value("kind")
    view = form.value("view") or "month"
    if region is None:
        chosen = form.value("region")
        region_filter = (
            NATIONAL
            if chosen == NATIONAL
            else Region.objects.filter(iso_code=chosen).first()
            if chosen
            else None
        )
        with_national = False
    else:
        region_filter, with_national = region, True
    first_weekday = (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
    grid = selectors.calendar_month_grid(
        month=month, days=[], first_weekday=first_weekday
    )
    days = list(
        selectors.calendar_day_list(
            # The grid shows the days of the weeks around the month, too.
            start=grid[0][0].date if view == "month" else month,
            end=grid[-1][-1].date if view == "month" else selectors.month_end(month),
            kind=kind,
            region=region_filter,
            with_national=with_national,
        )
    )

    def link(to_month, to_view=None) -> str:
        to_view = to_view or view
        query = {
            key: value
            for key, value in {
                "kind": kind,
                "region": form.value("region") if region is None else "",
                "view": to_view if to_view != "month" else "",
                "month": to_month.strftime("%Y-%m"),
            }.items()
            if value
        }
        return f"?{urlencode(query)}"

    return render(
        request,
        "scheduling/calendar/calendar.html",
        {
            "form": form,
            "region": region,
            "month": month,
            "view": view,
            "weeks": selectors.calendar_month_grid(
                month=month, days=days, first_weekday=first_weekday
            )
            if view == "month"
            else [],
            "weekdays": [day.date for day in grid[0]],
            "entries": selectors.calendar_entries(days) if view == "list" else [],
            "day_count": len(days),
            "previous_url": link(selectors.month_shift(month, -1)),
            "next_url": link(selectors.month_shift(month, 1)),
            "this_month_url": link(timezone.localdate().replace(day=1)),
            "month_view_url": link(month, "month"),
            "list_view_url": link(month, "list"),
            "clear_url": request.path,
            "national_url": reverse("scheduling:calendar"),
        },
    )


@require_safe
def calendar_national(request):
    """Every region's sessions and the national ones, filtered by kind and region."""
    return _calendar(request, region=None)


@require_safe
def calendar_region(request, iso_code: str):
    """A region's sessions and the national ones, filtered by kind."""
    region = get_object_or_404(Region, iso_code=iso_code.upper())
    return _calendar(request, region=region)


@require_safe
def session_detail(request, pk: int):
    """One session: days in Almaty time, venue (or, for the registered, the meeting
    link), trainers, seats left, deadline, the person's place and what they can do."""
    try:
        session = selectors.session_get_public(pk=pk)
    except TrainingSession.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "scheduling/calendar/session_detail.html",
        selectors.session_page_context(session=session, user=request.user),
    )
