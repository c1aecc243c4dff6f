"""django-allauth adapters: where people land after logging in, where the links of its
e-mails lead, whose address a request is (for allauth's rate limits), and the QR
code of the second factor's set-up."""

import re
from types import SimpleNamespace

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.http import client_ip
from core.links import public_domain, public_url, public_url_rebased

# The links allauth puts in its e-mails' contexts (account/email/*.txt).
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        user = request.user
        language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            default = reverse("courses:my_learning")
        # allauth honours a safe ?next= itself and asks us only when there is none.
        return default

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)

    def get_client_ip(self, request):
        # allauth's rate limits (failed logins, sign-ups, password resets) count per
        # client, and the client is the one the platform's own limits count: behind
        # the trusted proxies of LMS_TRUSTED_PROXY_COUNT, not the proxy itself.
        return client_ip(request)

    # allauth builds its links from the request's host, or without a request from
    # the Django site: either may be an internal address. They go to the public one.

    def get_reset_password_from_key_url(self, key):
        return public_url_rebased(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return public_url(
            reverse("account_confirm_email", args=[emailconfirmation.key])
        )

    # allauth's e-mails name the site ("Hello from ...", the subject's prefix): by
    # the platform's name in the e-mail's language, not the Django site's English one.

    def format_email_subject(self, subject):
        if app_settings.EMAIL_SUBJECT_PREFIX is not None:
            return super().format_email_subject(subject)
        return f"[{gettext('Birgemiz Academy')}] {subject}"

    def send_mail(self, template_prefix, email, context):
        # The sign-up link of "unknown account" and "account exists" mails is built
        # by allauth's flows, not by a hook of ours: move every link onto the public
        # address here, where all of allauth's e-mails pass.
        context = {
            **context,
            "current_site": SimpleNamespace(
                name=gettext("Birgemiz Academy"), domain=public_domain()
            ),
            **{
                name: public_url_rebased(context[name])
                for name in EMAIL_LINKS
                if context.get(name)
            },
        }
        super().send_mail(template_prefix, email, context)


_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        # Shown inline in the page (templates/mfa/totp/activate_form.html): the
        # Content-Security-Policy allows no data: image. An <svg> element, then,
        # without the XML declaration, named for screen readers.
        svg = _XML_PROLOG.sub("", super().build_totp_svg(url))
        label = escape(gettext("QR code for your authenticator app"))
        return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
