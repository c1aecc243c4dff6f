"""The reports' filters (GET) and the expiring list's reminder (POST)."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.selectors import course_and_program_choices
from people.models import OrganizationKind
from people.roles import Role

from .selectors import (
    EXPIRED_DAYS,
    WITHIN_DAYS,
    DashboardFilters,
    ExpiringFilters,
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
        self.fields["region"].choices = _region_choices(viewer)
        self.fields["organization_kind"].choices = [
            ("", _("Any kind")),
            *OrganizationKind.choices,
        ]
        self.fields["role"].choices = [("", _("Any role")), *Role.choices]
        self.fields["target"].choices = _target_choices()

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
