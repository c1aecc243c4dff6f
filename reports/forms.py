"""The reports' filters (GET): the dashboard's and the audit log's."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.selectors import course_and_program_choices
from people.models import OrganizationKind
from people.roles import Role

from .selectors import (
    AuditFilters,
    DashboardFilters,
    audit_action_choices,
    report_regions,
)


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


# The region choice of entries without a region (national admins only).
WITHOUT_REGION = "none"


class AuditFilterForm(forms.Form):
    """Region (those in the viewer's scope, and "no region" for national admins),
    action, acting user (text in their name or e-mail) and period of the audit log."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(
        label=_("Done by"),
        required=False,
        max_length=100,
        help_text=_("Part of the name or e-mail address."),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, regions, without_region: bool, **kwargs):
        """`regions`: those in the viewer's scope (report_regions); `without_region`:
        whether they may see entries without a region."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("All regions")),
            *([(WITHOUT_REGION, _("No region"))] if without_region else []),
            *((str(r.pk), r.name) for r in regions),
        ]
        self.fields["action"].choices = [("", _("Any action")), *audit_action_choices()]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> AuditFilters:
        """The filters chosen (none for an invalid form)."""
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        region = data.get("region") or ""
        return AuditFilters(
            region_id=int(region) if region and region != WITHOUT_REGION else None,
            without_region=region == WITHOUT_REGION,
            action=data.get("action") or "",
            actor=(data.get("actor") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
