"""Request helpers shared by apps: who sent a request, and when it arrived.

Both depend on one switch, settings.LMS_TRUSTED_PROXY_COUNT: how many reverse proxies
of ours stand in front of the web workers. With none (0), REMOTE_ADDR is the client and
a request arrived when a worker took it; headers that claim otherwise are the client's
own words and are ignored. Behind N proxies the client's address and the arrival stamp
come from the headers those proxies set (see README, "Behind a reverse proxy").
"""

from __future__ import annotations

import datetime
import ipaddress

from django.conf import settings
from django.utils import timezone

# A proxy's stamp older than this is not believed (a clock gone wrong, or a forgery).
MAX_QUEUE_SECONDS = 300
# What nginx and most proxies use; LMS_CLIENT_IP_HEADER / LMS_REQUEST_START_HEADER
# name others (X-Real-IP, CF-Connecting-IP, X-Queue-Start).
CLIENT_IP_HEADER = "X-Forwarded-For"
REQUEST_START_HEADER = "X-Request-Start"


def trusted_proxy_count() -> int:
    """How many reverse proxies of ours pass requests on (0: clients talk to us)."""
    return max(int(settings.LMS_TRUSTED_PROXY_COUNT or 0), 0)


def request_received_at(request) -> datetime.datetime:
    """When the request reached the platform.

    Under load a request can wait in the web server's queue for many seconds; a quiz
    answer sent before the time limit must not count as late because of that. Behind
    a trusted proxy that stamps the arrival time in X-Request-Start (nginx:
    `proxy_set_header X-Request-Start "t=${msec}";`, which also overwrites whatever
    the client sent) that time is taken; without a proxy, or with a stamp in the
    future or older than five minutes, it is now.
    """
    now = timezone.now()
    if not trusted_proxy_count():
        return now
    header = settings.LMS_REQUEST_START_HEADER or REQUEST_START_HEADER
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
    """The client's address, for rate limits (the platform's and allauth's alike).

    Without a trusted proxy: REMOTE_ADDR. Behind N proxies of ours, each appends the
    address it got the request from to X-Forwarded-For (nginx:
    `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`), so the Nth entry
    from the end is the client as our outermost proxy saw it; entries before it were
    written by the client and prove nothing. A proxy that passes the client in a
    header of its own (X-Real-IP) sets it alone: its value is taken.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    count = trusted_proxy_count()
    if not count:
        return remote
    header = settings.LMS_CLIENT_IP_HEADER or CLIENT_IP_HEADER
    entries = [e.strip() for e in request.headers.get(header, "").split(",")]
    entries = [e for e in entries if e]
    if not entries:
        return remote
    if header.lower() == CLIENT_IP_HEADER.lower():
        # Fewer entries than proxies: the request entered behind the outermost one
        # and every entry was written by a proxy of ours; the first is the client.
        address = entries[-count] if len(entries) >= count else entries[0]
    else:
        address = entries[-1]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:  # not an address: a proxy set up wrong; count the proxy
        return remote
