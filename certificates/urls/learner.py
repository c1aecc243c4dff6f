"""A learner's certificate pages (under the language prefix): their list, each
certificate's PDF and Open Badge."""

from django.urls import path

from ..views import learner

urlpatterns = [
    path("certificates/", learner.certificate_list, name="mine"),
    path("certificates/<str:code>/pdf/", learner.certificate_pdf, name="pdf"),
    path("certificates/<str:code>/badge/", learner.certificate_badge, name="badge"),
]
