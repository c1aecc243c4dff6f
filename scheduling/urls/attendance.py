"""attendance URLs of scheduling (language-prefixed)."""

from django.urls import path  # noqa: F401

app_name = "scheduling_attendance"
urlpatterns: list = []
