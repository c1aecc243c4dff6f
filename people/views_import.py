"""The import of people on the site's management pages (/<lang>/manage/people/import/),
for holders of people.import_user: regional admins, who have no Wagtail admin, import
into their region, national admins anywhere. The flow is the admin's
(people.importing.views.PeopleImportFlowMixin); only the pages and the permission
check are the site's."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils.translation import ngettext
from django.views.generic import FormView, View

from .access import sensitive_post
from .importing.forms import PeopleImportConfirmForm, PeopleImportForm
from .importing.views import PeopleImportFlowMixin, template_csv_response

PERMISSION = "people.import_user"


class _SiteImportMixin(
    LoginRequiredMixin, PermissionRequiredMixin, PeopleImportFlowMixin
):
    # Anonymous: to the login page; signed in without the permission: 403.
    permission_required = PERMISSION
    upload_url_name = "people:import"
    confirm_url_name = "people:import_confirm"
    template_url_name = "people:import_template"
    preview_template_name = "people/import/preview.html"
    upload_form_template_name = "people/import/form.html"

    def render_preview(self, **context):
        # The page's error summary (base.html) links to the list of the file's problems.
        count = context.get("error_count") or 0
        if count:
            context["form_errors"] = [
                (
                    "import-errors",
                    ngettext(
                        "The file has %(count)s problem: its line is listed below.",
                        "The file has %(count)s problems: their lines are listed below.",
                        count,
                    )
                    % {"count": count},
                )
            ]
        return super().render_preview(**context)


class PeopleImportView(_SiteImportMixin, FormView):
    """Upload (GET) and dry run (POST) a file of people."""

    form_class = PeopleImportForm
    template_name = "people/import/upload.html"

    def form_valid(self, form):
        return self.upload_valid(form)


@sensitive_post
class PeopleImportConfirmView(_SiteImportMixin, FormView):
    """Apply a previewed file: every row or, on any problem, none."""

    form_class = PeopleImportConfirmForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        return self.confirm_refused(form)

    def form_valid(self, form):
        return self.confirm_valid(form)


class PeopleImportTemplateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The template file (CSV)."""

    permission_required = PERMISSION

    def get(self, request):
        return template_csv_response()


people_import = PeopleImportView.as_view()
people_import_confirm = PeopleImportConfirmView.as_view()
people_import_template = PeopleImportTemplateView.as_view()
