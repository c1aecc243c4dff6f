"""Scheduling in Wagtail: the audit log's actions for sessions and registrations."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


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
    ):
        actions.register_action(action, label, message)


# The pages' sections on other apps' pages (panels.py): scheduling's part of My
# learning, the person's next sessions and training cadence.
from .panels import sessions_panel  # noqa: E402

hooks.register("lms_my_learning_panels", sessions_panel)
