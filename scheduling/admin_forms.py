"""The Wagtail admin's forms of scheduling's rules: the audience of the plan's
sessions chosen among the roles, not typed as JSON."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from people.roles import Role


class PlanRuleForm(WagtailAdminModelForm):
    audience_roles = forms.MultipleChoiceField(
        label=_("audience: roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Roles the planned sessions are for; none ticked: everyone."),
    )
