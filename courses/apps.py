from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # Every receiver of the app is connected here (its Wagtail hooks are
        # registered in wagtail_hooks.py, which Wagtail imports).
        from wagtail.signals import page_published, page_unpublished

        from people.signals import (
            handover_duties_collect,
            handover_duty_labels,
            personal_data_export,
            position_changed,
            position_ended,
            position_started,
            profile_changed,
        )

        from . import receivers

        position_started.connect(
            receivers.on_position_event, dispatch_uid="courses_position"
        )
        position_changed.connect(
            receivers.on_position_event, dispatch_uid="courses_position_changed"
        )
        position_ended.connect(
            receivers.on_position_event, dispatch_uid="courses_position_ended"
        )
        profile_changed.connect(
            receivers.on_profile_changed, dispatch_uid="courses_profile"
        )
        handover_duties_collect.connect(
            receivers.on_handover_duties_collect, dispatch_uid="courses_handover"
        )
        handover_duty_labels.connect(
            receivers.on_handover_duty_labels, dispatch_uid="courses_handover_labels"
        )
        personal_data_export.connect(
            receivers.on_personal_data_export, dispatch_uid="courses_export"
        )
        page_published.connect(
            receivers.on_item_published_or_unpublished,
            dispatch_uid="courses_item_published",
        )
        page_unpublished.connect(
            receivers.on_item_published_or_unpublished,
            dispatch_uid="courses_item_unpublished",
        )
        from .models import StandardPage

        page_published.connect(
            receivers.on_standard_published,
            sender=StandardPage,
            dispatch_uid="courses_standard_published",
        )
        from core.signals import connect_saves_and_deletes

        from .models import Assignment, Enrolment, ItemProgress, ProgramCompletion

        connect_saves_and_deletes(
            receivers.on_learning_record_changed,
            Enrolment,
            ItemProgress,
            Assignment,
            ProgramCompletion,
            uid="courses_stamp",
        )
