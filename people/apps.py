from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _roles_sync(sender, **kwargs):
    # post_migrate is sent once per app with models, in INSTALLED_APPS order, and each
    # app's permissions are created on its own signal: sync after the last one, when
    # every permission exists.
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender.name != last.name:
        return
    from .services import roles_sync

    roles_sync()


class PeopleConfig(AppConfig):
    default = True
    name = "people"
    verbose_name = _("People")

    def ready(self):
        # After every migrate, make the role groups match people.roles.
        post_migrate.connect(_roles_sync, dispatch_uid="people_roles_sync")

        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete

        from core.signals import connect_saves_and_deletes

        from . import receivers
        from .models import User

        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                receivers.on_permissions_changed,
                sender=through,
                dispatch_uid=f"people_perms_{through.__name__}",
            )
        post_delete.connect(
            receivers.on_permissions_changed, sender=Group, dispatch_uid="people_group"
        )
        # The signed-in user is memoized too (people.backends).
        connect_saves_and_deletes(receivers.on_user_changed, User, uid="people_user")

        # The protections of staff sessions (people.middleware) and the audit entries
        # of second factors switched on and off.
        from allauth.mfa.signals import authenticator_added, authenticator_removed
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(receivers.on_user_logged_in, dispatch_uid="people_login")
        authenticator_added.connect(
            receivers.on_authenticator_added, dispatch_uid="people_mfa_added"
        )
        authenticator_removed.connect(
            receivers.on_authenticator_removed, dispatch_uid="people_mfa_removed"
        )


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our full-name user model's forms."""

    user_viewset = "people.viewsets.UserViewSet"
