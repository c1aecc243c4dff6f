"""allauth's forms of the second factor (settings.MFA_FORMS) with labels of our own,
in the site's three languages: the code asked at login and before a sensitive action,
and the code that confirms the set-up of an authenticator app."""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm as BaseAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as BaseReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as BaseActivateTOTPForm
from django.utils.translation import gettext_lazy as _


def _code_field(form, label) -> None:
    field = form.fields["code"]
    field.label = label
    # Six digits from the app, or eight of a recovery code: the phone's number pad.
    field.widget.attrs = {"autocomplete": "one-time-code", "inputmode": "numeric"}


class AuthenticateForm(BaseAuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code from the app, or a recovery code"))


class ReauthenticateForm(BaseReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code from the app, or a recovery code"))


class ActivateTOTPForm(BaseActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code from the app"))
