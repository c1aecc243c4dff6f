"""The dashboard's filters (GET)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.selectors import course_and_program_choices
from people.models import OrganizationKind
from people.roles import Role

from .selectors import DashboardFilters, report_regions


class DashboardFilterForm(forms.Form):
    """Region (those in the viewer's scope), organisation kind, role, course or
    program, and the period learning was assigned and certificates issued in."""

    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None
    )
    organization_kind = forms.ChoiceField(label=_("Organisation kind"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    target = forms.ChoiceField(label=_("Course or program"), required=False)
    date_from = forms.DateField(
        label=_("Assigned or issued from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, viewer, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("All regions")),
            *((r.pk, r.name) for r in report_regions(viewer=viewer)),
        ]
        self.fields["organization_kind"].choices = [
            ("", _("Any kind")),
            *OrganizationKind.choices,
        ]
        self.fields["role"].choices = [("", _("Any role")), *Role.choices]
        self.fields["target"].choices = [
            ("", _("All learning")),
            *((str(key), title) for key, title in course_and_program_choices()),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> DashboardFilters:
        """The filters chosen (none for an invalid form)."""
        if not self.is_valid():
            return DashboardFilters()
        data = self.cleaned_data
        return DashboardFilters(
            region_id=data.get("region"),
            organization_kind=data.get("organization_kind") or "",
            role=data.get("role") or "",
            target_key=uuid.UUID(data["target"]) if data.get("target") else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class RegionFiguresFilterForm(DashboardFilterForm):
    """The dashboard's filters without the course: region, organisation kind, role,
    and the period quiz attempts were submitted in (the other figures are a state
    today)."""

    period_label = _("Quiz attempts from")

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, viewer=viewer, **kwargs)
        del self.fields["target"]
        self.fields["date_from"].label = self.period_label


class CourseFiguresFilterForm(RegionFiguresFilterForm):
    """Region, organisation kind, role, and the period learning was assigned,
    certificates issued and quiz attempts submitted in."""

    period_label = _("Assigned, issued or attempted from")
