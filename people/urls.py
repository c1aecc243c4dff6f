from django.urls import path

from . import views, views_access, views_consent, views_handover, views_import

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.data_export, name="data_export"),
    path("profile/delete/", views.erasure_request, name="erasure_request"),
    path("profile/delete/cancel/", views.erasure_cancel, name="erasure_cancel"),
    path("privacy/", views.privacy, name="privacy"),
    path("profile/two-factor/", views_access.mfa_required, name="mfa_required"),
    path("privacy/consent/", views_consent.consent, name="consent"),
    path(
        "privacy/consent/decline/",
        views_consent.consent_decline,
        name="consent_decline",
    ),
    path(
        "privacy/consent/declined/",
        views_consent.consent_declined,
        name="consent_declined",
    ),
    path(
        "profile/handovers/<int:pk>/",
        views_handover.handover_checklist,
        name="handover_checklist",
    ),
    path(
        "profile/handovers/<int:pk>/notes/",
        views_handover.handover_notes,
        name="handover_notes",
    ),
    path("manage/handovers/", views_handover.handover_list, name="handover_list"),
    path(
        "manage/handovers/<int:pk>/",
        views_handover.handover_detail,
        name="handover_detail",
    ),
    path(
        "manage/handovers/<int:pk>/appoint/",
        views_handover.handover_appoint,
        name="handover_appoint",
    ),
    path(
        "manage/handovers/<int:pk>/stand-in/",
        views_handover.handover_stand_in,
        name="handover_stand_in",
    ),
    path(
        "manage/people/children/new/",
        views_consent.minor_register,
        name="minor_register",
    ),
    path(
        "manage/people/guardian-consent/",
        views_consent.guardian_consent,
        name="guardian_consent",
    ),
    path("manage/people/import/", views_import.people_import, name="import"),
    path(
        "manage/people/import/confirm/",
        views_import.people_import_confirm,
        name="import_confirm",
    ),
    path(
        "manage/people/import/template.csv",
        views_import.people_import_template,
        name="import_template",
    ),
]
