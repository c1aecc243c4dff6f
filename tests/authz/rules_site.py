"""The site's URL patterns (everything but the two admins and the page routes), each
with the answer every role gets. A pattern missing here fails
test_every_url_pattern_has_a_rule: a new URL must be classified.

Read a line as: who gets what. `own(...)`: the learner's object, 404 for everyone
else; `scoped(...)`: an admins' page (the regional admin of the learner's region and
the national admin let in, the admin of another region 404, learners 403);
`signed_in(...)`: any signed-in person; `everyone(...)`: public.
"""

from __future__ import annotations

from django.urls import reverse

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
    own,
    post_only,
    scoped,
    signed_in,
)


def url(name: str, *args):
    """The path of `name`, its arguments read from the world (callables) or given."""
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def learner_pk(w):
    return w.learner.pk


# Who may see and manage the people of a region: regional admins (their region),
# national admins; mentors see the learners' pages (people.view_user).
REGION_STAFF = scoped(mentor=OK)
# Pages of the reports: regional and national admins (each their scope).
REPORTS = scoped(other_region=OK)

ACCOUNTS = {
    # allauth's pages: what a visitor and a signed-in person each get.
    "account_login": case(url("account_login"), expect(REDIRECT, anonymous=OK)),
    "account_signup": case(url("account_signup"), expect(REDIRECT, anonymous=OK)),
    "account_logout": case(url("account_logout"), expect(OK, anonymous=REDIRECT)),
    "account_inactive": case(url("account_inactive"), everyone(OK)),
    "account_reauthenticate": case(url("account_reauthenticate"), signed_in()),
    "account_email": case(url("account_email"), signed_in()),
    "account_email_verification_sent": case(
        url("account_email_verification_sent"), everyone(OK)
    ),
    "account_change_password": case(url("account_change_password"), signed_in()),
    # Everyone here has a password: to the change form.
    "account_set_password": case(url("account_set_password"), signed_in(REDIRECT)),
    "account_reset_password": case(url("account_reset_password"), everyone(OK)),
    "account_reset_password_done": case(
        url("account_reset_password_done"), everyone(OK)
    ),
    # No login by code under way: back to the login page (the signed-in, away).
    "account_confirm_login_code": case(
        url("account_confirm_login_code"), expect(REDIRECT, anonymous=LOGIN)
    ),
    "account_confirm_email": case(
        url("account_confirm_email", "no-such-key"), everyone(OK)
    ),
    "account_reset_password_from_key": case(
        url("account_reset_password_from_key", "1", "no-such-key"), everyone(OK)
    ),
    "account_reset_password_from_key_done": case(
        url("account_reset_password_from_key_done"), everyone(OK)
    ),
}

PEOPLE = {
    "people:profile": case(url("people:profile"), signed_in(), post=signed_in()),
    "people:data_export": case(url("people:data_export"), signed_in()),
    "people:erasure_request": case(
        url("people:erasure_request"), signed_in(), post=signed_in()
    ),
    "people:erasure_cancel": post_only(
        url("people:erasure_cancel"), post=signed_in(REDIRECT)
    ),
    "people:privacy": case(url("people:privacy"), everyone(OK)),
    # The leaver's checklist: the leaver's own (the learner's).
    "people:handover_checklist": case(
        url("people:handover_checklist", lambda w: w.handover_leaver.pk),
        own(),
        post=own(),
    ),
    # The notes: the successor's and the stand-in's (the learner stands in).
    "people:handover_notes": case(
        url("people:handover_notes", lambda w: w.handover_stand_in.pk),
        own(),
        post=own(REDIRECT),
    ),
    "people:handover_list": case(url("people:handover_list"), scoped(other_region=OK)),
    "people:handover_detail": case(
        url("people:handover_detail", lambda w: w.handover_leaver.pk), scoped()
    ),
    # Permission first, then POST only.
    "people:handover_appoint": post_only(
        url("people:handover_appoint", lambda w: w.handover_leaver.pk),
        get=scoped(NOT_ALLOWED, other_region=NOT_ALLOWED),
        post=scoped(BAD),
    ),
    "people:handover_stand_in": post_only(
        url("people:handover_stand_in", lambda w: w.handover_leaver.pk),
        get=scoped(NOT_ALLOWED, other_region=NOT_ALLOWED),
        post=scoped(BAD),
    ),
    # The import of people: holders of people.import_user (regional admins into
    # their region, national admins).
    "people:import": case(
        url("people:import"), scoped(other_region=OK), post=scoped(other_region=OK)
    ),
    "people:import_confirm": post_only(
        url("people:import_confirm"),
        get=scoped(NOT_ALLOWED, other_region=NOT_ALLOWED),
        post=scoped(REDIRECT, other_region=REDIRECT),
    ),
    "people:import_template": case(
        url("people:import_template"), scoped(other_region=OK)
    ),
}

COURSES = {
    "courses:my_learning": case(url("courses:my_learning"), signed_in()),
    "courses:enrolment_detail": case(
        url("courses:enrolment_detail", lambda w: w.enrolment.pk),
        own(mentor=OK, regional_admin=OK, national_admin=OK),
    ),
    # Every region's positions: national admins (people.view_position).
    "courses:position_overview": case(
        url("courses:position_overview"),
        scoped(regional_admin=FORBIDDEN, other_region=FORBIDDEN),
    ),
    "courses:learner_list": case(
        url("courses:learner_list"), scoped(mentor=OK, other_region=OK)
    ),
    "courses:overdue_list": case(
        url("courses:overdue_list"), scoped(mentor=OK, other_region=OK)
    ),
    # POST only first, then the permission (courses.add_assignment).
    "courses:overdue_remind": post_only(
        url("courses:overdue_remind", learner_pk), post=scoped(REDIRECT)
    ),
    "courses:learner_detail": case(
        url("courses:learner_detail", learner_pk), REGION_STAFF
    ),
    "courses:learner_assign": post_only(
        url("courses:learner_assign", learner_pk), post=scoped(BAD)
    ),
    "courses:standard_rates": case(
        url("courses:standard_rates"), scoped(mentor=OK, other_region=OK)
    ),
    "courses:standard_region_people": case(
        url("courses:standard_region_people", lambda w: w.region.pk), REGION_STAFF
    ),
}

ASSESSMENTS = {
    "assessments:review_queue": case(
        url("assessments:review_queue"), scoped(mentor=OK, other_region=OK)
    ),
    "assessments:review": case(
        url("assessments:review", lambda w: w.submission.pk),
        REGION_STAFF,
        post=scoped(BAD, mentor=BAD),
    ),
    # The learner's own file too (their own route serves it as well).
    "assessments:review_file": case(
        url(
            "assessments:review_file",
            lambda w: w.submission.pk,
            lambda w: w.submission_file.pk,
        ),
        own(mentor=OK, regional_admin=OK, national_admin=OK),
    ),
    "assessments:quiz_attempt_grant": case(
        url(
            "assessments:quiz_attempt_grant",
            learner_pk,
            lambda w: w.pages["quiz"].translation_key,
        ),
        scoped(),
        post=scoped(BAD),
    ),
}

CERTIFICATES = {
    "certificates:mine": case(url("certificates:mine"), signed_in()),
    # The files: the holder and the admins who see the holder's certificates.
    "certificates:pdf": case(
        url("certificates:pdf", lambda w: w.certificate.code),
        own(regional_admin=OK, national_admin=OK),
    ),
    "certificates:badge": case(
        url("certificates:badge", lambda w: w.certificate.code),
        own(regional_admin=OK, national_admin=OK),
    ),
    # Public verification: the holder's name, the course, the dates (by design).
    "certificates:verify_form": case(url("certificates:verify_form"), everyone(OK)),
    "certificates:verify": case(
        url("certificates:verify", lambda w: w.certificate.code),
        everyone(OK),
        holder_public=True,
    ),
    "certificates:verify_json": case(
        url("certificates:verify_json", lambda w: w.certificate.code),
        everyone(OK),
        holder_public=True,
    ),
    "certificates_manage:list": case(
        url("certificates_manage:list"), scoped(other_region=OK)
    ),
    "certificates_manage:detail": case(
        url("certificates_manage:detail", lambda w: w.certificate.pk), scoped()
    ),
    "certificates_manage:revoke": post_only(
        url("certificates_manage:revoke", lambda w: w.certificate.pk),
        post=scoped(BAD),
    ),
    # Without a language prefix: the QR code's short link and Open Badges' public
    # addresses.
    "credentials:verify_short": case(
        url("credentials:verify_short", lambda w: w.certificate.code),
        everyone(REDIRECT),
    ),
    "credentials:issuer": case(url("credentials:issuer"), everyone(OK)),
    "credentials:jwks": case(url("credentials:jwks"), everyone(OK)),
    "credentials:status_list": case(url("credentials:status_list"), everyone(OK)),
}

REPORT_PAGES = {
    f"reports:{page}{export}": case(url(f"reports:{page}{export}"), REPORTS)
    for page in ("dashboard", "activity", "by_course", "audit")
    for export in ("", "_csv", "_xlsx")
}
REPORTS_RULES = {
    **REPORT_PAGES,
    "reports:dashboard_refresh": post_only(
        url("reports:dashboard_refresh"), post=scoped(REDIRECT, other_region=REDIRECT)
    ),
    "reports:subscriptions": case(url("reports:subscriptions"), REPORTS),
    "reports:subscription_create": post_only(
        url("reports:subscription_create"), post=scoped(BAD, other_region=BAD)
    ),
    # The regional admin's own subscription: nobody else's to cancel.
    "reports:subscription_cancel": post_only(
        url("reports:subscription_cancel", lambda w: w.subscription.pk),
        post=scoped(REDIRECT, national_admin=NOT_FOUND),
    ),
    "reports:targets": case(url("reports:targets"), REPORTS),
    # Targets are set by national admins; regional admins only see theirs.
    "reports:target_create": case(
        url("reports:target_create"),
        scoped(regional_admin=FORBIDDEN, other_region=FORBIDDEN),
        post=scoped(BAD, regional_admin=FORBIDDEN, other_region=FORBIDDEN),
    ),
    "reports:target_edit": case(
        url("reports:target_edit", lambda w: w.target.pk),
        scoped(regional_admin=FORBIDDEN, other_region=FORBIDDEN),
        post=scoped(BAD, regional_admin=FORBIDDEN, other_region=FORBIDDEN),
    ),
    "reports:target_delete": case(
        url("reports:target_delete", lambda w: w.target.pk),
        scoped(regional_admin=FORBIDDEN, other_region=FORBIDDEN),
        post=scoped(REDIRECT, regional_admin=FORBIDDEN, other_region=FORBIDDEN),
    ),
    "reports:overdue_csv": case(
        url("reports:overdue_csv"), scoped(mentor=OK, other_region=OK)
    ),
    "reports:overdue_xlsx": case(
        url("reports:overdue_xlsx"), scoped(mentor=OK, other_region=OK)
    ),
    "reports:enrolments_csv": case(url("reports:enrolments_csv"), REPORTS),
    "reports:enrolments_xlsx": case(url("reports:enrolments_xlsx"), REPORTS),
    "reports:expiring_certificates": case(
        url("reports:expiring_certificates"), REPORTS
    ),
    "reports:expiring_certificates_csv": case(
        url("reports:expiring_certificates_csv"), REPORTS
    ),
    "reports:expiring_certificates_xlsx": case(
        url("reports:expiring_certificates_xlsx"), REPORTS
    ),
    # With the learner's certificate posted: out of scope is 404, nothing sent.
    "reports:expiring_certificates_remind": post_only(
        url("reports:expiring_certificates_remind"),
        post=scoped(REDIRECT),
        post_data=lambda w: {"certificate": w.certificate.pk},
    ),
    "reports:learner_record": case(url("reports:learner_record", learner_pk), scoped()),
    "reports:learner_record_csv": case(
        url("reports:learner_record_csv", learner_pk), scoped()
    ),
    "reports:learner_record_xlsx": case(
        url("reports:learner_record_xlsx", learner_pk), scoped()
    ),
    "reports:my_record": case(url("reports:my_record"), signed_in()),
    "reports:my_record_csv": case(url("reports:my_record_csv"), signed_in()),
    "reports:my_record_xlsx": case(url("reports:my_record_xlsx"), signed_in()),
}

SITE_RULES = {
    **ACCOUNTS,
    **PEOPLE,
    **COURSES,
    **ASSESSMENTS,
    **CERTIFICATES,
    **REPORTS_RULES,
}
