from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("manage/reports/", views.dashboard, name="dashboard"),
    path("manage/reports/completion.csv", views.dashboard_csv, name="dashboard_csv"),
    path("manage/reports/completion.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("manage/reports/regions/", views.activity, name="activity"),
    path("manage/reports/regions.csv", views.activity_csv, name="activity_csv"),
    path("manage/reports/regions.xlsx", views.activity_xlsx, name="activity_xlsx"),
    path("manage/reports/courses/", views.by_course, name="by_course"),
    path("manage/reports/courses.csv", views.by_course_csv, name="by_course_csv"),
    path("manage/reports/courses.xlsx", views.by_course_xlsx, name="by_course_xlsx"),
]
