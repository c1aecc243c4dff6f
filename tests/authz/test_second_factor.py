"""The walk with the second factor required (LMS_MFA_REQUIRED, off for the rest of
the walk): every URL of the site and every page route sends a staff member who has
no second factor (the mentor) to set one up, but the pages that must stay open to
them (people.middleware.staff); the national admin, who has one, is sent nowhere.
The open pages are listed here, not read from the middleware: a page let through
by mistake fails here, named."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from .rules_pages import PAGE_RULES
from .test_walk import RULES
from .walk import answer_of, login_paths, report, request

pytestmark = pytest.mark.django_db

# allauth's own pages (logging in and out, the password, the e-mail addresses, the
# second factor's set-up), the page that explains, the policy and the consent
# gate's pages, the language switch, Wagtail's login for private pages, and the
# health check.
OPEN_TO_STAFF_WITHOUT_A_SECOND_FACTOR = {
    *(key for key in RULES if key.startswith(("account_", "mfa_"))),
    "people:mfa_required",
    "people:privacy",
    "people:consent",
    "people:consent_decline",
    "people:consent_declined",
    "set_language",
    "wagtailcore_login",
    "healthz",
}


def test_staff_without_a_second_factor_are_sent_to_set_it_up_from_every_page_but_the_open(
    world, clients, settings
):
    settings.LMS_MFA_REQUIRED = True
    logins = login_paths()
    with translation.override("ru"):
        set_up = f"redirect:{reverse('people:mfa_required')}"
    problems = []
    for key, cases in sorted({**RULES, **PAGE_RULES}.items()):
        with translation.override("ru"):
            path = cases[0].url(world)
        for role, expected in (
            (
                "mentor",
                "open" if key in OPEN_TO_STAFF_WITHOUT_A_SECOND_FACTOR else set_up,
            ),
            ("national_admin", "open"),
        ):
            response = request(clients[role], "GET", path)
            actual = (
                f"error: {response!r}"
                if isinstance(response, Exception)
                else answer_of(response, logins)
            )
            if (actual == set_up) != (expected == set_up):
                problems.append(("GET", path, role, expected, actual))
    assert not problems, report(problems)
