from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Training sessions")

    def ready(self):
        # Every receiver of the app is connected here (its Wagtail hooks, panels
        # included, are registered in wagtail_hooks.py, which Wagtail imports).
        from people.signals import personal_data_erase, personal_data_export

        from . import receivers

        personal_data_export.connect(
            receivers.on_personal_data_export, dispatch_uid="scheduling_export"
        )
        personal_data_erase.connect(
            receivers.on_personal_data_erase, dispatch_uid="scheduling_erase"
        )
