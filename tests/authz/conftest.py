"""The walk's world, built once for the package inside a transaction that is rolled
back at its end (each test's own transaction rolls back to it), and a client per
role, signed in once."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client, override_settings

from .world import ROLES, build_world


@pytest.fixture(scope="package")
def _walk_media(tmp_path_factory):
    return tmp_path_factory.mktemp("walk-media")


@pytest.fixture(autouse=True)
def _media_root(_walk_media, settings):
    """The world's files (a submission, a document) stay where it put them for the
    whole package (tests/conftest.py gives each test a media root of its own)."""
    settings.MEDIA_ROOT = _walk_media / "media"
    settings.PRIVATE_MEDIA_ROOT = _walk_media / "private"


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, _walk_media):
    media = override_settings(
        MEDIA_ROOT=_walk_media / "media", PRIVATE_MEDIA_ROOT=_walk_media / "private"
    )
    with media, django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="package")
def clients(world, django_db_blocker) -> dict[str, Client]:
    """A client per role (in the order of ROLES), signed in; sessions are kept in
    the database (cached_db), so they outlive each test's cache clearing."""
    found = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if world.users[role] is not None:
                client.force_login(world.users[role])
            found[role] = client
    return found


def pytest_terminal_summary(terminalreporter):
    """One line: how much of the site the walk covered."""
    from .patterns import page_models, page_routes, url_patterns
    from .walk import REQUESTS

    if not REQUESTS["count"]:
        return
    patterns = url_patterns()
    areas = {
        area: sum(p.area == area for p in patterns)
        for area in ("site", "admin", "django_admin")
    }
    routes = sum(len(page_routes(model)) for model in page_models())
    terminalreporter.write_line(
        f"authorization walk: {len(patterns)} URL patterns ({areas['site']} of the "
        f"site, {areas['admin']} of Wagtail's admin, {areas['django_admin']} of "
        f"Django's admin) and {routes} page routes, {len(ROLES)} roles, "
        f"{REQUESTS['count']} requests"
    )
