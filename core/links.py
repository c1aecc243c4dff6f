"""Absolute links to the platform: in e-mails (allauth's too), certificate PDFs and QR
codes, Open Badges credentials.

They are all built on one base, settings.LMS_PUBLIC_URL, whatever host a request came
in on (an internal address, a health check) and whether there is a request at all (a
Celery task). The Django and Wagtail sites are kept at the same address by
lms.services.site_sync.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def public_base() -> str:
    """LMS_PUBLIC_URL without a trailing slash, e.g. https://academy.example.kz."""
    return settings.LMS_PUBLIC_URL.rstrip("/")


def public_url(path: str) -> str:
    """The absolute public address of a path of ours ("/ru/verify/...")."""
    return public_base() + path


def public_url_rebased(url: str) -> str:
    """An absolute URL of ours, built on whatever host, moved onto the public base."""
    parts = urlsplit(url)
    rebased = public_url(parts.path or "/")
    if parts.query:
        rebased += f"?{parts.query}"
    if parts.fragment:
        rebased += f"#{parts.fragment}"
    return rebased


def public_page_url(page) -> str:
    """The public address of a Wagtail page (with its language prefix); "" when the
    page is not routable."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    _site_id, _root_url, page_path = parts
    return public_url(page_path)


def public_domain() -> str:
    """The host (and port, when not the scheme's own) of the public address."""
    return urlsplit(public_base()).netloc


def public_url_problems() -> list[str]:
    """Why LMS_PUBLIC_URL cannot be what credentials and e-mails point to in
    production: not https, no host, or a loopback host that only this machine can
    reach. Empty when it is fine."""
    parts = urlsplit(public_base())
    problems = []
    if parts.scheme != "https":
        problems.append("its scheme is not https")
    host = (parts.hostname or "").lower()
    if not host:
        problems.append("it has no host")
    elif host in LOOPBACK_NAMES or host.endswith(".localhost") or _is_loopback(host):
        problems.append(f"its host {host} is this machine")
    return problems


def _is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
