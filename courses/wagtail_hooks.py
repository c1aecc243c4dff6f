"""Courses in the Wagtail admin: assignment rules, audit actions; and courses' notice
on its own My learning (the Standard to acknowledge, panels.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AssignmentRule


@hooks.register("register_log_actions")
def register_courses_actions(actions):
    actions.register_action(
        "courses.assign", _("Assign learning"), _("Learning assigned")
    )


class AssignmentRuleViewSet(SnippetViewSet):
    model = AssignmentRule
    icon = "calendar-check"
    menu_label = _("Assignment rules")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "name",
        "role",
        "organization_kind",
        "region",
        "target",
        "due_in_days",
        "is_active",
    ]
    list_filter = ["role", "is_active"]
    search_fields = ["name"]


register_snippet(AssignmentRuleViewSet)


# My learning's notices (the page's own app adds one, as others add panels): the
# Standard to acknowledge.
from .panels import standard_notice_panel  # noqa: E402

hooks.register("lms_my_learning_notices_panels", standard_notice_panel)
