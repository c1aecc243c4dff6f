"""Middleware of the site shell."""

from .views import healthz


class HealthCheckMiddleware:
    """Answer /healthz before host validation, so load balancers and container health
    checks that call the server by its internal address (not in ALLOWED_HOSTS) get an
    answer. It must come first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
