"""Per-region targets: the list (every target in the viewer's scope, target against
actual, standing and trend, with charts), and for national admins the forms that
create, change and delete them. Regional admins see their region's, read-only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import charts, services
from ..forms_targets import TargetEditForm, TargetForm
from ..models import Target
from ..selectors import (
    ADD_PERMISSION,
    CHANGE_PERMISSION,
    DELETE_PERMISSION,
    TargetGroup,
    can_view_reports,
    target_get,
    target_overview,
)


def _group_charts(number: int, group: TargetGroup) -> dict:
    """The group's bar chart (actual against target, by region) and each row's
    trend sparkline, with ids unique on the page."""
    bars = charts.bar_chart(
        [
            charts.Datum(
                label=row.target.region.name,
                value=row.percent,
                marker=row.target.percent,
            )
            for row in group.rows
        ]
    )
    rows = []
    for row in group.rows:
        trend = charts.line_chart(
            [
                charts.Datum(
                    label=date_format(point.day, "SHORT_DATE_FORMAT"),
                    value=point.percent,
                    note=f"{point.completed} / {point.assigned}",
                )
                for point in row.trend
            ],
            reference=row.target.percent,
        )
        rows.append((row, trend, f"target-trend-{row.target.pk}"))
    return {"group": group, "id": f"targets-chart-{number}", "bars": bars, "rows": rows}


@login_required
def targets(request):
    """Every target in the viewer's scope, grouped, with its figures and trend."""
    groups = target_overview(viewer=request.user)
    user = request.user
    return render(
        request,
        "reports/targets.html",
        {
            "groups": [
                _group_charts(n, group) for n, group in enumerate(groups, start=1)
            ],
            "can_add": user.has_perm(ADD_PERMISSION),
            "can_change": user.has_perm(CHANGE_PERMISSION),
            "can_delete": user.has_perm(DELETE_PERMISSION),
        },
    )


def _may(request, permission: str) -> None:
    """National admins (the permission) only: 403 for the others."""
    if not (can_view_reports(user=request.user) and request.user.has_perm(permission)):
        raise PermissionDenied


def _target(request, pk: int) -> Target:
    try:
        return target_get(viewer=request.user, pk=pk)
    except Target.DoesNotExist:
        raise Http404 from None


def _errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: its fields' errors under them, the
    others above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _invalid(request, template: str, context: dict):
    messages.error(request, _("The target is not saved: correct what is marked."))
    return render(request, template, context, status=400)


@login_required
def target_create(request):
    """A new target for one region, or the same for every region at once."""
    _may(request, ADD_PERMISSION)
    form = TargetForm(request.POST or None, viewer=request.user)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created, existing = services.target_create(
                    by=request.user,
                    regions=form.selected_regions(),
                    title=data["title"],
                    target_key=data["target_key"],
                    organization_kind=data["organization_kind"],
                    role=data["role"],
                    percent=data["percent"],
                    due_date=data["due_date"],
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                if created:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d target is created.",
                            "%(count)d targets are created.",
                            len(created),
                        )
                        % {"count": len(created)},
                    )
                if existing:
                    messages.info(
                        request,
                        ngettext(
                            "%(count)d region already had this target; it is unchanged.",
                            "%(count)d regions already had this target; they are unchanged.",
                            existing,
                        )
                        % {"count": existing},
                    )
                return redirect("reports:targets")
        return _invalid(request, "reports/target_form.html", {"form": form})
    return render(request, "reports/target_form.html", {"form": form})


@login_required
def target_edit(request, pk: int):
    """Change a target's title, percent or due date."""
    _may(request, CHANGE_PERMISSION)
    target = _target(request, pk)
    initial = {
        "title": target.title,
        "percent": target.percent,
        "due_date": target.due_date,
    }
    form = TargetEditForm(request.POST or None, initial=initial)
    context = {"form": form, "target": target}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.target_update(
                    target=target, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The target is saved."))
                return redirect("reports:targets")
        return _invalid(request, "reports/target_form.html", context)
    return render(request, "reports/target_form.html", context)


@login_required
def target_delete(request, pk: int):
    """Confirm, then delete a target and its trend. Deleting one already deleted
    (a second click) only returns to the list."""
    _may(request, DELETE_PERMISSION)
    if request.method == "POST":
        try:
            target = target_get(viewer=request.user, pk=pk)
        except Target.DoesNotExist:
            messages.info(request, _("The target is already deleted."))
            return redirect("reports:targets")
        services.target_delete(target=target, by=request.user)
        messages.success(request, _("The target is deleted."))
        return redirect("reports:targets")
    return render(
        request, "reports/target_confirm_delete.html", {"target": _target(request, pk)}
    )
