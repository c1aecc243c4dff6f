from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_log_actions(actions):
    actions.register_action(
        "assessments.review", _("Review a submission"), _("Submission reviewed")
    )


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from wagtail import hooks

        from people.signals import personal_data_erase, personal_data_export

        from . import receivers

        # The audit action of assignment reviews (assessments.services.assignments).
        hooks.register("register_log_actions", register_log_actions)
        personal_data_export.connect(
            receivers.on_personal_data_export_quizzes,
            dispatch_uid="assessments_export_quizzes",
        )
        personal_data_export.connect(
            receivers.on_personal_data_export_submissions,
            dispatch_uid="assessments_export_submissions",
        )
        personal_data_erase.connect(
            receivers.on_personal_data_erase, dispatch_uid="assessments_erase"
        )
