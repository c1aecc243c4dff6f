"""Accounts and access: allauth's pages of the second factor, the page that asks
staff to set one up, the consent gate's pages and the admins' registration of
children and guardians' consent, each with the answer every role gets.

The walk runs with the second factor and re-authentication not required
(lms.settings.test: LMS_MFA_REQUIRED, LMS_REAUTHENTICATION_REQUIRED are off; the
requirements have their own tests in tests/people). The national admin has an
authenticator app and recovery codes (tests/authz/world.py), nobody else has. A
person signed in by the walk has not authenticated through allauth in this session,
so allauth asks them to re-authenticate before its sensitive second-factor pages.
"""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from .expect import (
    LOGIN,
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

REAUTHENTICATE = "redirect:reauthenticate"
# Of the second factor's pages that are about an authenticator one has: the national
# admin's (the only one with a second factor), after re-authenticating; 404 to
# anyone else signed in (nothing of theirs to show).
HOLDER_ONLY = expect(NOT_FOUND, anonymous=LOGIN, national_admin=REAUTHENTICATE)

MFA = {
    # The overview: what one has set up, and the way to set it up.
    "mfa_index": case(url("mfa_index"), signed_in()),
    # Setting up the app: after re-authenticating (then the national admin, who has
    # one, is sent to switch it off first).
    "mfa_activate_totp": case(
        url("mfa_activate_totp"),
        signed_in(REAUTHENTICATE),
        post=signed_in(REAUTHENTICATE),
    ),
    # Switching one's own app off.
    "mfa_deactivate_totp": case(
        url("mfa_deactivate_totp"), HOLDER_ONLY, post=HOLDER_ONLY
    ),
    "mfa_view_recovery_codes": case(url("mfa_view_recovery_codes"), HOLDER_ONLY),
    "mfa_download_recovery_codes": case(
        url("mfa_download_recovery_codes"), HOLDER_ONLY
    ),
    "mfa_generate_recovery_codes": case(
        url("mfa_generate_recovery_codes"),
        signed_in(REAUTHENTICATE),
        post=signed_in(REAUTHENTICATE),
    ),
    # Re-authenticating with a code of one's second factor: the national admin's
    # form (a POST without a code is shown it again); the others have no code to
    # give, and are sent to give their password.
    "mfa_reauthenticate": case(
        url("mfa_reauthenticate"),
        signed_in(REAUTHENTICATE, national_admin=OK),
        post=signed_in(REAUTHENTICATE, national_admin=OK),
    ),
    # The login's second step: only during a login (none is under way here); the
    # signed-in go on to their learning.
    "mfa_authenticate": case(
        url("mfa_authenticate"),
        signed_in("redirect:my_learning"),
        post=signed_in("redirect:my_learning"),
    ),
    # Why and how staff set up the second factor; with the requirement off (and for
    # learners always) on to allauth's overview; the national admin, who has one,
    # on to where they were going (their learning).
    "people:mfa_required": case(
        url("people:mfa_required"),
        signed_in("redirect:mfa_index", national_admin="redirect:my_learning"),
    ),
}

# The people of a region, about minors: the holders of people.register_minor
# (regional admins, for their region; national admins).
MINORS = scoped(other_region=OK)
# A POST naming the region or a minor of it: the region's admin and the national
# admin carry it out; the other region's admin is shown the form again, refused
# (the region is not theirs to choose, the minor not among their people).
MINORS_POSTED = scoped(REDIRECT, other_region=OK)

_children = itertools.count(1)


def minor_registration(w) -> dict:
    """A new child of the world's region (a new e-mail each time)."""
    today = timezone.localdate()
    return {
        "full_name": "Ребёнок Обхода",
        "email": f"walk.child.{next(_children)}@example.kz",
        "date_of_birth": datetime.date(today.year - 10, 1, 1).isoformat(),
        "region": w.region.pk,
        "organization_kind": "",
        "preferred_language": "ru",
        "guardian_name": "Родитель Обхода",
        "guardian_consent": "on",
    }


def guardian_consent(w) -> dict:
    return {
        "email": w.minor.email,
        "guardian_name": "Родитель Обхода",
        "guardian_consent": "on",
    }


CONSENT = {
    # Everyone here has consented to the current policy: on to where they were
    # going (the question itself is tests/people/test_consent_gate.py's).
    "people:consent": case(
        url("people:consent"),
        signed_in("redirect:my_learning"),
        post=signed_in("redirect:my_learning"),
    ),
    # Declining: one's own consent; signs the person out, and says what follows.
    "people:consent_decline": post_only(
        url("people:consent_decline"),
        post=signed_in("redirect:consent_declined"),
        restore_cookies=True,
    ),
    "people:consent_declined": case(url("people:consent_declined"), everyone(OK)),
    "people:minor_register": case(
        url("people:minor_register"),
        MINORS,
        post=MINORS_POSTED,
        post_data=minor_registration,
    ),
    "people:guardian_consent": case(
        url("people:guardian_consent"),
        MINORS,
        post=MINORS_POSTED,
        post_data=guardian_consent,
    ),
}

ACCESS_RULES = {**MFA, **CONSENT}
