"""attendance URLs of scheduling (language-prefixed)."""

from django.urls import path

from ..views import attendance

app_name = "scheduling_attendance"
urlpatterns = [
    path("attendance/", attendance.session_list, name="session_list"),
    path("attendance/days/<int:pk>/", attendance.day_list, name="day_list"),
    path("attendance/days/<int:pk>/marks/", attendance.day_marks, name="day_marks"),
    path(
        "attendance/days/<int:pk>/code/",
        attendance.day_check_in_code,
        name="day_check_in_code",
    ),
    path(
        "attendance/days/<int:pk>/sheet.pdf",
        attendance.day_sheet_pdf,
        name="day_sheet_pdf",
    ),
    path(
        "attendance/days/<int:pk>/sheet.<str:extension>",
        attendance.day_sheet_template,
        name="day_sheet_template",
    ),
    path(
        "attendance/days/<int:pk>/sheet/upload/",
        attendance.day_sheet_upload,
        name="day_sheet_upload",
    ),
    path(
        "attendance/check-in/<int:pk>/<str:token>/",
        attendance.check_in,
        name="check_in",
    ),
    path(
        "attendance/sessions/<int:pk>/check-in/",
        attendance.session_check_in,
        name="session_check_in",
    ),
]
