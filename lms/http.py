"""Request helpers shared by apps."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

# A proxy's stamp older than this is not believed (a clock gone wrong, or a forgery).
MAX_QUEUE_SECONDS = 300


def request_received_at(request) -> datetime.datetime:
    """When the request reached the platform.

    Under load a request can wait in the web server's queue for many seconds; a quiz
    answer sent before the time limit must not count as late because of that. A
    reverse proxy that stamps the arrival time in the header named by
    LMS_REQUEST_START_HEADER (nginx: `proxy_set_header X-Request-Start "t=${msec}";`,
    which also overwrites whatever the client sent) gives that time; without the
    setting, or with a stamp in the future or older than five minutes, it is now.
    """
    now = timezone.now()
    header = settings.LMS_REQUEST_START_HEADER
    if not header:
        return now
    raw = request.headers.get(header, "").strip().removeprefix("t=")
    try:
        seconds = float(raw)
        # nginx sends seconds with milliseconds; some proxies send milli- or
        # microseconds.
        if seconds > 1e14:
            seconds /= 1e6
        elif seconds > 1e11:
            seconds /= 1e3
        stamp = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return now
    if stamp > now or now - stamp > datetime.timedelta(seconds=MAX_QUEUE_SECONDS):
        return now
    return stamp


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted reverse proxy the
    address it passes in the header named by LMS_CLIENT_IP_HEADER. Of a list
    (X-Forwarded-For: client, proxy1, ...) the last entry is taken: the one our own
    proxy appended, which a client cannot forge."""
    header = settings.LMS_CLIENT_IP_HEADER
    if header:
        entries = [e.strip() for e in request.headers.get(header, "").split(",")]
        entries = [e for e in entries if e]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"
