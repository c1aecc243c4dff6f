"""Courses in the Wagtail admin: assignment rules (saved after a preview of their
audience), audit actions; and courses' notice on its own My learning (the Standard to
acknowledge, panels.py)."""

import hashlib
import json

from django import forms
from django.contrib import messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CopyView,
    CreateView,
    EditView,
    SnippetViewSet,
)

from . import selectors, services
from .models import AssignmentRule
from .services.audiences import NUDGE_ACTION


@hooks.register("register_log_actions")
def register_courses_actions(actions):
    actions.register_action(
        "courses.assign", _("Assign learning"), _("Learning assigned")
    )
    actions.register_action(
        NUDGE_ACTION,
        _("Remind of overdue learning"),
        _("Reminded of overdue learning"),
    )


class AssignmentRuleForm(WagtailAdminModelForm):
    """The rule's fields, and the fingerprint of the audience preview the admin saw
    (rendered as a hidden field by Wagtail, which shows fields no panel claims)."""

    audience_preview = forms.CharField(required=False, widget=forms.HiddenInput)


def _audience_fingerprint(rule: AssignmentRule, preview) -> str:
    """What the admin confirms: the rule's audience and target as edited, and the
    counts they were shown. Any change asks for a new preview."""
    facts = [
        rule.role,
        rule.organization_kind,
        rule.region_id,
        rule.min_age,
        str(rule.started_from),
        str(rule.started_until),
        rule.target_id,
        preview.people,
        preview.new,
    ]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:32]


class AudiencePreviewMixin:
    """Saving an active rule first shows how many people it will reach and how many
    assignments it will create (selectors.assignment_rule_audience_preview, on the
    rule as edited, unsaved), with the form as filled in: saving again with the same
    audience confirms. The saved rule is then applied to its whole audience in the
    background (services.assignment_rule_reevaluate)."""

    def form_valid(self, form):
        rule = form.instance
        if self.expects_json_response or not rule.is_active:
            return super().form_valid(form)
        preview = selectors.assignment_rule_audience_preview(rule=rule)
        fingerprint = _audience_fingerprint(rule, preview)
        if form.cleaned_data.get("audience_preview") == fingerprint:
            return super().form_valid(form)
        form.data = form.data.copy()
        form.data["audience_preview"] = fingerprint
        reach = ngettext(
            "This rule will reach %(count)s person",
            "This rule will reach %(count)s people",
            preview.people,
        ) % {"count": preview.people}
        new = ngettext(
            "%(count)s new assignment",
            "%(count)s new assignments",
            preview.new,
        ) % {"count": preview.new}
        messages.warning(
            self.request,
            gettext("%(reach)s (%(new)s). Nothing is saved yet: save again to confirm.")
            % {"reach": reach, "new": new},
        )
        self.form = form
        return self.render_to_response(self.get_context_data(form=form))

    def save_instance(self):
        rule = super().save_instance()
        services.assignment_rule_reevaluate(rule=rule)
        return rule


class AssignmentRuleCreateView(AudiencePreviewMixin, CreateView):
    pass


class AssignmentRuleCopyView(AudiencePreviewMixin, CopyView):
    pass


class AssignmentRuleEditView(AudiencePreviewMixin, EditView):
    pass


class AssignmentRuleViewSet(SnippetViewSet):
    model = AssignmentRule
    icon = "calendar-check"
    menu_label = _("Assignment rules")
    menu_order = 210
    add_to_admin_menu = True
    add_view_class = AssignmentRuleCreateView
    copy_view_class = AssignmentRuleCopyView
    edit_view_class = AssignmentRuleEditView
    edit_handler = ObjectList(AssignmentRule.panels, base_form_class=AssignmentRuleForm)
    list_display = [
        "name",
        "role",
        "organization_kind",
        "region",
        "min_age",
        "target",
        "due_in_days",
        "due_from",
        "is_active",
    ]
    list_filter = ["role", "is_active"]
    search_fields = ["name"]


register_snippet(AssignmentRuleViewSet)


# My learning's notices (the page's own app adds one, as others add panels): the
# Standard to acknowledge.
from .panels import standard_notice_panel  # noqa: E402

hooks.register("lms_my_learning_notices_panels", standard_notice_panel)
