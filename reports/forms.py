"""The reports' filters (GET): the dashboard's and the audit log's; and the form
that subscribes to a report (POST)."""

from __future__ import annotations

import calendar
import datetime
import uuid

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from courses.selectors import course_and_program_choices
from people.models import OrganizationKind
from people.roles import Role

from .models import ReportFrequency, ReportKind
from .selectors import (
    AuditFilters,
    DashboardFilters,
    audit_action_choices,
    report_regions,
)

MONTHS_BACK = 36


def _month(value: str) -> datetime.date:
    year, month = value.split("-")
    return datetime.date(int(year), int(month), 1)


def month_choices(*, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """The last MONTHS_BACK months, the newest first, as "2026-12" and its name."""
    first = (today or timezone.localdate()).replace(day=1)
    choices = []
    for _i in range(MONTHS_BACK):
        choices.append((f"{first:%Y-%m}", date_format(first, "YEAR_MONTH_FORMAT")))
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return choices


class DashboardFilterForm(forms.Form):
    """Region (those in the viewer's scope), organisation kind, role, course or
    program, and the months learning was assigned and certificates issued in."""

    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None
    )
    organization_kind = forms.ChoiceField(label=_("Organisation kind"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    target = forms.ChoiceField(label=_("Course or program"), required=False)
    # Whole months: the summary the dashboard reads counts by month.
    date_from = forms.ChoiceField(label=_("Assigned or issued from"), required=False)
    date_to = forms.ChoiceField(label=_("until the end of"), required=False)

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
        months = [("", "—"), *month_choices()]
        self.fields["date_from"].choices = months
        self.fields["date_to"].choices = months
        self.fields["target"].choices = [
            ("", _("All learning")),
            *((str(key), title) for key, title in course_and_program_choices()),
        ]

    def clean_date_from(self) -> datetime.date | None:
        value = self.cleaned_data["date_from"]
        return _month(value) if value else None

    def clean_date_to(self) -> datetime.date | None:
        value = self.cleaned_data["date_to"]
        if not value:
            return None
        first = _month(value)
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])

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
