"""The dashboard's filters (GET) and the form that subscribes to a report (POST)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.selectors import course_and_program_choices
from people.models import OrganizationKind
from people.roles import Role

from .models import ReportFrequency, ReportKind
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

    def __init__(self, *args, viewer, regions=None, **kwargs):
        """`regions`: those offered (default: the viewer's scope). A subscription's
        filters are read back against every region, so that a region the subscriber
        no longer oversees filters to nothing, rather than falling back to all."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if regions is None:
            regions = report_regions(viewer=viewer)
        self.fields["region"].choices = [
            ("", _("All regions")),
            *((r.pk, r.name) for r in regions),
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


class ReportSubscribeForm(forms.Form):
    """E-mail me this report: the report, its filters (the page's querystring, which
    the report's filter form validates in the service) and how often."""

    report = forms.ChoiceField(choices=ReportKind.choices, widget=forms.HiddenInput)
    query = forms.CharField(
        required=False, max_length=500, widget=forms.HiddenInput, strip=False
    )
    frequency = forms.ChoiceField(
        label=_("E-mail me this report"),
        choices=ReportFrequency.choices,
        widget=forms.RadioSelect,
        initial=ReportFrequency.WEEKLY,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
