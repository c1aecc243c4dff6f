from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _roles_sync(sender, **kwargs):
    from .services import roles_sync

    roles_sync()


class PeopleConfig(AppConfig):
    default = True
    name = "people"
    verbose_name = _("People")

    def ready(self):
        # After every migrate (permissions exist by then), make role groups match people.roles.
        post_migrate.connect(_roles_sync, dispatch_uid="people_roles_sync")


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our full-name user model's forms."""

    user_viewset = "people.viewsets.UserViewSet"
