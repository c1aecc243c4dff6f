from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _site_sync(sender, **kwargs):
    # Once per migrate, after the last app's signal, when every table exists.
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender.name != last.name:
        return
    from .services import site_sync

    site_sync()


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Site")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)

        # After every migrate, the Django and Wagtail sites take LMS_PUBLIC_URL's host.
        post_migrate.connect(_site_sync, dispatch_uid="lms_site_sync")
