from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        # Every receiver of the app is connected here (its Wagtail hooks, panels
        # included, are registered in wagtail_hooks.py, which Wagtail imports).
        from people.signals import personal_data_erase, personal_data_export

        from . import receivers

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
        from django.db.models.signals import post_delete, post_save

        from .models import Question, QuizDrawRule, QuizQuestion

        for model in (Question, QuizQuestion, QuizDrawRule):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.on_quiz_content_changed,
                    sender=model,
                    dispatch_uid=f"assessments_{model.__name__}_{signal}",
                )
