"""learner URLs of scheduling (language-prefixed): the calendars, the session page
and one's own sign-up."""

from django.urls import path

from ..views import calendar, feeds, registration

app_name = "scheduling"
urlpatterns: list = [
    path("sessions/", calendar.calendar_national, name="calendar"),
    path(
        "sessions/region/<str:iso_code>/",
        calendar.calendar_region,
        name="calendar_region",
    ),
    path("sessions/<int:pk>/", calendar.session_detail, name="session_detail"),
    path(
        "sessions/<int:pk>/register/",
        registration.session_register,
        name="session_register",
    ),
    path(
        "sessions/<int:pk>/cancel/",
        registration.registration_cancel,
        name="registration_cancel",
    ),
    path("my/calendar/", feeds.calendar_feed_manage, name="calendar_feed"),
]
