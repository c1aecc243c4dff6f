"""Forms of the question import: the upload, and the confirmation of a preview.

The uploaded text travels from the preview to the confirmation in a signed (tamper-proof,
compressed) hidden field, so the server keeps nothing between the two requests; the
confirmation parses it again. The token in it names this one preview: the import
service refuses a token it has already imported (a double click imports once).
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..importers import FORMAT_CSV, FORMAT_GIFT, format_for_filename
from ..models import QuestionCategory

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# A preview may be confirmed for this long (seconds).
PREVIEW_MAX_AGE = 60 * 60 * 6

MSG_TOO_LARGE = _("The file is too large: at most %(max)s, this one is %(size)s.")
MSG_EMPTY_FILE = _("The file is empty.")
MSG_NOT_UTF8 = _(
    "The file is not UTF-8 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) and "
    "upload it again."
)
MSG_FORMAT_UNKNOWN = _(
    "The format cannot be told from the file name: choose GIFT or CSV, or name the "
    "file .gift, .txt or .csv."
)
MSG_PREVIEW_EXPIRED = _(
    "This preview has expired. Upload the file again to see a new preview."
)
MSG_PREVIEW_INVALID = _("This preview cannot be read. Upload the file again.")


def _salt(user) -> str:
    return f"assessments.questions_import:{getattr(user, 'pk', '')}"


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
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                MSG_TOO_LARGE
                % {
                    "max": filesizeformat(MAX_UPLOAD_BYTES),
                    "size": filesizeformat(upload.size),
                },
                code="too_large",
            )
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(MSG_NOT_UTF8, code="encoding") from None
        if not text.strip():
            raise ValidationError(MSG_EMPTY_FILE, code="empty")
        # Universal newlines: a file saved on Windows or an old Mac reads alike.
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
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
        category = cleaned.get("category")
        if category is not None:
            payload = signing.dumps(
                {
                    "text": self.text,
                    "format": fmt,
                    "category": category.pk,
                    "token": uuid.uuid4().hex,
                },
                salt=_salt(self.user),
                compress=True,
            )
            # The confirmation posts the payload back as an ordinary form field.
            if len(payload) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 4096:
                self.add_error(
                    "file",
                    ValidationError(
                        MSG_TOO_LARGE
                        % {
                            "max": filesizeformat(MAX_UPLOAD_BYTES),
                            "size": filesizeformat(upload.size),
                        },
                        code="too_large",
                    ),
                )
            cleaned["payload"] = payload
        return cleaned


class QuestionImportConfirmForm(forms.Form):
    """The confirmation of a preview: its signed payload, checked and unpacked."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_payload(self) -> dict:
        try:
            data = signing.loads(
                self.cleaned_data["payload"],
                salt=_salt(self.user),
                max_age=PREVIEW_MAX_AGE,
            )
        except signing.SignatureExpired:
            raise ValidationError(MSG_PREVIEW_EXPIRED, code="expired") from None
        except signing.BadSignature:
            raise ValidationError(MSG_PREVIEW_INVALID, code="invalid") from None
        category = (
            QuestionCategory.objects.select_related("locale")
            .filter(pk=data.get("category"))
            .first()
        )
        if category is None or data.get("format") not in (FORMAT_GIFT, FORMAT_CSV):
            raise ValidationError(MSG_PREVIEW_INVALID, code="invalid")
        return {
            "text": data["text"],
            "format": data["format"],
            "category": category,
            "token": data["token"],
        }
