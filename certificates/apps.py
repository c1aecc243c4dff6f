from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # Every receiver of the app is connected here (its Wagtail hooks, panels
        # included, are registered in wagtail_hooks.py, which Wagtail imports).
        from courses.signals import course_completed, item_passed, program_completed
        from people.signals import personal_data_erase, personal_data_export

        from . import receivers

        course_completed.connect(
            receivers.on_course_completed, dispatch_uid="certificates_course"
        )
        program_completed.connect(
            receivers.on_program_completed, dispatch_uid="certificates_program"
        )
        item_passed.connect(
            receivers.on_item_passed, dispatch_uid="certificates_item_passed"
        )
        personal_data_export.connect(
            receivers.on_personal_data_export, dispatch_uid="certificates_export"
        )
        personal_data_export.connect(
            receivers.on_personal_data_export_reminders,
            dispatch_uid="certificates_export_reminders",
        )
        personal_data_erase.connect(
            receivers.on_personal_data_erase, dispatch_uid="certificates_erase"
        )
        from wagtail.signals import page_published

        from courses.models import CoursePage, ProgramPage

        for model in (CoursePage, ProgramPage):
            page_published.connect(
                receivers.on_certified_page_published,
                sender=model,
                dispatch_uid=f"certificates_titles_{model.__name__}",
            )
        from core.signals import connect_saves_and_deletes

        from .models import ClearanceRequirement, ClearanceRule

        connect_saves_and_deletes(
            receivers.on_clearance_rules_changed,
            ClearanceRule,
            ClearanceRequirement,
            uid="certificates_clearance",
        )
