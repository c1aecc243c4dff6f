"""iCalendar feeds (no language prefix: a calendar app fetches them)."""

from django.urls import path

from ..views import feeds

app_name = "scheduling_feeds"
urlpatterns = [
    path("calendar/national.ics", feeds.calendar_feed_national, name="national"),
    path(
        "calendar/region/<str:iso_code>.ics",
        feeds.calendar_feed_region,
        name="region",
    ),
    path("calendar/<str:token>.ics", feeds.calendar_feed_person, name="person"),
]
