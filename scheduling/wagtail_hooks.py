"""Every Wagtail hook of scheduling (Wagtail imports this module): the audit log's
actions for sessions and registrations; in the admin, the yearly plan's rules per
region, the public holidays the plan skips and the training cadence rules per role
(one "Training plan" menu group, for national admins)."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_forms import PlanRuleForm
from .models import CadenceRule, Holiday, PlanRule


class PlanRuleViewSet(SnippetViewSet):
    model = PlanRule
    icon = "date"
    menu_label = _("Plan rules")
    list_display = [
        Column("region", label=_("region"), accessor=str),
        "intensives_per_quarter",
        "intensive_days",
        "online_per_month",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("region"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("intensives_per_quarter"),
                            FieldPanel("intensive_days"),
                            FieldPanel("intensive_capacity"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("day_starts"), FieldPanel("day_ends")]),
                ],
                heading=_("Offline intensives"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("online_per_month"),
                            FieldPanel("online_capacity"),
                        ]
                    ),
                    FieldRowPanel(
                        [FieldPanel("online_starts"), FieldPanel("online_minutes")]
                    ),
                ],
                heading=_("Online meetings"),
            ),
            FieldPanel("audience_roles"),
        ],
        base_form_class=PlanRuleForm,
    )

    def get_queryset(self, request):
        # The national default first, then the regions' own rules.
        return PlanRule.objects.select_related("region").order_by(
            F("region__name_ru").asc(nulls_first=True)
        )


class HolidayViewSet(SnippetViewSet):
    model = Holiday
    icon = "calendar-alt"
    menu_label = _("Public holidays")
    list_display = ["date", "name"]
    list_filter = {"date": ["year"]}
    search_fields = ["name"]
    list_per_page = 50
    panels = [FieldPanel("date"), FieldPanel("name")]


class CadenceRuleViewSet(SnippetViewSet):
    model = CadenceRule
    icon = "history"
    menu_label = _("Training cadence")
    list_display = [
        Column("role", label=_("role"), accessor="get_role_display"),
        "intensive_months",
        "online_meetings",
        "online_share",
    ]
    panels = [
        FieldPanel("role"),
        FieldPanel("intensive_months"),
        FieldRowPanel([FieldPanel("online_meetings"), FieldPanel("online_share")]),
    ]


class TrainingPlanGroup(SnippetViewSetGroup):
    items = (PlanRuleViewSet, HolidayViewSet, CadenceRuleViewSet)
    menu_icon = "date"
    menu_label = _("Training plan")
    menu_name = "training-plan"
    menu_order = 230


register_snippet(TrainingPlanGroup)


@hooks.register("register_log_actions")
def register_scheduling_actions(actions):
    for action, label, message in (
        ("scheduling.status", _("Change a session's status"), _("Status changed")),
        ("scheduling.cancel", _("Cancel a session"), _("Session cancelled")),
        (
            "scheduling.register",
            _("Register a person for a session"),
            _("Person registered"),
        ),
        (
            "scheduling.registration_cancel",
            _("Cancel a person's registration"),
            _("Registration cancelled"),
        ),
        ("scheduling.approve", _("Approve a registration"), _("Request approved")),
        ("scheduling.refuse", _("Refuse a registration"), _("Request refused")),
        (
            "scheduling.attendance_sheet",
            _("Apply a filled sign-in sheet"),
            _("Sign-in sheet applied"),
        ),
    ):
        actions.register_action(action, label, message)


# The pages' sections on other apps' pages (panels.py): scheduling's part of My
# learning, the person's next sessions and training cadence.
from .panels import sessions_panel  # noqa: E402

hooks.register("lms_my_learning_panels", sessions_panel)
