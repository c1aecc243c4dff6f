"""The targets' forms: a new target (for one region or every region at once) and
changing one (its title, percent and due date)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import OrganizationKind
from people.roles import Role

from .selectors import report_regions, target_choices

MSG_REGION_OR_EVERY = _("Choose a region, or tick “every region”.")

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetEditForm(forms.Form):
    """What may change in a target."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        # xgettext:no-python-format  # noqa: ERA001
        help_text=_("For example: 80 % of RFO staff through onboarding by 30 June."),
    )
    percent = forms.IntegerField(
        # xgettext:no-python-format  # noqa: ERA001
        label=_("Target (% completed)"),
        min_value=1,
        max_value=100,
    )
    due_date = forms.DateField(label=_("Due date"), widget=_DATE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TargetForm(TargetEditForm):
    """A new target: its learning and audience, and the region (or every region)."""

    target_key = forms.TypedChoiceField(
        label=_("Course or program"), coerce=uuid.UUID, empty_value=None
    )
    organization_kind = forms.ChoiceField(label=_("Organisation kind"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None
    )
    every_region = forms.BooleanField(
        label=_("Every region (one target each)"), required=False
    )

    field_order = [
        "title",
        "target_key",
        "organization_kind",
        "role",
        "percent",
        "due_date",
        "region",
        "every_region",
    ]

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {r.pk: r for r in report_regions(viewer=viewer)}
        self.fields["target_key"].choices = [
            ("", _("Choose…")),
            *((str(key), title) for key, title in target_choices()),
        ]
        self.fields["organization_kind"].choices = [
            ("", _("Any kind")),
            *OrganizationKind.choices,
        ]
        self.fields["role"].choices = [("", _("Any role")), *Role.choices]
        self.fields["region"].choices = [
            ("", _("Choose…")),
            *((r.pk, r.name) for r in self.regions.values()),
        ]

    def clean(self):
        data = super().clean()
        if not data.get("every_region") and data.get("region") is None:
            if "region" not in self.errors:
                self.add_error("region", MSG_REGION_OR_EVERY)
        return data

    def selected_regions(self) -> list:
        """The regions chosen: every region in the viewer's scope, or the one."""
        if self.cleaned_data.get("every_region"):
            return list(self.regions.values())
        return [self.regions[self.cleaned_data["region"]]]
