"""learner URLs of scheduling (language-prefixed)."""

from django.urls import path

from ..views import feeds

app_name = "scheduling"
urlpatterns: list = [
    path("my/calendar/", feeds.calendar_feed_manage, name="calendar_feed"),
]
