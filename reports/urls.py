from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("manage/reports/", views.dashboard, name="dashboard"),
    path("manage/reports/completion.csv", views.dashboard_csv, name="dashboard_csv"),
    path("manage/reports/completion.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("manage/reports/enrolments.csv", views.enrolments_csv, name="enrolments_csv"),
    path(
        "manage/reports/enrolments.xlsx", views.enrolments_xlsx, name="enrolments_xlsx"
    ),
    path(
        "manage/reports/certificates/expiring/",
        views.expiring_certificates,
        name="expiring_certificates",
    ),
    path(
        "manage/reports/certificates/expiring.csv",
        views.expiring_certificates_csv,
        name="expiring_certificates_csv",
    ),
    path(
        "manage/reports/certificates/expiring.xlsx",
        views.expiring_certificates_xlsx,
        name="expiring_certificates_xlsx",
    ),
    path(
        "manage/reports/certificates/expiring/remind/",
        views.expiring_certificates_remind,
        name="expiring_certificates_remind",
    ),
]
