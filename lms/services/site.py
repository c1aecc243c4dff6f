"""State changes of the site shell: the sites' name and host (site_sync)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from django.db import transaction
from wagtail.models import Site as WagtailSite

from core.links import public_base, public_domain


@transaction.atomic
def site_sync() -> bool:
    """Name the Django site "Birgemiz Academy" and give it, and Wagtail's default site,
    the host of LMS_PUBLIC_URL (idempotent; runs after every migrate).

    allauth's e-mails name the Django site and its domain; Wagtail builds full page
    URLs from its site's host and port. Returns True when something changed.
    """
    changed = False
    name, domain = settings.WAGTAIL_SITE_NAME, public_domain()
    site = DjangoSite.objects.filter(pk=settings.SITE_ID).first()
    if site is None:
        DjangoSite.objects.create(pk=settings.SITE_ID, name=name, domain=domain)
        changed = True
    elif (site.name, site.domain) != (name, domain):
        site.name, site.domain = name, domain
        site.save(update_fields=["name", "domain"])
        changed = True
    DjangoSite.objects.clear_cache()
    parts = urlsplit(public_base())
    hostname = parts.hostname or "localhost"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    wagtail_site = WagtailSite.objects.filter(is_default_site=True).first()
    taken = (
        WagtailSite.objects.filter(hostname=hostname, port=port)
        .exclude(is_default_site=True)
        .exists()
    )
    if (
        wagtail_site is not None
        and not taken
        and (wagtail_site.hostname, wagtail_site.port) != (hostname, port)
    ):
        wagtail_site.hostname, wagtail_site.port = hostname, port
        wagtail_site.save(update_fields=["hostname", "port"])
        changed = True
    return changed
