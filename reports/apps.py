from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Every receiver of the app is connected here.
        from people.signals import personal_data_erase, personal_data_export

        from . import receivers

        personal_data_export.connect(
            receivers.on_personal_data_export, dispatch_uid="reports_export"
        )
        personal_data_erase.connect(
            receivers.on_personal_data_erase, dispatch_uid="reports_erase"
        )
