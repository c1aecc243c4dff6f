"""Scheduling's URL patterns and the site's odd ones (health check, language switch,
Wagtail's documents and private-page helpers), each with the answer every role gets.

The region's session (open, today and tomorrow) is trained by the mentor; the learner
is registered for it. Its manage pages: the regional admin of its region and the
national admin manage it, the mentor (its trainer) reads it, anyone else 404. The
attendance pages answer 403 to the signed-in who may not mark (scheduling's choice:
no such day is 404).
"""

from __future__ import annotations

from scheduling.selectors import check_in_token

from .expect import (
    BAD,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    case,
    everyone,
    expect,
    post_only,
    scoped,
    signed_in,
)
from .rules_site import url


def session_pk(w):
    return w.session.pk


def draft_pk(w):
    return w.draft_session.pk


def day_pk(w):
    return w.day.pk


# The session's trainer and admins; 404 to the rest (scheduling.views.manage).
MANAGED = scoped(refused=NOT_FOUND)
READ = scoped(refused=NOT_FOUND, mentor=OK)
# Manage pages that list: 404 for those who neither manage nor train nor see people.
STAFF_LIST = scoped(refused=NOT_FOUND, mentor=OK, other_region=OK)
# Marking attendance: the trainer and the admins of the session's region.
MARKING = scoped(mentor=OK, other_region=FORBIDDEN)

SCHEDULING = {
    "scheduling:calendar": case(url("scheduling:calendar"), everyone(OK)),
    "scheduling:calendar_region": case(
        url("scheduling:calendar_region", lambda w: w.region.iso_code), everyone(OK)
    ),
    "scheduling:session_detail": (
        *case(url("scheduling:session_detail", session_pk), everyone(OK)),
        *case(
            url("scheduling:session_detail", draft_pk),
            everyone(NOT_FOUND),
            label="a draft",
        ),
    ),
    "scheduling:session_register": post_only(
        url("scheduling:session_register", session_pk), post=signed_in(REDIRECT)
    ),
    "scheduling:registration_cancel": post_only(
        url("scheduling:registration_cancel", session_pk), post=signed_in(REDIRECT)
    ),
    "scheduling:calendar_feed": case(
        url("scheduling:calendar_feed"), signed_in(), post=signed_in(REDIRECT)
    ),
    "scheduling_feeds:national": case(url("scheduling_feeds:national"), everyone(OK)),
    "scheduling_feeds:region": case(
        url("scheduling_feeds:region", lambda w: w.region.iso_code), everyone(OK)
    ),
    # The learner's private feed: its token is the key (a calendar app has no login).
    "scheduling_feeds:person": case(
        url("scheduling_feeds:person", lambda w: w.feed.token), everyone(OK)
    ),
    "scheduling_manage:session_list": case(
        url("scheduling_manage:session_list"), STAFF_LIST
    ),
    "scheduling_manage:create": case(
        url("scheduling_manage:create"),
        scoped(refused=NOT_FOUND, other_region=OK),
        post=scoped(BAD, refused=NOT_FOUND, other_region=BAD),
    ),
    "scheduling_manage:compliance": case(
        url("scheduling_manage:compliance"),
        scoped(refused=NOT_FOUND, other_region=OK),
    ),
    "scheduling_manage:detail": (
        *case(url("scheduling_manage:detail", session_pk), READ),
        *case(url("scheduling_manage:detail", draft_pk), MANAGED, label="a draft"),
    ),
    "scheduling_manage:edit": case(
        url("scheduling_manage:edit", session_pk),
        MANAGED,
        post=scoped(BAD, refused=NOT_FOUND),
    ),
    "scheduling_manage:status": post_only(
        url("scheduling_manage:status", session_pk),
        post=scoped(REDIRECT, refused=NOT_FOUND),
    ),
    "scheduling_manage:cancel": post_only(
        url("scheduling_manage:cancel", session_pk),
        post=scoped(BAD, refused=NOT_FOUND),
    ),
    "scheduling_manage:register": post_only(
        url("scheduling_manage:register", session_pk),
        post=scoped(REDIRECT, refused=NOT_FOUND),
    ),
    **{
        f"scheduling_manage:registration_{action}": post_only(
            url(
                f"scheduling_manage:registration_{action}", lambda w: w.registration.pk
            ),
            post=scoped(REDIRECT, refused=NOT_FOUND),
        )
        for action in ("approve", "refuse", "cancel")
    },
    "scheduling_attendance:session_list": case(
        url("scheduling_attendance:session_list"), signed_in()
    ),
    "scheduling_attendance:day_list": case(
        url("scheduling_attendance:day_list", day_pk),
        MARKING,
        post=scoped(REDIRECT, mentor=REDIRECT, other_region=FORBIDDEN),
    ),
    # JSON for the phone: POST only before anything else; 401 for visitors.
    "scheduling_attendance:day_marks": post_only(
        url("scheduling_attendance:day_marks", day_pk),
        get=everyone(NOT_ALLOWED),
        post=scoped(BAD, mentor=BAD, other_region=FORBIDDEN, anonymous="401"),
    ),
    "scheduling_attendance:day_check_in_code": case(
        url("scheduling_attendance:day_check_in_code", day_pk), MARKING
    ),
    "scheduling_attendance:day_sheet_pdf": case(
        url("scheduling_attendance:day_sheet_pdf", day_pk), MARKING
    ),
    "scheduling_attendance:day_sheet_template": case(
        url("scheduling_attendance:day_sheet_template", day_pk, "csv"), MARKING
    ),
    "scheduling_attendance:day_sheet_upload": case(
        url("scheduling_attendance:day_sheet_upload", day_pk),
        MARKING,
        post=scoped(BAD, mentor=BAD, other_region=FORBIDDEN),
    ),
    # The QR code's page: anyone signed in opens it (and is told if not registered);
    # checking in is the registered person's.
    "scheduling_attendance:check_in": (
        *case(
            url("scheduling_attendance:check_in", day_pk, lambda w: w.check_in_token),
            signed_in(),
            post=signed_in(BAD, learner=OK),
        ),
        # A draft's day, even with its code: shows nowhere.
        *case(
            url(
                "scheduling_attendance:check_in",
                lambda w: w.draft_day.pk,
                lambda w: check_in_token(day=w.draft_day),
            ),
            signed_in(NOT_FOUND),
            post=signed_in(NOT_FOUND),
            label="a draft",
        ),
    ),
    "scheduling_attendance:session_check_in": (
        *case(
            url("scheduling_attendance:session_check_in", session_pk),
            signed_in(),
            post=signed_in(BAD),
        ),
        # A draft is nobody's to check in to, and shows nowhere.
        *case(
            url("scheduling_attendance:session_check_in", draft_pk),
            signed_in(NOT_FOUND),
            post=signed_in(NOT_FOUND),
            label="a draft",
        ),
    ),
}

ODD = {
    "healthz": case(url("healthz"), everyone(OK)),
    # The language switch (lms.views.language_set): anyone; on to the page in the
    # language chosen (the switcher's form names it); a signed-in person's choice is
    # saved as theirs.
    "set_language": case(
        url("set_language"),
        everyone(REDIRECT),
        post=everyone("redirect:/kk/privacy/"),
        post_data=lambda w: {"language": "kk", "next": "/kk/privacy/"},
        restore_cookies=True,
    ),
    # Documents of the library are linked from lessons: public, like the lessons'
    # pages that are (a collection's privacy would restrict them).
    "wagtaildocs_serve": case(lambda w: w.document.url, everyone(OK)),
    # No such restriction: the 404 falls through to the language-prefixed site
    # (LocaleMiddleware's redirect), where no page has the address either.
    "wagtaildocs_authenticate_with_password": case(
        url("wagtaildocs_authenticate_with_password", 999999), everyone(REDIRECT)
    ),
    "wagtailcore_authenticate_with_password": case(
        url("wagtailcore_authenticate_with_password", 999999, 999999),
        everyone(NOT_FOUND),
    ),
    # Wagtail's login for private pages (people.views_access.private_page_login):
    # visitors to the site's login, the signed-in on (to the home page).
    "wagtailcore_login": case(
        url("wagtailcore_login"), expect("redirect:/", anonymous=LOGIN)
    ),
}

SCHEDULING_AND_ODD = {**SCHEDULING, **ODD}
