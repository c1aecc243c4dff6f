"""The two admins, each one rule with its listed exceptions.

Wagtail's admin (/admin/): open to those with wagtailadmin.access_admin (national
admins and editors; regional admins have none yet, see people.roles). Everyone else,
whatever the pattern, is sent to the admin's login page before any view runs:
test_wagtail_admin_sends_everyone_without_admin_access_to_its_login walks every
pattern (parameters filled with samples) with the six roles without access. The
exceptions are the pages the login itself needs (ADMIN_PUBLIC). Inside, Wagtail's
permissions decide (its own tests cover them); the walk asks of every pattern that
it answers editors and national admins without a server error, and of every page
it shows an editor that it does not show the learner (editors have no learners in
their scope). The project's own admin views (ADMIN_OWN) are walked with real objects
and explicit answers.

Django's admin (/django-admin/): staff only (is_staff), and none of the site's roles
is staff: every pattern sends every role to its login page, but the login page and
logging out (DJANGO_ADMIN_PUBLIC).

Both admins' login pages are the project's (people.views_access, found before the
admins' own, which they shadow): a visitor is sent to the site's login (allauth's:
its rate limits, the second factor), a signed-in person who may enter goes on to
the admin, anyone else signed in is refused (403: a login page would bring them
straight back).
"""

from __future__ import annotations

from django.urls import reverse

from .expect import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    case,
    everyone,
    expect,
)

NO_ADMIN_ACCESS = (
    "anonymous",
    "learner",
    "other_learner",
    "mentor",
    "regional_admin",
    "other_regional_admin",
)
WITH_ADMIN_ACCESS = ("national_admin", "editor")
ADMIN_LOGIN = "admin-login"
# Wagtail's refusal inside the admin: back to the dashboard, with a message.
ADMIN_DENIED = "admin-denied"
# The dashboard itself (the same address), where the admin's login sends those who
# may enter.
ADMIN_HOME = ADMIN_DENIED
# Wagtail's admin login (people.views_access.wagtail_admin_login; Wagtail's own
# shares its name and address, shadowed).
ADMIN_LOGIN_KEY = "wagtailadmin_login@admin/login/"
# The admins' login pages, to those who may not enter: visitors to the site's login,
# the signed-in refused.
LOGIN_REFUSED = expect(FORBIDDEN, anonymous=LOGIN)
# Wagtail's page that raises on purpose, to test error reporting.
ERROR_TEST = "wagtailadmin_error_test"

ADMIN_PUBLIC = {
    ADMIN_LOGIN_KEY: LOGIN_REFUSED,
    # The translations of the admin's scripts and its icons: no data.
    "wagtailadmin_javascript_catalog": everyone(OK),
    "wagtailadmin_sprite": everyone(OK),
    # Password reset is the site's (allauth): the admin's is switched off, so its
    # addresses fall through to the language-prefixed site, where no page has them.
    **{
        name: everyone(REDIRECT)
        for name in (
            "wagtailadmin_password_reset",
            "wagtailadmin_password_reset_done",
            "wagtailadmin_password_reset_confirm",
            "wagtailadmin_password_reset_complete",
        )
    },
}
DJANGO_ADMIN_PUBLIC = {
    # The project's login page and Django's, which it shadows (same address).
    "django_admin_login": LOGIN_REFUSED,
    "admin:login": LOGIN_REFUSED,
    "admin:logout": everyone(REDIRECT),
}


def admin_url(name: str, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def admin(national_admin: str, editor: str):
    """Refused to everyone without admin access; the two with access as given."""
    return expect(ADMIN_LOGIN, national_admin=national_admin, editor=editor)


# The project's admin views (every admin pattern whose view is the project's has a
# rule here: test_every_project_admin_view_has_a_rule), with real objects, and the
# listing of every snippet of the project's.
ADMIN_OWN = {
    ADMIN_LOGIN_KEY: case(
        admin_url("wagtailadmin_login"),
        expect(
            FORBIDDEN, anonymous=LOGIN, national_admin=ADMIN_HOME, editor=ADMIN_HOME
        ),
    ),
    # The report of out-of-date translations: whoever may submit translations
    # (wagtail_localize.submit_translation: editors, national admins).
    "lms_translations_out_of_date": case(
        admin_url("lms_translations_out_of_date"), admin(OK, OK)
    ),
    # The import of people: people.import_user (national admins; not editors).
    "people_import:index": case(
        admin_url("people_import:index"),
        admin(OK, ADMIN_DENIED),
        post=admin(OK, ADMIN_DENIED),
    ),
    "people_import:confirm": case(
        admin_url("people_import:confirm"),
        admin(NOT_ALLOWED, ADMIN_DENIED),
        post=admin(REDIRECT, ADMIN_DENIED),
    ),
    "people_import:template": case(
        admin_url("people_import:template"), admin(OK, ADMIN_DENIED)
    ),
    # The question bank's import: editors and national admins.
    "assessments_import:index": case(
        admin_url("assessments_import:index"), admin(OK, OK), post=admin(OK, OK)
    ),
    "assessments_import:confirm": case(
        admin_url("assessments_import:confirm"),
        admin(NOT_ALLOWED, NOT_ALLOWED),
        post=admin(REDIRECT, REDIRECT),
    ),
    # Quiz results: the rows of the learners in the viewer's scope (an editor's: none).
    "assessments_results:index": case(
        admin_url("assessments_results:index"), admin(OK, OK)
    ),
    "assessments_results:quiz": case(
        admin_url("assessments_results:quiz", lambda w: w.pages["quiz"].pk),
        admin(OK, OK),
    ),
    "assessments_results:export": case(
        admin_url("assessments_results:export", lambda w: w.pages["quiz"].pk),
        admin(OK, OK),
    ),
    "certificates_template_preview": case(
        admin_url("certificates_template_preview", lambda w: w.template.pk),
        admin(OK, OK),
    ),
    "wagtailsnippets_certificates_certificatetemplate:edit": case(
        admin_url(
            "wagtailsnippets_certificates_certificatetemplate:edit",
            lambda w: w.template.pk,
        ),
        admin(OK, OK),
    ),
    # Wagtail's user listing (people.viewsets): every region's people, so national
    # admins only (people.view_user); editing a user is a superuser's.
    "wagtailusers_users:index": case(
        admin_url("wagtailusers_users:index"), admin(OK, ADMIN_DENIED)
    ),
    "wagtailusers_users:index_results": case(
        admin_url("wagtailusers_users:index_results"), admin(OK, ADMIN_DENIED)
    ),
    "wagtailusers_users:edit": case(
        admin_url("wagtailusers_users:edit", lambda w: w.learner.pk),
        admin(ADMIN_DENIED, ADMIN_DENIED),
    ),
    # Adding and deleting users too (people.viewsets; not POSTed: the walk signs
    # people in without re-authenticating, and LMS_REAUTHENTICATION_REQUIRED is
    # off).
    "wagtailusers_users:add": case(
        admin_url("wagtailusers_users:add"), admin(ADMIN_DENIED, ADMIN_DENIED)
    ),
    "wagtailusers_users:delete": case(
        admin_url("wagtailusers_users:delete", lambda w: w.learner.pk),
        admin(ADMIN_DENIED, ADMIN_DENIED),
    ),
    # Positions (appointments): national admins.
    "wagtailsnippets_people_position:add": case(
        admin_url("wagtailsnippets_people_position:add"), admin(OK, ADMIN_DENIED)
    ),
    "wagtailsnippets_people_position:edit": case(
        admin_url(
            "wagtailsnippets_people_position:edit",
            lambda w: w.handover_leaver.position_id,
        ),
        admin(OK, ADMIN_DENIED),
    ),
    # Ending a position is not deleting it: nobody here deletes positions.
    "wagtailsnippets_people_position:delete": case(
        admin_url(
            "wagtailsnippets_people_position:delete",
            lambda w: w.handover_leaver.position_id,
        ),
        admin(ADMIN_DENIED, ADMIN_DENIED),
    ),
    # The position chooser (people.admin_choosers): who holds which role where, so
    # those who may see positions only, not anyone with admin access.
    "wagtailsnippetchoosers_people_position:choose": case(
        admin_url("wagtailsnippetchoosers_people_position:choose"),
        admin(OK, ADMIN_DENIED),
    ),
    "wagtailsnippetchoosers_people_position:choose_results": case(
        admin_url("wagtailsnippetchoosers_people_position:choose_results"),
        admin(OK, ADMIN_DENIED),
    ),
    "wagtailsnippetchoosers_people_position:chosen": case(
        admin_url(
            "wagtailsnippetchoosers_people_position:chosen",
            lambda w: w.handover_leaver.position_id,
        ),
        admin(OK, ADMIN_DENIED),
    ),
    "wagtailsnippetchoosers_people_position:chosen_multiple": case(
        admin_url("wagtailsnippetchoosers_people_position:chosen_multiple"),
        admin(OK, ADMIN_DENIED),
    ),
    "wagtailsnippetchoosers_people_position:create": case(
        admin_url("wagtailsnippetchoosers_people_position:create"),
        admin(OK, ADMIN_DENIED),
    ),
    # Assignment rules (who is assigned what): editors and national admins.
    "wagtailsnippets_courses_assignmentrule:add": case(
        admin_url("wagtailsnippets_courses_assignmentrule:add"), admin(OK, OK)
    ),
    "wagtailsnippets_courses_assignmentrule:edit": case(
        admin_url("wagtailsnippets_courses_assignmentrule:edit", lambda w: w.rule.pk),
        admin(OK, OK),
    ),
    "wagtailsnippets_courses_assignmentrule:copy": case(
        admin_url("wagtailsnippets_courses_assignmentrule:copy", lambda w: w.rule.pk),
        admin(OK, OK),
    ),
    # The question bank: editors and national admins.
    "wagtailsnippets_assessments_question:list": case(
        admin_url("wagtailsnippets_assessments_question:list"), admin(OK, OK)
    ),
    "wagtailsnippets_assessments_question:list_results": case(
        admin_url("wagtailsnippets_assessments_question:list_results"), admin(OK, OK)
    ),
}
# The listing of each of the project's snippets: (national admin, editor).
SNIPPETS = {
    "people_organization": (ADMIN_DENIED, ADMIN_DENIED),
    "people_position": (OK, ADMIN_DENIED),
    "people_region": (ADMIN_DENIED, ADMIN_DENIED),
    "courses_assignmentrule": (OK, OK),
    "assessments_questioncategory": (OK, OK),
    "certificates_certificatetemplate": (OK, OK),
    "certificates_certificaterule": (OK, OK),
    "certificates_clearancerule": (OK, OK),
    "scheduling_planrule": (OK, ADMIN_DENIED),
    "scheduling_holiday": (OK, ADMIN_DENIED),
    "scheduling_cadencerule": (OK, ADMIN_DENIED),
}
ADMIN_OWN.update(
    {
        f"wagtailsnippets_{snippet}:list": case(
            admin_url(f"wagtailsnippets_{snippet}:list"), admin(*answers)
        )
        for snippet, answers in SNIPPETS.items()
    }
)
