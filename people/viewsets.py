"""Wagtail admin user forms for a user model with one full-name field and no username,
and the user listing with its "Import people" button."""

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import HeaderButton
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import IndexView as WagtailUserIndexView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import RegionChoiceField
from .models import User
from .services import user_admin_edit_record

PROFILE_FIELDS = ["full_name", "region", "organization_kind", "preferred_language"]


class AdminUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    region = RegionChoiceField(label=_("Region"), required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = {"email", "is_superuser", "groups", *PROFILE_FIELDS}


class AdminUserEditForm(UserEditForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    region = RegionChoiceField(label=_("Region"), required=False)

    class Meta(UserEditForm.Meta):
        model = User
        fields = {"email", "is_active", "is_superuser", "groups", *PROFILE_FIELDS}


class UserEditView(WagtailUserEditView):
    """Wagtail's user editing, recording a change of region in the audit log and
    announcing the profile change as the profile does
    (people.services.user_admin_edit_record)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.previous_region_id = self.object.region_id

    def save_instance(self):
        instance = super().save_instance()
        user_admin_edit_record(
            user=instance,
            previous_region_id=self.previous_region_id,
            by=self.request.user,
        )
        return instance


class UserIndexView(WagtailUserIndexView):
    """Wagtail's user listing, with an "Import people" button for those who may."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("people.import_user"):
            buttons.append(
                HeaderButton(
                    _("Import people"),
                    url=reverse("people_import:index"),
                    icon_name="upload",
                )
            )
        return buttons


class UserViewSet(WagtailUserViewSet):
    edit_view_class = UserEditView
    index_view_class = UserIndexView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
