"""manage URLs of scheduling (language-prefixed): the admins' and trainers' session
pages and the training-cadence compliance."""

from django.urls import path

from ..views import compliance, manage

app_name = "scheduling_manage"
urlpatterns: list = [
    path("manage/sessions/", manage.session_list, name="session_list"),
    path("manage/sessions/new/", manage.session_create, name="create"),
    path("manage/sessions/compliance/", compliance.compliance, name="compliance"),
    path("manage/sessions/<int:pk>/", manage.session_detail, name="detail"),
    path("manage/sessions/<int:pk>/edit/", manage.session_edit, name="edit"),
    path("manage/sessions/<int:pk>/status/", manage.session_status, name="status"),
    path("manage/sessions/<int:pk>/cancel/", manage.session_cancel, name="cancel"),
    path(
        "manage/sessions/<int:pk>/register/",
        manage.session_register_person,
        name="register",
    ),
    path(
        "manage/sessions/registrations/<int:pk>/approve/",
        manage.registration_approve,
        name="registration_approve",
    ),
    path(
        "manage/sessions/registrations/<int:pk>/refuse/",
        manage.registration_refuse,
        name="registration_refuse",
    ),
    path(
        "manage/sessions/registrations/<int:pk>/cancel/",
        manage.registration_cancel,
        name="registration_cancel",
    ),
]
