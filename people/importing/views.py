"""The import of people: upload, preview (the dry run), confirm, and the template file.
National admins import anywhere, regional admins into their region
(people.importing.plan); the permission is people.import_user.

PeopleImportFlowMixin is the flow itself, whatever page it is on; the views here put
it in the Wagtail admin (URLs `people_import:`), people.views_import on the site's
management pages (URLs `people:import`, for regional admins, who have no admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from core.importing import ImportFlowMixin, ImportViewMixin, stash_delete, stash_save

from ..access import sensitive_post
from ..models import User
from ..services import people_import_apply
from .files import people_file_read, template_csv
from .forms import IMPORT_KIND, PeopleImportConfirmForm, PeopleImportForm
from .plan import people_import_plan

USER_LIST_URL = "wagtailusers_users:index"
# The preview lists at most this many rows of each kind (the counts say the rest).
PREVIEW_ROWS = 500


def template_csv_response() -> HttpResponse:
    """The template file: the columns and one example row (CSV, UTF-8 with a BOM so
    that Excel opens it right)."""
    response = HttpResponse(
        "\ufeff" + template_csv(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="people-import.csv"'
    return response


class PeopleImportFlowMixin(ImportFlowMixin):
    """The import of people on any page: the dry run of an upload and the
    confirmation. Subclasses name the URLs (with `template_url_name`, the template
    file) and templates."""

    template_url_name = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            template_url=reverse(self.template_url_name), **kwargs
        )

    def preview(self, *, upload_form, rows, problems, raw, filename, create):
        plan = people_import_plan(
            rows=rows, actor=self.request.user, create_organizations=create
        )
        errors = sorted([*problems, *plan.errors], key=lambda error: error.line)
        confirm_form = None
        if not errors and plan.changes and raw is not None:
            payload = stash_save(
                raw=raw,
                kind=IMPORT_KIND,
                user=self.request.user,
                data={"filename": filename, "create_organizations": create},
            )
            confirm_form = PeopleImportConfirmForm(
                user=self.request.user, initial={"payload": payload}
            )
        changed = [row for row in plan.rows if not row.unchanged]
        return self.render_preview(
            form=upload_form,
            plan=plan,
            counts=plan.counts,
            items=plan.rows,
            errors=errors[:PREVIEW_ROWS],
            error_count=len(errors),
            changed_rows=changed[:PREVIEW_ROWS],
            changed_more=max(0, len(changed) - PREVIEW_ROWS),
            filename=filename,
            confirm_form=confirm_form,
        )

    def upload_valid(self, form):
        """The dry run of an uploaded file (the upload form is valid)."""
        create = form.cleaned_data["create_organizations"]
        return self.preview(
            upload_form=PeopleImportForm(
                user=self.request.user, initial={"create_organizations": create}
            ),
            rows=form.rows,
            problems=form.problems,
            raw=form.raw,
            filename=form.cleaned_data["file"].name,
            create=create,
        )

    def confirm_valid(self, form):
        """Apply a previewed file (the confirm form is valid): every row or, on any
        problem, none, and the preview again."""
        raw, data = form.cleaned_data["payload"]
        create = bool(data.get("create_organizations"))
        filename = str(data.get("filename", ""))
        rows, problems = people_file_read(raw)
        if not problems:
            try:
                plan = people_import_apply(
                    rows=rows,
                    actor=self.request.user,
                    filename=filename,
                    create_organizations=create,
                )
            except ValidationError as exc:
                messages.error(self.request, " ".join(exc.messages))
            else:
                stash_delete(kind=IMPORT_KIND, data=data)
                counts = plan.counts
                messages.success(
                    self.request,
                    _(
                        "Import done: %(created)s new people, %(updated)s updated, "
                        "%(positions)s new positions, %(unchanged)s rows unchanged."
                    )
                    % {
                        "created": counts["people_created"],
                        "updated": counts["people_updated"],
                        "positions": counts["positions_created"],
                        "unchanged": counts["unchanged"],
                    },
                )
                return redirect(self.upload_url)
        return self.preview(
            upload_form=PeopleImportForm(
                user=self.request.user, initial={"create_organizations": create}
            ),
            rows=rows,
            problems=problems,
            raw=None,
            filename=filename,
            create=create,
        )


# The Wagtail admin
# ------------------------------------------------------------------------------


class _ImportMixin(PeopleImportFlowMixin, ImportViewMixin):
    permission_policy = ModelPermissionPolicy(User)
    permission_required = "import"
    page_title = gettext_lazy("Import people")
    list_url_name = USER_LIST_URL
    list_label = gettext_lazy("Users")
    upload_url_name = "people_import:index"
    confirm_url_name = "people_import:confirm"
    template_url_name = "people_import:template"
    preview_template_name = "people/admin/import_preview.html"
    upload_form_template_name = "people/admin/import_form.html"

    def get_breadcrumbs_items(self):
        # Regional admins may not open Wagtail's user listing: no link to it for them.
        items = super().get_breadcrumbs_items()
        if not self.request.user.has_perm("people.change_user"):
            items[-2] = {**items[-2], "url": ""}
        return items


class PeopleImportView(_ImportMixin, FormView):
    """Upload (GET) and dry run (POST) a file of people."""

    form_class = PeopleImportForm
    template_name = "people/admin/import.html"

    def form_valid(self, form):
        return self.upload_valid(form)


@sensitive_post
class PeopleImportConfirmView(_ImportMixin, FormView):
    """Apply a previewed file: every row or, on any problem, none (after a
    re-authentication, people.access)."""

    form_class = PeopleImportConfirmForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        return self.confirm_refused(form)

    def form_valid(self, form):
        return self.confirm_valid(form)


class PeopleImportTemplateView(PermissionCheckedMixin, View):
    """The template file."""

    permission_policy = ModelPermissionPolicy(User)
    permission_required = "import"

    def get(self, request):
        return template_csv_response()


people_import_view = PeopleImportView.as_view()
people_import_confirm_view = PeopleImportConfirmView.as_view()
people_import_template_view = PeopleImportTemplateView.as_view()

urlpatterns: list = [
    path("", people_import_view, name="index"),
    path("confirm/", people_import_confirm_view, name="confirm"),
    path("template.csv", people_import_template_view, name="template"),
]
