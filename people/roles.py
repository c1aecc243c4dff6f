"""Roles a person holds through a Position, and the permissions each role grants."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff member")
    LEADER = "leader", _("Organisation leader")
    MENTOR = "mentor", _("Mentor / trainer")
    REGIONAL_ADMIN = "regional_admin", _("Regional administrator")
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    EDITOR = "editor", _("Content editor")


# Django permissions ("app_label.codename") granted by each role. A role is a Django
# Group named "role:<value>"; people.services.roles_sync keeps the groups equal to this.
_LEARNER_ADMIN = {
    "people.view_user",
    "courses.view_enrolment",
    "courses.add_assignment",
    "certificates.view_certificate",
    "certificates.revoke_certificate",
    # Letting a learner stuck at a quiz try again (assessments.services.grants).
    "assessments.add_quizattemptgrant",
    # Training sessions of their region (scheduling.selectors.session_can_manage).
    "scheduling.manage_trainingsession",
    # The hand-overs of their region: appoint the successor, name a stand-in.
    "people.view_handover",
    "people.change_handover",
}
# Reviewing assignments: mentors and admins of the learner's region.
_REVIEW = {
    "assessments.view_submission",
    "assessments.change_submission",
}
_CONTENT = {
    "wagtailadmin.access_admin",
    "assessments.add_question",
    "assessments.change_question",
    "assessments.delete_question",
    "assessments.view_question",
    "assessments.add_questioncategory",
    "assessments.change_questioncategory",
    "assessments.delete_questioncategory",
    "assessments.view_questioncategory",
    "assessments.view_quizattempt",
    "courses.add_assignmentrule",
    "courses.change_assignmentrule",
    "courses.delete_assignmentrule",
    "courses.view_assignmentrule",
    "certificates.add_certificatetemplate",
    "certificates.change_certificatetemplate",
    "certificates.delete_certificatetemplate",
    "certificates.view_certificatetemplate",
    "certificates.add_certificaterule",
    "certificates.change_certificaterule",
    "certificates.delete_certificaterule",
    "certificates.view_certificaterule",
    "certificates.add_clearancerule",
    "certificates.change_clearancerule",
    "certificates.delete_clearancerule",
    "certificates.view_clearancerule",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtail_localize.submit_translation",
}
# The yearly plan's rules, the public holidays it skips, the training cadence per role.
_TRAINING_PLAN = {
    "scheduling.add_planrule",
    "scheduling.change_planrule",
    "scheduling.delete_planrule",
    "scheduling.view_planrule",
    "scheduling.add_holiday",
    "scheduling.change_holiday",
    "scheduling.delete_holiday",
    "scheduling.view_holiday",
    "scheduling.add_cadencerule",
    "scheduling.change_cadencerule",
    "scheduling.delete_cadencerule",
    "scheduling.view_cadencerule",
}
# Bringing staff and volunteers in from a file (people.importing): national admins
# anywhere, regional admins into their region. The import lives in the Wagtail admin,
# which regional admins cannot enter yet (no wagtailadmin.access_admin): the admin
# shows every region's people to anyone with people.view_user (Wagtail's user listing
# and site history, the position chooser), so it must be scoped before they may.
_PEOPLE_IMPORT = {"people.import_user"}
# Registering a child under 14 with the written consent of a parent or legal
# representative, and recording such a consent (people.services.consent): the admins
# of the child's region, national admins anywhere.
_MINORS = {"people.register_minor"}
# Per-region completion targets (reports.services.targets): national admins set them;
# regional admins see their region's on the reports pages without any permission.
_TARGETS = {
    "reports.add_target",
    "reports.change_target",
    "reports.delete_target",
    "reports.view_target",
}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.STAFF: set(),
    Role.LEADER: set(),
    Role.MENTOR: {"people.view_user", "courses.view_enrolment"} | _REVIEW,
    Role.REGIONAL_ADMIN: _LEARNER_ADMIN | _REVIEW | _PEOPLE_IMPORT | _MINORS,
    Role.NATIONAL_ADMIN: _LEARNER_ADMIN
    | _REVIEW
    | _CONTENT
    | {"people.add_position", "people.change_position", "people.view_position"}
    | _PEOPLE_IMPORT
    | _MINORS
    | _TRAINING_PLAN
    | _TARGETS,
    Role.EDITOR: set(_CONTENT),
}
# Wagtail page permissions (on the whole tree) for roles that edit the curriculum.
ROLE_PAGE_PERMISSIONS: dict[str, set[str]] = {
    Role.NATIONAL_ADMIN: {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    },
    Role.EDITOR: {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    },
}
# Roles that approve (or send back) pages submitted for moderation, alongside Wagtail's
# own "Moderators" group: their groups join every approval task of that group (Wagtail's
# default "Moderators approval" workflow on the whole tree).
MODERATION_ROLES = {Role.NATIONAL_ADMIN}
WAGTAIL_MODERATORS_GROUP = "Moderators"
# Roles whose scope is a region (their organisation's); national admins see everything.
REGIONAL_ROLES = {Role.MENTOR, Role.REGIONAL_ADMIN}
NATIONAL_ROLES = {Role.NATIONAL_ADMIN}


def role_group_name(role: str) -> str:
    return f"role:{role}"
