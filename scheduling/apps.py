from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Training sessions")

    def ready(self):
        # Every receiver of the app is connected here (its Wagtail hooks, panels
        # included, are registered in wagtail_hooks.py, which Wagtail imports).
        from people.signals import (
            handover_duties_collect,
            handover_duties_transfer,
            handover_duty_labels,
            personal_data_erase,
            personal_data_export,
        )

        from . import receivers

        personal_data_export.connect(
            receivers.on_personal_data_export, dispatch_uid="scheduling_export"
        )
        personal_data_erase.connect(
            receivers.on_personal_data_erase, dispatch_uid="scheduling_erase"
        )
        handover_duties_collect.connect(
            receivers.on_handover_duties_collect, dispatch_uid="scheduling_handover"
        )
        handover_duties_transfer.connect(
            receivers.on_handover_duties_transfer,
            dispatch_uid="scheduling_handover_transfer",
        )
        handover_duty_labels.connect(
            receivers.on_handover_duty_labels,
            dispatch_uid="scheduling_handover_labels",
        )
