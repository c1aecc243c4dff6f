from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("manage/reports/", views.dashboard, name="dashboard"),
    path("manage/reports/completion.csv", views.dashboard_csv, name="dashboard_csv"),
    path("manage/reports/completion.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path(
        "manage/reports/learners/<int:pk>/",
        views.learner_record,
        name="learner_record",
    ),
    path(
        "manage/reports/learners/<int:pk>/record.csv",
        views.learner_record_csv,
        name="learner_record_csv",
    ),
    path(
        "manage/reports/learners/<int:pk>/record.xlsx",
        views.learner_record_xlsx,
        name="learner_record_xlsx",
    ),
    path("profile/record/", views.my_record, name="my_record"),
    path("profile/record/record.csv", views.my_record_csv, name="my_record_csv"),
    path("profile/record/record.xlsx", views.my_record_xlsx, name="my_record_xlsx"),
]
