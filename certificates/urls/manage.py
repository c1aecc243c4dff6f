"""Certificate pages for admins of learners (under the language prefix)."""

from django.urls import path

from ..views import manage

app_name = "certificates_manage"

urlpatterns = [
    path("manage/certificates/", manage.certificate_list, name="list"),
    path("manage/certificates/<int:pk>/", manage.certificate_detail, name="detail"),
    path(
        "manage/certificates/<int:pk>/revoke/",
        manage.certificate_revoke,
        name="revoke",
    ),
]
