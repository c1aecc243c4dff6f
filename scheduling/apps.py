from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Training sessions")

    def ready(self):
        # Every receiver of the app is connected here (its Wagtail hooks, panels
        # included, are registered in wagtail_hooks.py, which Wagtail imports).
        pass
