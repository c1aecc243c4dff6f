from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.data_export, name="data_export"),
    path("profile/delete/", views.erasure_request, name="erasure_request"),
    path("profile/delete/cancel/", views.erasure_cancel, name="erasure_cancel"),
    path("privacy/", views.privacy, name="privacy"),
]
