"""iCalendar feeds (a person's private one by its token, a region's and the national
one), without a language prefix: a calendar app fetches them, `?lang=` picks the
language. And the page where a signed-in person finds, copies or revokes the address
of their own feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.links import public_url
from people.models import Region

from .. import selectors, services
from ..ical import feed_language, sessions_calendar


def _ics_response(calendar, *, filename: str, private: bool) -> HttpResponse:
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # The address is a secret: kept out of shared caches, search engines and
        # the Referer of any link followed from it.
        response["Cache-Control"] = "private, max-age=900"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
def calendar_feed_person(request: HttpRequest, token: str) -> HttpResponse:
    """A person's own feed: their sessions (registered, waitlisted, awaiting
    approval) and those they train. 404 for an unknown or revoked token."""
    feed = selectors.calendar_feed_by_token(token=token)
    if feed is None:
        raise Http404
    language = feed_language(request.GET.get("lang"))
    sessions, states = selectors.session_list_for_person_feed(person=feed.person)
    calendar = sessions_calendar(
        sessions=sessions,
        language=language,
        name=_feed_name(language, "person"),
        private=True,
        states=states,
    )
    return _ics_response(calendar, filename="my-sessions.ics", private=True)


@require_safe
def calendar_feed_region(request: HttpRequest, iso_code: str) -> HttpResponse:
    """A region's public feed: its sessions and the national ones, never drafts."""
    region = get_object_or_404(Region, iso_code__iexact=iso_code)
    language = feed_language(request.GET.get("lang"))
    name = _feed_name(language, "region", region=region)
    calendar = sessions_calendar(
        sessions=selectors.session_list_for_public_feed(region=region),
        language=language,
        name=name,
    )
    return _ics_response(
        calendar, filename=f"sessions-{region.iso_code.lower()}.ics", private=False
    )


@require_safe
def calendar_feed_national(request: HttpRequest) -> HttpResponse:
    """The national public feed: the sessions of every region and the national
    ones, never drafts."""
    language = feed_language(request.GET.get("lang"))
    calendar = sessions_calendar(
        sessions=selectors.session_list_for_public_feed(region=None),
        language=language,
        name=_feed_name(language, "national"),
    )
    return _ics_response(calendar, filename="sessions-national.ics", private=False)


def _feed_name(language: str, kind: str, region: Region | None = None) -> str:
    """The name a calendar app shows for the feed, in its language."""
    with translation.override(language):
        if kind == "person":
            return _("Birgemiz Academy: my training sessions")
        if kind == "region":
            return _("Birgemiz Academy: training sessions, %(region)s") % {
                "region": region.name
            }
        return _("Birgemiz Academy: training sessions in Kazakhstan")


def _feed_links(token: str) -> list[dict]:
    path = reverse("scheduling_feeds:person", args=[token])
    links = []
    for code, name in settings.LANGUAGES:
        url = public_url(f"{path}?lang={code}")
        links.append(
            {
                "code": code,
                "name": str(name),
                "url": url,
                "webcal": "webcal://" + url.split("://", 1)[1],
            }
        )
    return links


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_manage(request: HttpRequest) -> HttpResponse:
    """The signed-in person's feed address: shown to copy, made on request, and
    replaced by a new one on request (the old one stops working)."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            services.calendar_feed_revoke(person=request.user)
            messages.success(
                request,
                _(
                    "Your calendar has a new address. The old one no longer works: "
                    "subscribe again with the new one."
                ),
            )
        else:
            services.calendar_feed_get_or_create(person=request.user)
            messages.success(request, _("Your calendar address is ready."))
        return redirect("scheduling:calendar_feed")
    feed = selectors.calendar_feed_get(person=request.user)
    language = request.LANGUAGE_CODE
    links = _feed_links(feed.token) if feed is not None else []
    current = next((link for link in links if link["code"] == language), None)
    if current is None and links:
        current = links[0]
    return render(
        request,
        "scheduling/feeds/calendar_feed_manage.html",
        {"feed": feed, "links": links, "current": current},
    )
