from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_log_actions(actions):
    actions.register_action(
        "assessments.review", _("Review a submission"), _("Submission reviewed")
    )
    actions.register_action(
        "assessments.quiz_attempt_grant",
        _("Let a learner try a quiz again"),
        _("Quiz attempt granted"),
    )


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from wagtail import hooks

        from people.signals import personal_data_erase, personal_data_export

        from . import panels, receivers  # noqa: F401 (panels registers hooks)

        # The audit actions of assignment reviews and quiz attempt grants.
        hooks.register("register_log_actions", register_log_actions)
        personal_data_export.connect(
            receivers.on_personal_data_export_quizzes,
            dispatch_uid="assessments_export_quizzes",
        )
        personal_data_export.connect(
            receivers.on_personal_data_export_quiz_grants,
            dispatch_uid="assessments_export_quiz_grants",
        )
        personal_data_export.connect(
            receivers.on_personal_data_export_submissions,
            dispatch_uid="assessments_export_submissions",
        )
        personal_data_erase.connect(
            receivers.on_personal_data_erase, dispatch_uid="assessments_erase"
        )
