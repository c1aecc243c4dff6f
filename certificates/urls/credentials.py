"""Addresses without a language prefix, stable for as long as certificates live: the QR
code's short link, and the Open Badges issuer profile, key and status list."""

from django.urls import path

from ..views import credentials, public

app_name = "credentials"

urlpatterns = [
    path("v/<str:code>", public.verify_short, name="verify_short"),
    path("credentials/issuer", credentials.issuer_profile, name="issuer"),
    path("credentials/jwks.json", credentials.jwks, name="jwks"),
    path("credentials/status/revocation", credentials.status_list, name="status_list"),
]
