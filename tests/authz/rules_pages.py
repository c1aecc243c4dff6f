"""Wagtail's serve pattern, page by page: every creatable page model and each of its
routes (RoutablePageMixin), with the answer every role gets. A page model or a route
missing here fails test_every_page_route_has_a_rule.

Course items (lessons, quizzes, assignments...) are for the learners enrolled in
their course, and for those who may edit the page (the national admin and the
editor preview them); anyone else signed in is sent to the course page to enrol
(courses.views.course_item_access). A learner's attempt or file stays theirs: an
editor who may open the quiz gets 404 for the learner's attempt.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from .expect import (
    BAD,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    case,
    everyone,
    expect,
)

TO_COURSE = "redirect:course"


def page(key: str, route: str = "", *args):
    def build(w):
        target = w.pages[key]
        path = target.get_url()
        if route:
            path += target.reverse_subpage(
                route, args=[a(w) if callable(a) else a for a in args]
            )
        return path

    return build


# Addresses of the site a rule may name as a redirect's target ("redirect:<alias>").
SITE_ALIASES = {
    # allauth's re-authentication (the password), before its sensitive pages.
    "reauthenticate": "account_reauthenticate",
    "mfa_index": "mfa_index",
    "consent_declined": "people:consent_declined",
    # Where a signed-in person goes after a login (LOGIN_REDIRECT_URL).
    "my_learning": "courses:my_learning",
}


def aliases(w) -> dict[str, str]:
    """The addresses "redirect:<alias>" names."""
    with translation.override("ru"):
        site = {alias: reverse(name) for alias, name in SITE_ALIASES.items()}
    return {
        **{name: w.pages[name].get_url() for name in ("course", "quiz", "assignment")},
        **site,
    }


# An item's page: the enrolled learners, and those who may edit it.
ITEM = expect(
    TO_COURSE,
    anonymous=LOGIN,
    learner=OK,
    other_learner=OK,
    national_admin=OK,
    editor=OK,
)
# A route of an item that takes only POST, as a GET.
ITEM_POST_ONLY = expect(
    TO_COURSE,
    anonymous=LOGIN,
    learner=NOT_ALLOWED,
    other_learner=NOT_ALLOWED,
    national_admin=NOT_ALLOWED,
    editor=NOT_ALLOWED,
)
# An item's action, posted: the enrolled learners' goes through (each their own);
# the editors, not enrolled, are sent back to the course.
ITEM_ACTION = expect(
    TO_COURSE, anonymous=LOGIN, learner=REDIRECT, other_learner=REDIRECT
)
# The learner's own attempt (or file): theirs; 404 for the other learner and the
# editors, who may open the quiz.
ATTEMPT = expect(
    TO_COURSE,
    anonymous=LOGIN,
    learner=OK,
    other_learner=NOT_FOUND,
    national_admin=NOT_FOUND,
    editor=NOT_FOUND,
)


def attempt_open(w):
    return w.attempt_open.pk


def attempt_submitted(w):
    return w.attempt_submitted.pk


PAGE_RULES = {
    "page:lms.homepage": case(page("home"), everyone(OK)),
    "page:courses.catalogpage": case(page("catalog"), everyone(OK)),
    "page:courses.programpage": case(page("program"), everyone(OK)),
    "page:courses.coursepage": case(page("course"), everyone(OK)),
    "page:courses.coursepage:enrol": case(
        page("course", "enrol"),
        everyone(NOT_ALLOWED),
        post=expect(REDIRECT, anonymous=LOGIN),
    ),
    "page:courses.lessonpage": case(page("lesson"), ITEM),
    "page:courses.lessonpage:done": case(
        page("lesson", "done"), ITEM_POST_ONLY, post=ITEM_ACTION
    ),
    "page:courses.acknowledgementpage": case(page("acknowledgement"), ITEM),
    # Not ticked: the page again with the error.
    "page:courses.acknowledgementpage:acknowledge": case(
        page("acknowledgement", "acknowledge"),
        ITEM_POST_ONLY,
        post=expect(TO_COURSE, anonymous=LOGIN, learner=BAD, other_learner=BAD),
    ),
    "page:courses.standardpage": case(page("standard"), everyone(OK)),
    "page:courses.standardpage:acknowledge": case(
        page("standard", "acknowledge"),
        everyone(NOT_ALLOWED),
        post=expect(REDIRECT, anonymous=LOGIN),
    ),
    "page:courses.standardacknowledgementpage": case(page("standard_item"), ITEM),
    "page:courses.standardacknowledgementpage:acknowledge": case(
        page("standard_item", "acknowledge"), ITEM_POST_ONLY, post=ITEM_ACTION
    ),
    "page:scheduling.sessionattendancepage": case(page("attend"), ITEM),
    "page:assessments.quizpage": case(page("quiz"), ITEM),
    "page:assessments.quizpage:start": case(
        page("quiz", "start"),
        ITEM_POST_ONLY,
        post=expect(
            TO_COURSE,
            anonymous=LOGIN,
            learner=REDIRECT,
            other_learner=REDIRECT,
            national_admin="redirect:quiz",
            editor="redirect:quiz",
        ),
    ),
    "page:assessments.quizpage:attempt": case(
        page("quiz", "attempt", attempt_open),
        ATTEMPT,
        post={**ATTEMPT, "learner": REDIRECT},
    ),
    "page:assessments.quizpage:submit": case(
        page("quiz", "submit", attempt_open),
        {**ATTEMPT, "learner": NOT_ALLOWED},
        post={**ATTEMPT, "learner": REDIRECT},
    ),
    "page:assessments.quizpage:result": case(
        page("quiz", "result", attempt_submitted), ATTEMPT
    ),
    "page:assessments.assignmentpage": case(page("assignment"), ITEM),
    # Refused by the service, back to the page: the learner's work awaits review;
    # the editors are not enrolled. The other learner's is empty: the form again.
    "page:assessments.assignmentpage:submit": case(
        page("assignment", "submit"),
        ITEM_POST_ONLY,
        post=expect(
            TO_COURSE,
            anonymous=LOGIN,
            learner="redirect:assignment",
            other_learner=BAD,
            national_admin="redirect:assignment",
            editor="redirect:assignment",
        ),
    ),
    # The learner's file: theirs, and the national admin's, who sees every
    # submission (the mentor and the regional admin open it from the review page).
    "page:assessments.assignmentpage:file": case(
        page("assignment", "file", lambda w: w.submission_file.pk),
        {**ATTEMPT, "national_admin": OK},
    ),
}
