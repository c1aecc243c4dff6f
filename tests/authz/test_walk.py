"""The authorization walk: every URL pattern of the site, with every role, against the
table of expected answers (rules_site.py, rules_access.py, rules_scheduling.py,
rules_pages.py, rules_admin.py). A URL pattern, a page model or a page route without
a rule fails here, named, so that a new URL is classified before it ships.

How each part of the URLconf is covered:
- the site's own patterns (with the language prefix of i18n_patterns, and the few
  without it: the QR code's short link, Open Badges, calendar feeds, health check,
  documents): each with real objects of the learner's, GET by every role, and POST
  (no data) where the view takes POST, so a refused role is shown to be refused
  before its input is looked at;
- Wagtail's serve pattern: every creatable page model, each route of it;
- allauth's pages: their own rules like the site's (rules_site.ACCOUNTS);
- Wagtail's admin: one rule for the whole area (rules_admin.py): every pattern,
  parameters filled with samples, sends everyone without admin access to the admin
  login; its few public pages are listed; the project's own admin views get
  explicit answers for editors and national admins;
- Django's admin: one rule: nobody of the site's roles is staff, so every pattern
  sends everyone to its login page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.test_architecture import APPS

from .patterns import (
    page_models,
    page_route_key,
    page_routes,
    sample_path,
    url_patterns,
)
from .rules_access import ACCESS_RULES
from .rules_admin import (
    ADMIN_OWN,
    ADMIN_PUBLIC,
    DJANGO_ADMIN_PUBLIC,
    ERROR_TEST,
    NO_ADMIN_ACCESS,
    WITH_ADMIN_ACCESS,
)
from .rules_pages import PAGE_RULES, aliases
from .rules_scheduling import SCHEDULING_AND_ODD
from .rules_site import SITE_RULES
from .walk import (
    answer_of,
    leaks,
    login_paths,
    matches,
    report,
    request,
    walk_rule,
)

RULES = {**SITE_RULES, **ACCESS_RULES, **SCHEDULING_AND_ODD}
# The one pattern behind every page: walked page by page (PAGE_RULES).
SERVE = "wagtail_serve"
LOGOUT = "wagtailadmin_logout"

pytestmark = pytest.mark.django_db


def _patterns(area: str):
    return [p for p in url_patterns() if p.area == area]


def test_every_url_pattern_has_a_rule():
    keys = {p.key for p in _patterns("site")} - {SERVE}
    assert sorted(keys - set(RULES)) == [], "URL patterns without a rule"
    assert sorted(set(RULES) - keys) == [], "Rules of URL patterns that are gone"


def test_every_page_route_has_a_rule():
    keys = {
        page_route_key(model, route)
        for model in page_models()
        for route in page_routes(model)
    }
    assert sorted(keys - set(PAGE_RULES)) == [], "Page routes without a rule"
    assert sorted(set(PAGE_RULES) - keys) == [], "Rules of page routes that are gone"


def test_every_project_admin_view_has_a_rule():
    """The Wagtail admin's patterns whose views are the project's own."""
    own = {p.key for p in _patterns("admin") if p.view.split(".")[0] in APPS}
    assert sorted(own - set(ADMIN_OWN)) == [], "Project admin views without a rule"


def test_the_admin_rules_name_existing_patterns():
    admin = {p.key for p in _patterns("admin")}
    django_admin = {p.key for p in _patterns("django_admin")}
    assert sorted((set(ADMIN_PUBLIC) | set(ADMIN_OWN)) - admin) == []
    assert sorted(set(DJANGO_ADMIN_PUBLIC) - django_admin) == []


@pytest.mark.parametrize("key", sorted(RULES))
def test_site_url(key, world, clients):
    problems = walk_rule(clients, world, RULES[key], aliases(world))
    assert not problems, report(problems)


@pytest.mark.parametrize("key", sorted(PAGE_RULES))
def test_page_route(key, world, clients):
    problems = walk_rule(clients, world, PAGE_RULES[key], aliases(world))
    assert not problems, report(problems)


def _walk_area(world, clients, patterns, roles, expected_for):
    logins = login_paths()
    problems = []
    for pattern in patterns:
        path = sample_path(pattern)
        for role in roles:
            expected = expected_for(pattern, role)
            response = request(clients[role], "GET", path)
            actual = (
                f"error: {type(response).__name__}"
                if isinstance(response, Exception)
                else answer_of(response, logins)
            )
            if not matches(expected, actual, {}):
                problems.append(("GET", path, role, expected, actual))
            elif not isinstance(response, Exception):
                problems += [
                    ("GET", path, role, f"an answer without {who}", f"showing {who}")
                    for who in leaks(response, role, world)
                ]
    return problems


def test_wagtail_admin_sends_everyone_without_admin_access_to_its_login(world, clients):
    def expected(pattern, role):
        public = ADMIN_PUBLIC.get(pattern.key)
        return public[role] if public else "admin-login"

    problems = _walk_area(world, clients, _patterns("admin"), NO_ADMIN_ACCESS, expected)
    assert not problems, report(problems)


@pytest.mark.parametrize("key", sorted(ADMIN_OWN))
def test_the_projects_admin_views(key, world, clients):
    problems = walk_rule(clients, world, ADMIN_OWN[key], aliases(world))
    assert not problems, report(problems)


def test_django_admin_sends_every_role_to_its_login(world, clients):
    def expected(pattern, role):
        public = DJANGO_ADMIN_PUBLIC.get(pattern.key)
        return public[role] if public else "django-admin-login"

    problems = _walk_area(
        world, clients, _patterns("django_admin"), list(clients), expected
    )
    assert not problems, report(problems)


# wagtail_localize's translations listing paginates an unordered queryset.
@pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning")
def test_wagtail_admin_answers_editors_and_national_admins_without_a_server_error(
    world, clients
):
    """Inside the admin Wagtail's permissions decide; every pattern answers the two
    roles with access without a server error, and no page an editor gets shows a
    learner (editors have none in their scope)."""
    problems = []
    for pattern in _patterns("admin"):
        if pattern.key == ERROR_TEST:
            continue
        path = sample_path(pattern)
        for role in WITH_ADMIN_ACCESS:
            cookies = clients[role].cookies.copy()
            response = request(clients[role], "GET", path)
            if pattern.key == LOGOUT:
                # Wagtail's logout drops the session cookie even when it refuses a
                # GET (405): the client gets its own back for the tests that follow.
                clients[role].cookies = cookies
            if isinstance(response, Exception):
                problems.append(
                    ("GET", path, role, "an answer", f"error: {response!r}"[:200])
                )
            elif response.status_code >= 500:
                problems.append(
                    ("GET", path, role, "an answer", str(response.status_code))
                )
            else:
                problems += [
                    ("GET", path, role, f"an answer without {who}", f"showing {who}")
                    for who in leaks(response, role, world)
                ]
    assert not problems, report(problems)


@pytest.mark.parametrize(
    ("role", "name", "seen"),
    [
        ("regional_admin", "courses:learner_detail", ["the learner"]),
        ("regional_admin", "reports:enrolments_csv", ["the learner"]),
        ("regional_admin", "reports:enrolments_xlsx", ["the learner"]),
        (
            "national_admin",
            "reports:enrolments_xlsx",
            ["the learner", "the other region's learner"],
        ),
    ],
)
def test_the_walk_finds_a_learner_where_a_page_shows_them(
    role, name, seen, world, clients
):
    """The check for learners shown where they may not be reads HTML, CSV and XLSX:
    asked as if by the editor (who may see nobody), it finds them in pages that show
    them."""
    args = [world.learner.pk] if name == "courses:learner_detail" else []
    with translation.override("ru"):
        response = clients[role].get(reverse(name, args=args))

    assert response.status_code == 200
    assert leaks(response, "editor", world) == seen
