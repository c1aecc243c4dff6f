"""The public verification pages (under the language prefix): the form, a
certificate's page and its JSON."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/<str:code>/", public.verify_page, name="verify"),
    path("verify/<str:code>/json/", public.verify_json, name="verify_json"),
]
