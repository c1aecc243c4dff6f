"""The calendars' filters: kind and (on the national calendar) region, sent by GET."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from people.selectors import region_list, region_sort

from ..models import SessionKind
from ..selectors.calendar import NATIONAL


class CalendarFilterForm(forms.Form):
    """Kind, region (national calendar only); the month and the way to show it
    (month grid or list) ride along as hidden fields."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *SessionKind.choices],
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    month = forms.CharField(required=False, widget=forms.HiddenInput)
    view = forms.ChoiceField(
        required=False,
        choices=[("month", "month"), ("list", "list")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, with_region: bool = True, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if with_region:
            self.fields["region"].choices = [
                ("", _("All regions")),
                (NATIONAL, _("National sessions")),
                *(
                    (region.iso_code, region.name)
                    for region in region_sort(region_list())
                ),
            ]
        else:
            del self.fields["region"]

    def value(self, name: str) -> str:
        """A field's value when valid, else "" (an unknown kind or region is ignored)."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get(name) or ""
