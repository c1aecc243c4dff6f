from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("manage/reports/", views.dashboard, name="dashboard"),
    path("manage/reports/refresh/", views.dashboard_refresh, name="dashboard_refresh"),
    path("manage/reports/completion.csv", views.dashboard_csv, name="dashboard_csv"),
    path("manage/reports/completion.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("manage/reports/subscriptions/", views.subscriptions, name="subscriptions"),
    path(
        "manage/reports/subscriptions/new/",
        views.subscription_create,
        name="subscription_create",
    ),
    path(
        "manage/reports/subscriptions/<int:pk>/cancel/",
        views.subscription_cancel,
        name="subscription_cancel",
    ),
    path("manage/reports/audit/", views.audit, name="audit"),
    path("manage/reports/audit.csv", views.audit_csv, name="audit_csv"),
    path("manage/reports/audit.xlsx", views.audit_xlsx, name="audit_xlsx"),
    path("manage/reports/regions/", views.activity, name="activity"),
    path("manage/reports/regions.csv", views.activity_csv, name="activity_csv"),
    path("manage/reports/regions.xlsx", views.activity_xlsx, name="activity_xlsx"),
    path("manage/reports/courses/", views.by_course, name="by_course"),
    path("manage/reports/courses.csv", views.by_course_csv, name="by_course_csv"),
    path("manage/reports/courses.xlsx", views.by_course_xlsx, name="by_course_xlsx"),
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
    path("manage/reports/overdue.csv", views.overdue_csv, name="overdue_csv"),
    path("manage/reports/overdue.xlsx", views.overdue_xlsx, name="overdue_xlsx"),
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
