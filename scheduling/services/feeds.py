"""A person's private calendar feed: made on demand, its token revocable."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from people.models import User

from ..models import CalendarFeed
from ..models.planning import _feed_token


def calendar_feed_get_or_create(*, person: User) -> CalendarFeed:
    """The person's calendar feed, made with a fresh token the first time (two
    requests at once make one)."""
    feed = CalendarFeed.objects.filter(person=person).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(person=person)
    except IntegrityError:
        return CalendarFeed.objects.get(person=person)


def calendar_feed_revoke(*, person: User) -> CalendarFeed:
    """Replace the person's feed token by a new one: the old address answers 404
    from now on. Makes the feed if there was none."""
    feed = calendar_feed_get_or_create(person=person)
    feed.token = _feed_token()
    feed.save(update_fields=["token", "updated_at"])
    return feed
