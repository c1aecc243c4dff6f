"""The real site's URLs, after one the benchmark measures every page against: a view
that only answers "ok", through the same middleware as every page."""

from django.http import HttpResponse
from django.urls import path

from lms.urls import urlpatterns as site_urlpatterns

BARE_PATH = "bench/bare/"


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path(BARE_PATH, bare), *site_urlpatterns]
