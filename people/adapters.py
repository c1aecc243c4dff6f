"""django-allauth adapter: where people land after logging in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation


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
