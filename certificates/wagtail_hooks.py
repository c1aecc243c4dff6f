"""Every Wagtail hook of certificates (Wagtail imports this module): in the admin,
templates, certificate rules per course and clearance rules per risk zone (one
"Certificates" menu group), the template's PDF preview and the audit actions of a
revocation and of an admin's reminder to renew; on other apps' pages, the
certificates panels (panels.py)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CertificateRule, CertificateTemplate, ClearanceRule
from .panels import certificates_panel, completion_panel
from .services import NUDGE_ACTION

# The admin URL name of a template's PDF preview (certificates.admin_preview), when
# that module does not offer preview_url(template) itself.
PREVIEW_URL_NAME = "certificates_template_preview"


def template_preview_url(template: CertificateTemplate) -> str | None:
    """The admin URL previewing `template` as a PDF, or None while there is none."""
    try:
        from . import admin_preview
    except ImportError:
        return None
    if hasattr(admin_preview, "preview_url"):
        return admin_preview.preview_url(template)
    try:
        return reverse(PREVIEW_URL_NAME, args=[template.pk])
    except NoReverseMatch:
        return None


def _languages(template: CertificateTemplate) -> str:
    languages = [template.primary_language, template.secondary_language]
    return " + ".join(code for code in languages if code)


class CertificateTemplateEditView(SnippetEditView):
    """The template's edit view, with "Preview PDF" among the header's buttons."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        url = template_preview_url(self.object)
        if url:
            buttons.append(
                Button(_("Preview PDF"), url=url, icon_name="view", priority=5)
            )
        return buttons


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    edit_view_class = CertificateTemplateEditView
    icon = "doc-full"
    menu_label = _("Templates")
    list_display = [
        "name",
        BooleanColumn("is_default", label=_("default template")),
        Column("languages", label=_("languages"), accessor=_languages),
    ]
    search_fields = ["name"]


class CertificateRuleViewSet(SnippetViewSet):
    model = CertificateRule
    icon = "tick-inverse"
    menu_label = _("Certificate rules")
    list_display = [
        Column("page", label=_("course or program"), accessor="page"),
        "validity_months",
        Column("refresher_page", label=_("refresher"), accessor="refresher_page"),
        "template",
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["is_active", "template"]

    def get_queryset(self, request):
        return CertificateRule.objects.select_related(
            "page", "refresher_page", "template"
        )


class ClearanceRuleViewSet(SnippetViewSet):
    model = ClearanceRule
    icon = "lock"
    menu_label = _("Clearance rules")
    list_display = ["slug", "name_ru", "min_age", "sort_order"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]


class CertificatesGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CertificateRuleViewSet, ClearanceRuleViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Certificates")
    menu_name = "certificates"
    menu_order = 220


register_snippet(CertificatesGroup)


@hooks.register("register_log_actions")
def register_certificates_actions(actions):
    actions.register_action(
        "certificates.revoke", _("Revoke a certificate"), _("Certificate revoked")
    )
    actions.register_action(
        NUDGE_ACTION,
        _("Remind to renew a certificate"),
        _("Reminded to renew a certificate"),
    )


# The sections certificates adds to pages of apps that may not import it, through
# core's {% lms_panels "<page>" %} tag.
hooks.register("lms_my_learning_panels", certificates_panel)
hooks.register("lms_profile_panels", certificates_panel)
hooks.register("lms_learner_detail_panels", certificates_panel)
hooks.register("lms_course_completed_panels", completion_panel)


@hooks.register("register_admin_urls")
def register_certificates_admin_urls():
    """The template PDF preview (certificates.admin_preview), once it is there."""
    try:
        from .admin_preview import preview_urls
    except ImportError:
        return []
    return preview_urls()


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def certificate_rule_saved(request, instance):
    """A rule added or switched on issues the certificates already earned."""
    if isinstance(instance, CertificateRule):
        from django.contrib import messages
        from django.utils.translation import ngettext

        from .services import certificate_rule_apply

        count = certificate_rule_apply(rule=instance)
        if count:
            messages.info(
                request,
                ngettext(
                    "%(count)s learner who already completed it will get a "
                    "certificate.",
                    "%(count)s learners who already completed it will get a "
                    "certificate.",
                    count,
                )
                % {"count": count},
            )
