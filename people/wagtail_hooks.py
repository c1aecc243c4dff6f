"""People in the Wagtail admin: organisations, regions, positions, the import of
people, audit actions."""

from django.core.exceptions import ValidationError
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import services
from .access import sensitive_post
from .admin_choosers import PositionChooserViewSet
from .importing import views as import_views
from .models import Organization, Position, Region
from .selectors import region_name_from_facts
from .services import (
    IMPORT_ACTION,
    MFA_ACTIVATE_ACTION,
    MFA_DEACTIVATE_ACTION,
    REGION_CHANGE_ACTION,
    ROLES_CHANGE_ACTION,
)


@hooks.register("register_log_actions")
def register_people_actions(actions):
    actions.register_action(
        "people.position_start", _("Start position"), _("Position started")
    )
    actions.register_action(
        "people.position_end", _("End position"), _("Position ended")
    )
    actions.register_action(
        "people.erasure_request",
        _("Request erasure"),
        _("Erasure of personal data requested"),
    )
    actions.register_action(
        "people.erasure_cancel", _("Cancel erasure"), _("Erasure request cancelled")
    )
    actions.register_action("people.erase", _("Erase"), _("Personal data erased"))
    actions.register_action(
        services.CONSENT_DECLINE_ACTION,
        _("Decline consent"),
        _("Consent to the new personal data policy declined"),
    )
    actions.register_action(
        services.MINOR_REGISTER_ACTION,
        _("Register a child under 14"),
        _("Child under 14 registered with a guardian's consent"),
    )
    actions.register_action(
        services.GUARDIAN_CONSENT_ACTION,
        _("Record a guardian's consent"),
        _("Guardian's consent recorded"),
    )
    actions.register_action(REGION_CHANGE_ACTION)(RegionChangeFormatter)
    actions.register_action(IMPORT_ACTION)(PeopleImportFormatter)
    actions.register_action(ROLES_CHANGE_ACTION)(RolesChangeFormatter)
    actions.register_action(
        MFA_ACTIVATE_ACTION,
        _("Switch on two-factor authentication"),
        _("Two-factor authentication switched on"),
    )
    actions.register_action(
        MFA_DEACTIVATE_ACTION,
        _("Switch off two-factor authentication"),
        _("Two-factor authentication switched off"),
    )


class RolesChangeFormatter(LogFormatter):
    label = _("Change groups")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = _("Groups changed: added %(added)s; removed %(removed)s") % {
            "added": ", ".join(data.get("added") or []) or "—",
            "removed": ", ".join(data.get("removed") or []) or "—",
        }
        if data.get("superuser") != data.get("was_superuser"):
            superuser = (
                _("Superuser: yes") if data.get("superuser") else _("Superuser: no")
            )
            message = f"{message}. {superuser}"
        return message


class PeopleImportFormatter(LogFormatter):
    label = _("Import people")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _(
            "People imported from %(file)s: %(created)s new, %(updated)s updated, "
            "%(positions)s new positions"
        ) % {
            "file": data.get("file") or "—",
            "created": data.get("people_created", 0),
            "updated": data.get("people_updated", 0),
            "positions": data.get("positions_created", 0),
        }


@hooks.register("register_admin_urls")
def register_people_admin_urls():
    return [
        path("people/import/", include((import_views.urlpatterns, "people_import"))),
    ]


class _ImportPeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("people.import_user")


@hooks.register("register_admin_menu_item")
def register_people_import_menu_item():
    return _ImportPeopleMenuItem(
        _("Import people"),
        reverse_lazy("people_import:index"),
        name="people-import",
        icon_name="upload",
        order=650,
    )


class RegionChangeFormatter(LogFormatter):
    label = _("Change region")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Region changed from %(old)s to %(new)s") % {
            "old": region_name_from_facts(data.get("old_region")) or "—",
            "new": region_name_from_facts(data.get("new_region")) or "—",
        }


class ServiceFormMixin:
    """Shows a service's ValidationError on the form instead of a server error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
            # Wagtail's form_invalid() reads these; only its is_valid() sets them.
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


# Appointing to a role, changing or deleting a position: after a re-authentication.
@sensitive_post
class PositionCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.position_start(
            user=data["user"],
            organization=data["organization"],
            role=data["role"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            title=data.get("title", ""),
            actor=self.request.user,
        )


@sensitive_post
class PositionEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.position_update(
            position=self.object,
            title=data.get("title", ""),
            end_date=data.get("end_date"),
            user=data.get("user"),
            organization=data.get("organization"),
            role=data.get("role"),
            start_date=data.get("start_date"),
            actor=self.request.user,
        )


@sensitive_post
class PositionDeleteView(SnippetDeleteView):
    pass


class PositionViewSet(SnippetViewSet):
    model = Position
    icon = "user"
    # Its chooser for those who may see positions only (admin_choosers).
    chooser_viewset_class = PositionChooserViewSet
    menu_label = _("Positions")
    add_view_class = PositionCreateView
    edit_view_class = PositionEditView
    delete_view_class = PositionDeleteView
    list_display = ["user", "role", "organization", "start_date", "end_date"]
    list_filter = ["role"]
    search_fields = ["title"]
    panels = [
        FieldPanel("user"),
        FieldPanel("organization"),
        FieldPanel("role"),
        FieldPanel("title"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
    ]


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "name_kk", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_kk", "name_en"]
    panels = [
        FieldRowPanel(
            [FieldPanel("name"), FieldPanel("name_kk"), FieldPanel("name_en")]
        ),
        FieldPanel("kind"),
        FieldPanel("region"),
        FieldPanel("parent"),
        FieldPanel("is_active"),
    ]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["iso_code", "name_kk", "name_ru", "name_en"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("iso_code"),
        FieldPanel("kind"),
        FieldPanel("name_kk"),
        FieldPanel("name_ru"),
        FieldPanel("name_en"),
        FieldPanel("admin_centre"),
    ]


class PeopleViewSetGroup(SnippetViewSetGroup):
    items = (OrganizationViewSet, PositionViewSet, RegionViewSet)
    menu_icon = "group"
    menu_label = _("People")
    menu_name = "people"


register_snippet(PeopleViewSetGroup)


@hooks.register("register_log_actions")
def register_handover_actions(actions):
    actions.register_action(
        "people.handover_open", _("Open hand-over"), _("Hand-over opened")
    )
    actions.register_action(
        "people.handover_stand_in", _("Name a stand-in"), _("Stand-in named")
    )
    actions.register_action(
        "people.handover_complete",
        _("Appoint the successor"),
        _("Successor appointed, hand-over completed"),
    )
