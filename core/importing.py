"""What every file import shares: upload, preview, confirm.

The flow: the upload form reads the file (size limit, text decoding) and the preview
lists what the file would do and every problem with its line; only a file without
problems can be confirmed. Between the preview and the confirmation the uploaded file
waits on the server, in private storage (`stash_save`), named by a random key; the
page carries only a small signed payload naming that key. The signature is salted with
the import's kind and the uploader's id, so only the person who uploaded a file can
confirm it, and it expires after PREVIEW_MAX_AGE. The confirmation reads the same file
again (`stash_load`) and the app's service imports it in one transaction. Files older
than PREVIEW_MAX_AGE are removed whenever another file is stashed (`stash_purge`).

Used by assessments (questions) and people (people); see docs/question-import.md and
docs/people-import.md. The views' part is ImportFlowMixin (any page), and
ImportViewMixin puts it in the Wagtail admin.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .storage import private_storage

# A preview may be confirmed for this long (seconds).
PREVIEW_MAX_AGE = 60 * 60 * 6
STASH_DIR = "imports"

MSG_TOO_LARGE = _("The file is too large: at most %(max)s, this one is %(size)s.")
MSG_EMPTY_FILE = _("The file is empty.")
MSG_NOT_UTF8 = _(
    "The file is not UTF-8 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) and "
    "upload it again."
)
MSG_PREVIEW_EXPIRED = _(
    "This preview has expired. Upload the file again to see a new preview."
)
MSG_PREVIEW_INVALID = _("This preview cannot be read. Upload the file again.")


# Reading an upload
# ------------------------------------------------------------------------------


def upload_read(upload, *, max_bytes: int) -> bytes:
    """The bytes of an uploaded file, refused (ValidationError) when larger than
    `max_bytes` or empty."""
    if upload.size > max_bytes:
        raise ValidationError(
            MSG_TOO_LARGE
            % {"max": filesizeformat(max_bytes), "size": filesizeformat(upload.size)},
            code="too_large",
        )
    raw = upload.read()
    if not raw:
        raise ValidationError(MSG_EMPTY_FILE, code="empty")
    return raw


def upload_text(raw: bytes) -> str:
    """An upload's bytes as text: UTF-8 (with or without a BOM), universal newlines
    (a file saved on Windows or an old Mac reads alike); refused when not UTF-8 or
    blank."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(MSG_NOT_UTF8, code="encoding") from None
    if not text.strip():
        raise ValidationError(MSG_EMPTY_FILE, code="empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The file between preview and confirmation
# ------------------------------------------------------------------------------


def _salt(kind: str, user) -> str:
    return f"core.importing:{kind}:{getattr(user, 'pk', '')}"


def _stash_name(kind: str, key: str) -> str:
    return f"{STASH_DIR}/{kind}/{key}"


def stash_save(*, raw: bytes, kind: str, user, data: dict[str, Any]) -> str:
    """Keep an uploaded file for its confirmation; returns the signed payload (the
    file's key and `data`, JSON-serialisable) only `user` can use, for PREVIEW_MAX_AGE."""
    stash_purge(kind=kind)
    key = uuid.uuid4().hex
    private_storage().save(_stash_name(kind, key), ContentFile(raw))
    return signing.dumps({**data, "key": key}, salt=_salt(kind, user))


def stash_load(payload: str, *, kind: str, user) -> tuple[bytes, dict[str, Any]]:
    """The file and data of a signed payload made by stash_save for `user`; raises a
    ValidationError (expired, invalid) otherwise."""
    try:
        data = signing.loads(payload, salt=_salt(kind, user), max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(MSG_PREVIEW_EXPIRED, code="expired") from None
    except signing.BadSignature:
        raise ValidationError(MSG_PREVIEW_INVALID, code="invalid") from None
    key = str(data.get("key", ""))
    if not key.isalnum():
        raise ValidationError(MSG_PREVIEW_INVALID, code="invalid")
    storage = private_storage()
    name = _stash_name(kind, key)
    if not storage.exists(name):
        raise ValidationError(MSG_PREVIEW_EXPIRED, code="expired")
    with storage.open(name, "rb") as file:
        return file.read(), data


def stash_delete(*, kind: str, data: dict[str, Any]) -> None:
    """Remove a stashed file (after its import: it holds what was imported)."""
    key = str(data.get("key", ""))
    if key.isalnum():
        private_storage().delete(_stash_name(kind, key))


def stash_purge(*, kind: str) -> int:
    """Remove the stashed files of `kind` that can no longer be confirmed."""
    storage = private_storage()
    directory = f"{STASH_DIR}/{kind}"
    try:
        # An object store has no folders: listing a prefix with nothing under it
        # gives nothing, where the file system raises.
        names = storage.listdir(directory)[1]
    except FileNotFoundError:
        return 0
    oldest = timezone.now() - datetime.timedelta(seconds=PREVIEW_MAX_AGE)
    removed = 0
    for name in names:
        path = f"{directory}/{name}"
        if storage.get_modified_time(path) < oldest:
            storage.delete(path)
            removed += 1
    return removed


class ImportConfirmForm(forms.Form):
    """The confirmation of a preview: its signed payload, checked, with the file read
    back. cleaned_data["payload"] is (raw bytes, data)."""

    kind = ""

    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_payload(self) -> tuple[bytes, dict[str, Any]]:
        return stash_load(self.cleaned_data["payload"], kind=self.kind, user=self.user)


# The views
# ------------------------------------------------------------------------------


class ImportFlowMixin:
    """Upload, preview and confirm views of one import, whatever page they are on
    (the Wagtail admin: ImportViewMixin; the site's management pages: with the
    site's own permission check and templates). Mixed into a FormView.

    Subclasses name their upload and confirm URLs and the preview template;
    `upload_form_template_name` is included by the upload and preview pages."""

    upload_url_name = ""
    confirm_url_name = ""
    preview_template_name = ""
    upload_form_template_name = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    @property
    def upload_url(self) -> str:
        return reverse(self.upload_url_name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            upload_url=self.upload_url,
            confirm_url=reverse(self.confirm_url_name),
            upload_form_template=self.upload_form_template_name,
            **kwargs,
        )

    def render_preview(self, **context):
        # A preview may list only the first errors; the count says how many there are.
        context.setdefault("error_count", len(context.get("errors") or []))
        return self.response_class(
            request=self.request,
            template=[self.preview_template_name],
            context=self.get_context_data(**context),
            using=self.template_engine,
        )

    def confirm_refused(self, form):
        """A confirmation whose payload is forged, another user's or expired: say so
        and go back to the upload."""
        for error in form.errors.get("payload", []):
            messages.error(self.request, error)
        return redirect(self.upload_url)


class ImportViewMixin(
    ImportFlowMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin
):
    """ImportFlowMixin in the Wagtail admin: its permission check, header and
    breadcrumbs. Subclasses also name the listing they come from (`list_url_name`,
    `list_label`); their preview template extends core/import_preview.html."""

    header_icon = "upload"
    list_url_name = ""
    list_label = ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.list_url_name), "label": self.list_label},
            {"url": "", "label": self.page_title},
        ]
