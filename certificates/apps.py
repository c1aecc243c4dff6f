from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_log_actions(actions):
    actions.register_action(
        "certificates.revoke", _("Revoke a certificate"), _("Certificate revoked")
    )


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from wagtail import hooks

        from . import panels, receivers  # noqa: F401 (panels registers hooks)

        hooks.register("register_log_actions", register_log_actions)
        receivers.connect()
