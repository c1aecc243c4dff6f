from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        # Every receiver of the app is connected here (its Wagtail hooks, panels
        # included, are registered in wagtail_hooks.py, which Wagtail imports).
        from people.signals import (
            handover_duties_collect,
            personal_data_erase,
            personal_data_export,
        )

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
        handover_duties_collect.connect(
            receivers.on_handover_duties_collect, dispatch_uid="assessments_handover"
        )
        from core.signals import connect_saves_and_deletes

        from .models import Question, QuizDrawRule, QuizQuestion

        connect_saves_and_deletes(
            receivers.on_quiz_content_changed,
            Question,
            QuizQuestion,
            QuizDrawRule,
            uid="assessments_quiz",
        )
