"""Certificate pages for learners and the public (under the language prefix)."""

from django.urls import path

from .views import learner, public

app_name = "certificates"

urlpatterns = [
    path("certificates/", learner.certificate_list, name="mine"),
    path("certificates/<str:code>/pdf/", learner.certificate_pdf, name="pdf"),
    path("certificates/<str:code>/badge/", learner.certificate_badge, name="badge"),
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/<str:code>/", public.verify_page, name="verify"),
    path("verify/<str:code>/json/", public.verify_json, name="verify_json"),
]
