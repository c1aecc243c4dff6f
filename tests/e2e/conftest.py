"""Browser fixtures of the end-to-end tests: Chromium (Debian's) driven by Playwright
against pytest-django's live server, and the interface texts as the pages show them.

Interface texts are looked up with gettext in the page's language (`t`), so the tests
keep passing when the Russian catalogue changes (and check that it renders).
"""

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect, sync_playwright

from tests.services import chromium_or_missing

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
LANGUAGE = "ru"


def t(message: str, **values) -> str:
    """An interface text as the Russian pages show it. A text that a template writes
    as a literal of {% translate %} has its percent signs doubled in the msgid (as
    Django's template engine looks it up), so that form is tried too."""
    with translation.override(LANGUAGE):
        text = translation.gettext(message)
        if text == message and "%" in message:
            text = translation.gettext(message.replace("%", "%%")).replace("%%", "%")
    return text % values if values else text


@pytest.fixture
def browser(live_server, monkeypatch):
    """Chromium for one test; Playwright's sync API runs an event loop in this thread,
    so Django's ORM (used by the test) must be told that is fine."""
    executable = chromium_or_missing()
    expect.set_options(timeout=TIMEOUT_MS)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            # Playwright leaves its event loop set as this thread's running loop, so
            # ORM calls made meanwhile got connections of their own (asgiref keeps DB
            # connections per context while a loop runs). Close them, or PostgreSQL
            # refuses to drop the test database at the end of the session.
            connections.close_all()
            browser.close()


@pytest.fixture
def context_new(browser):
    """Opens a browser context (its own cookies: one person) in Russian; options go
    to Playwright's new_context (java_script_enabled=False, ...)."""

    def new(**options):
        context = browser.new_context(locale="ru-RU", **options)
        context.set_default_timeout(TIMEOUT_MS)
        return context

    return new


@pytest.fixture
def page(context_new):
    """A Chromium tab."""
    return context_new().new_page()


def session_start(context, user, live_server) -> None:
    """Log `user` in to the browser context, as the login form would, without the
    form: a session made by the test client, its cookie given to the browser."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
