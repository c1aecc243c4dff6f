"""The reports' filters (GET): the dashboard's, the audit log's, the expiring
certificates'; the form that subscribes to a report and the expiring list's reminder
(POST)."""

from __future__ import annotations

import calendar
import datetime
import uuid

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.selectors import course_and_program_choices
from people.models import OrganizationKind
from people.roles import Role

from .models import ReportFrequency, ReportKind
from .selectors import (
    EXPIRED_DAYS,
    WITHIN_DAYS,
    AuditFilters,
    DashboardFilters,
    ExpiringFilters,
    audit_action_choices,
    report_regions,
)

# The expiring list's page size: "Remind all on this page" sends at most this many.
EXPIRING_PER_PAGE = 50
EXPIRED = "expired"
MSG_CERTIFICATES_CHOOSE = _("Choose the certificates to remind of from the list.")


def _region_choices(viewer):
    return [
        ("", _("All regions")),
        *((r.pk, r.name) for r in report_regions(viewer=viewer)),
    ]


def _target_choices():
    return [
        ("", _("All learning")),
        *((str(key), title) for key, title in course_and_program_choices()),
    ]


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
        self.fields["target"].choices = _target_choices()

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


class ExpiringFilterForm(forms.Form):
    """Certificates expiring within 30, 60 or 90 days, or expired lately; region (of
    those in the viewer's scope); course or program."""

    window = forms.ChoiceField(label=_("Certificates"), required=False)
    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None
    )
    target = forms.ChoiceField(label=_("Course or program"), required=False)

    def __init__(self, *args, viewer, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["window"].choices = [
            *(
                (
                    str(days),
                    ngettext(
                        "Expiring within %(days)d day",
                        "Expiring within %(days)d days",
                        days,
                    )
                    % {"days": days},
                )
                for days in WITHIN_DAYS
            ),
            (
                EXPIRED,
                ngettext(
                    "Expired in the last %(days)d day",
                    "Expired in the last %(days)d days",
                    EXPIRED_DAYS,
                )
                % {"days": EXPIRED_DAYS},
            ),
        ]
        self.fields["window"].initial = str(settings.LMS_CERTIFICATE_EXPIRING_DAYS)
        self.fields["region"].choices = _region_choices(viewer)
        self.fields["target"].choices = _target_choices()

    def filters(self) -> ExpiringFilters:
        """The filters chosen (the defaults for an invalid form)."""
        if not self.is_valid():
            return ExpiringFilters()
        data = self.cleaned_data
        window = data.get("window") or ""
        if window == EXPIRED:
            within_days = None
        elif window:
            within_days = int(window)
        else:
            within_days = ExpiringFilters.within_days
        return ExpiringFilters(
            within_days=within_days,
            region_id=data.get("region"),
            target_key=uuid.UUID(data["target"]) if data.get("target") else None,
        )


class CertificateIdsField(forms.Field):
    """Certificate ids sent by hidden inputs of one name (one, or a page's)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = value or []
        try:
            ids = sorted({int(item) for item in values})
        except (TypeError, ValueError):
            raise forms.ValidationError(MSG_CERTIFICATES_CHOOSE) from None
        if not ids or len(ids) > EXPIRING_PER_PAGE or min(ids) < 1:
            raise forms.ValidationError(MSG_CERTIFICATES_CHOOSE)
        return ids


class RemindForm(forms.Form):
    """The certificates whose holders to remind (a row's, or the page's), and the
    list's filters and page to go back to."""

    certificate = CertificateIdsField()
    back = forms.CharField(required=False, widget=forms.HiddenInput)

    BACK_KEYS = ("window", "region", "target", "page")

    def back_query(self) -> str:
        """The list's query string to return to: only its own parameters."""
        sent = QueryDict(self.data.get("back", ""))
        back = QueryDict(mutable=True)
        for key in self.BACK_KEYS:
            if sent.get(key):
                back[key] = sent[key]
        return back.urlencode()
