"""The training-cadence page for admins: per region, how many people keep a cadence
and who is overdue (national admins: every region; regional admins: their own)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import selectors


@login_required
@require_safe
def compliance(request):
    """Counts per region and the overdue people (a fixed number of queries)."""
    scope = selectors.compliance_scope(user=request.user)
    if not scope.allowed:
        raise Http404
    statuses = selectors.compliance_list(
        people=selectors.compliance_people(scope=scope), now=timezone.now()
    )
    return render(
        request,
        "scheduling/manage/compliance.html",
        {
            "summary": selectors.compliance_region_summary(
                scope=scope, statuses=statuses
            ),
            "overdue": [status for status in statuses if status.overdue],
            "covered": len(statuses),
        },
    )
