"""Question import (GIFT, CSV) in the Wagtail admin: upload, preview, confirm.

The preview parses the file and lists every question and every error with its line;
only a file without errors can be confirmed. The file waits on the server until then
(core.importing's flow); the confirmation parses it again and imports it in one
transaction.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.permission_policies import ModelPermissionPolicy

from core.importing import ImportViewMixin, stash_save
from people.access import sensitive_post

from ..forms import importing as import_forms
from ..forms.importing import (
    IMPORT_KIND,
    QuestionImportConfirmForm,
    QuestionImportForm,
)
from ..importers import parse
from ..models import Question, QuestionCategory
from ..services.bank import questions_import

QUESTION_LIST_URL = "wagtailsnippets_assessments_question:list"


def question_list_url(category: QuestionCategory | None = None) -> str:
    url = reverse(QUESTION_LIST_URL)
    if category is None:
        return url
    return f"{url}?{urlencode({'category': category.pk, 'locale': category.locale.language_code})}"


class _ImportMixin(ImportViewMixin):
    permission_policy = ModelPermissionPolicy(Question)
    permission_required = "add"
    page_title = _("Import questions")
    list_url_name = QUESTION_LIST_URL
    list_label = _("Questions")
    upload_url_name = "assessments_import:index"
    confirm_url_name = "assessments_import:confirm"
    preview_template_name = "assessments/admin/import_preview.html"
    upload_form_template_name = "assessments/admin/import_form.html"

    def render_preview(self, *, upload_form, category, text, fmt, stash=False):
        questions, errors = parse(text=text, fmt=fmt)
        confirm_form = None
        if questions and not errors and stash:
            payload = stash_save(
                raw=text.encode(),
                kind=IMPORT_KIND,
                user=self.request.user,
                data={
                    "format": fmt,
                    "category": category.pk,
                    "token": uuid.uuid4().hex,
                },
            )
            confirm_form = QuestionImportConfirmForm(
                user=self.request.user, initial={"payload": payload}
            )
        return super().render_preview(
            form=upload_form,
            category=category,
            questions=questions,
            items=questions,
            errors=errors,
            confirm_form=confirm_form,
            format=fmt,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            max_upload_bytes=import_forms.MAX_UPLOAD_BYTES,
            kinds=dict(Question.Kind.choices),
            **kwargs,
        )


class QuestionImportView(_ImportMixin, FormView):
    """Upload (GET) and preview (POST) a file of questions."""

    form_class = QuestionImportForm
    template_name = "assessments/admin/import.html"

    def get_initial(self):
        category = self.request.GET.get("category")
        return {"category": category} if category and category.isdigit() else {}

    def form_valid(self, form):
        data = form.cleaned_data
        return self.render_preview(
            upload_form=QuestionImportForm(
                user=self.request.user, initial={"category": data["category"]}
            ),
            category=data["category"],
            text=data["text"],
            fmt=data["format"],
            stash=True,
        )


@sensitive_post
class QuestionImportConfirmView(_ImportMixin, FormView):
    """Import a previewed file: all its questions or, on any problem, none (after a
    re-authentication, people.access)."""

    form_class = QuestionImportConfirmForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        return self.confirm_refused(form)

    def form_valid(self, form):
        payload = form.cleaned_data["payload"]
        category = payload["category"]
        questions, errors = parse(text=payload["text"], fmt=payload["format"])
        if not errors and questions:
            try:
                created = questions_import(
                    category=category,
                    questions=questions,
                    user=self.request.user,
                    token=payload["token"],
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "already_imported":
                    messages.info(self.request, exc.messages[0])
                    return redirect(question_list_url(category))
                messages.error(self.request, " ".join(exc.messages))
                return self.render_preview(
                    upload_form=QuestionImportForm(
                        user=self.request.user, initial={"category": category}
                    ),
                    category=category,
                    text=payload["text"],
                    fmt=payload["format"],
                )
            messages.success(
                self.request,
                ngettext(
                    "%(count)s question imported.",
                    "%(count)s questions imported.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect(question_list_url(category))
        # The bank's rules changed since the preview: show what is wrong now.
        return self.render_preview(
            upload_form=QuestionImportForm(
                user=self.request.user, initial={"category": category}
            ),
            category=category,
            text=payload["text"],
            fmt=payload["format"],
        )


question_import_view = QuestionImportView.as_view()
question_import_confirm_view = QuestionImportConfirmView.as_view()

urlpatterns: list = [
    path("", question_import_view, name="index"),
    path("confirm/", question_import_confirm_view, name="confirm"),
]
