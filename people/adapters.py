"""django-allauth adapter: where people land after logging in, and whose address a
request is (for allauth's rate limits)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from lms.http import client_ip


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
