from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("manage/reports/", views.dashboard, name="dashboard"),
    path("manage/reports/completion.csv", views.dashboard_csv, name="dashboard_csv"),
    path("manage/reports/completion.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("manage/reports/targets/", views.targets, name="targets"),
    path("manage/reports/targets/new/", views.target_create, name="target_create"),
    path(
        "manage/reports/targets/<int:pk>/edit/", views.target_edit, name="target_edit"
    ),
    path(
        "manage/reports/targets/<int:pk>/delete/",
        views.target_delete,
        name="target_delete",
    ),
]
