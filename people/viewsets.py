"""Wagtail admin user forms for a user model with one full-name field and no username,
the user listing with its "Import people" button, and the saving and deleting of
users after a re-authentication (people.access), with changes of groups audited."""

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import HeaderButton
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView as WagtailUserCreateView
from wagtail.users.views.users import DeleteView as WagtailUserDeleteView
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import IndexView as WagtailUserIndexView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .access import sensitive_post
from .forms import RegionChoiceField
from .models import User
from .selectors import user_group_names
from .services import user_admin_edit_record, user_roles_change_record

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


@sensitive_post
class UserCreateView(WagtailUserCreateView):
    pass


@sensitive_post
class UserEditView(WagtailUserEditView):
    """Wagtail's user editing, recording a change of region, and of groups or
    superuser status, in the audit log and announcing the profile change as the
    profile does (people.services.user_admin_edit_record,
    user_roles_change_record)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.previous_region_id = self.object.region_id
        self.previous_groups = (
            user_group_names(self.object) if request.method == "POST" else set()
        )
        self.previous_superuser = self.object.is_superuser

    def save_instance(self):
        instance = super().save_instance()
        user_admin_edit_record(
            user=instance,
            previous_region_id=self.previous_region_id,
            by=self.request.user,
        )
        user_roles_change_record(
            user=instance,
            previous_groups=self.previous_groups,
            previous_superuser=self.previous_superuser,
            by=self.request.user,
        )
        return instance


@sensitive_post
class UserDeleteView(WagtailUserDeleteView):
    pass


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
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    index_view_class = UserIndexView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
