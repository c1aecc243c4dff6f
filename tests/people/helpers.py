"""Small helpers shared by the people tests."""

import datetime

from django.utils import timezone, translation

from people.models import User

PASSWORD = "correct-horse-battery"  # UserFactory's password


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def years_ago(years: int, *, days: int = 0) -> datetime.date:
    """The date `years` whole years before today (28 Feb for 29 Feb), shifted by `days`."""
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return day + datetime.timedelta(days=days)


def profile_data(user: User, **overrides) -> dict:
    """The profile form as `user` would post it, with `overrides`."""
    data = {
        "full_name": user.full_name,
        "region": user.region_id,
        "organization_kind": user.organization_kind,
        "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else "",
        "preferred_language": user.preferred_language,
    }
    data.update(overrides)
    return data


def in_language(message, language: str = "ru") -> str:
    """A lazy message as a page in `language` shows it."""
    with translation.override(language):
        return str(message)
