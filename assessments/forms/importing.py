"""Forms of the question import: the upload, and the confirmation of a preview.

The upload-preview-confirm flow is core.importing's: the uploaded file waits on the
server between the preview and the confirmation, named by a signed payload only the
uploader can use; the confirmation parses it again. The token in the payload names this
one preview: the import service refuses a token it has already imported (a double click
imports once).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import importing
from core.importing import (
    MSG_EMPTY_FILE,
    MSG_NOT_UTF8,
    MSG_PREVIEW_EXPIRED,
    MSG_PREVIEW_INVALID,
    MSG_TOO_LARGE,
    PREVIEW_MAX_AGE,
    upload_read,
    upload_text,
)

from ..importers import FORMAT_CSV, FORMAT_GIFT, format_for_filename
from ..models import QuestionCategory

__all__ = [
    "IMPORT_KIND",
    "MAX_UPLOAD_BYTES",
    "MSG_EMPTY_FILE",
    "MSG_FORMAT_UNKNOWN",
    "MSG_NOT_UTF8",
    "MSG_PREVIEW_EXPIRED",
    "MSG_PREVIEW_INVALID",
    "MSG_TOO_LARGE",
    "PREVIEW_MAX_AGE",
    "QuestionImportConfirmForm",
    "QuestionImportForm",
]

IMPORT_KIND = "questions"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024

MSG_FORMAT_UNKNOWN = _(
    "The format cannot be told from the file name: choose GIFT or CSV, or name the "
    "file .gift, .txt or .csv."
)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: QuestionCategory) -> str:
        return f"{obj.name} ({obj.locale.get_display_name()})"


class QuestionImportForm(forms.Form):
    """The category to import into and the file; its clean() reads the file."""

    category = CategoryChoiceField(
        label=_("Category"),
        queryset=QuestionCategory.objects.select_related("locale"),
        help_text=_("The questions are created in this category, in its language."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A GIFT file (.gift or .txt) or a CSV file (.csv), UTF-8, up to 2 MB."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("From the file name")),
            (FORMAT_GIFT, _("GIFT (Moodle)")),
            (FORMAT_CSV, _("CSV (spreadsheet)")),
        ],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Read at call time, so a test's (or a setting's) change of the limit applies.
        self.text = upload_text(upload_read(upload, max_bytes=MAX_UPLOAD_BYTES))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None or not hasattr(self, "text"):
            return cleaned
        fmt = cleaned.get("format") or format_for_filename(upload.name)
        if not fmt:
            self.add_error("format", ValidationError(MSG_FORMAT_UNKNOWN, code="format"))
            return cleaned
        cleaned["format"] = fmt
        cleaned["text"] = self.text
        return cleaned


class QuestionImportConfirmForm(importing.ImportConfirmForm):
    """The confirmation of a preview: its payload checked and the file read back
    (cleaned_data["payload"]: text, format, category, token)."""

    kind = IMPORT_KIND

    def clean_payload(self) -> dict:
        raw, data = super().clean_payload()
        category = (
            QuestionCategory.objects.select_related("locale")
            .filter(pk=data.get("category"))
            .first()
        )
        if category is None or data.get("format") not in (FORMAT_GIFT, FORMAT_CSV):
            raise ValidationError(MSG_PREVIEW_INVALID, code="invalid")
        return {
            "text": upload_text(raw),
            "format": data["format"],
            "category": category,
            "token": data["token"],
        }
