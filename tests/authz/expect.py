"""The vocabulary of the authorization table: the answers a request can get, the
rules that say which answer each role gets, and the helpers that write them short.

An answer is one of
- "200", "400", "401", "403", "404", "405", "410": the status code;
- "login": a redirect to the site's login page (allauth), "admin-login" to the Wagtail
  admin's, "django-admin-login" to Django's admin's;
- "redirect": a redirect anywhere else; "redirect:<alias>" a redirect to one of the
  world's addresses (tests/authz/rules_pages.py: ALIASES), e.g. "redirect:course",
  where a refused learner is sent back to the course page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from .world import ROLES, World

OK = "200"
BAD = "400"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
LOGIN = "login"
REDIRECT = "redirect"

Expectation = dict[str, str]


def expect(default: str, **roles: str) -> Expectation:
    """`default` for every role but those named."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"Not roles: {sorted(unknown)}"
    return {role: roles.get(role, default) for role in ROLES}


def everyone(answer: str) -> Expectation:
    return expect(answer)


def signed_in(answer: str = OK, **roles: str) -> Expectation:
    """Anonymous visitors are sent to log in; the signed-in get `answer`."""
    return expect(answer, anonymous=LOGIN, **roles)


def own(answer: str = OK, **roles: str) -> Expectation:
    """The learner's own object: theirs (`answer`), 404 for everyone else signed in."""
    return expect(NOT_FOUND, anonymous=LOGIN, learner=answer, **roles)


def scoped(
    answer: str = OK,
    *,
    refused: str = FORBIDDEN,
    other_region: str = NOT_FOUND,
    mentor: str | None = None,
    **roles: str,
) -> Expectation:
    """An admins' page about the learner (or their region): the regional admin of the
    learner's region and the national admin get `answer`; the admin of another
    region `other_region`; the mentor `mentor` (default: refused like learners);
    learners and editors `refused`."""
    base = {
        "anonymous": LOGIN,
        "regional_admin": answer,
        "other_regional_admin": other_region,
        "national_admin": answer,
        "mentor": refused if mentor is None else mentor,
    }
    return expect(refused, **{**base, **roles})


@dataclasses.dataclass(frozen=True)
class Case:
    """One concrete URL of a pattern and the answer each role gets to a GET of it,
    and, when `post` is given, to a POST with no data (or with `post_data`).
    `holder_public`: the page shows the learner's name to anyone by design (the
    certificate verification), so the check that no page shows them to a role that
    may not see them skips it. `post_data` is called for every POST (its data may
    differ each time). `restore_cookies`: the view changes the client's cookies
    (declining consent signs the person out, the language switch sets the language
    cookie), so each role's cookies are given back after its request, for the tests
    that follow (the database, a session's row too, rolls back)."""

    url: Callable[[World], str]
    get: Expectation
    post: Expectation | None = None
    post_data: Callable[[World], dict] | None = None
    holder_public: bool = False
    restore_cookies: bool = False
    label: str = ""


def case(url, get, post=None, **kwargs) -> tuple[Case, ...]:
    return (Case(url=url, get=get, post=post, **kwargs),)


def post_only(
    url,
    post: Expectation,
    *,
    get: Expectation | None = None,
    **kwargs,
) -> tuple[Case, ...]:
    """A view that only takes POST: a GET gets 405 from the signed-in (unless `get`
    says otherwise: a check of the permission may come first), login from visitors."""
    return (Case(url=url, get=get or signed_in(NOT_ALLOWED), post=post, **kwargs),)
