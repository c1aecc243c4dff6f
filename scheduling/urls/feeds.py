"""iCalendar feeds (no language prefix: a calendar app fetches them)."""

from django.urls import path  # noqa: F401

app_name = "scheduling_feeds"
urlpatterns: list = []
