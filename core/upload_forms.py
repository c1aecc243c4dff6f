"""The Wagtail admin's document and image forms, with every uploaded file's content
checked against its extension (core.uploads): settings WAGTAILDOCS_DOCUMENT_FORM_BASE
and WAGTAILIMAGES_IMAGE_FORM_BASE. They serve the single and the multiple upload, the
choosers' upload and the replacement of a file alike.

Wagtail checks the rest: the extension (WAGTAILDOCS_EXTENSIONS, WAGTAILIMAGES_EXTENSIONS),
the size (WAGTAILDOCS_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_UPLOAD_SIZE) and, for images,
the format Willow reads against the extension."""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .uploads import MSG_CONTENT, content_is, extension_of


def _content_checked(upload, allowed) -> None:
    """Refuse a newly uploaded file of an accepted extension whose content is not of
    that kind (an extension not accepted is Wagtail's to refuse, with its message)."""
    if not isinstance(upload, UploadedFile):
        return  # the file already stored, kept by an edit
    extension = extension_of(upload.name)
    if allowed is not None and extension not in allowed:
        return
    if not content_is(upload, extension):
        raise ValidationError(
            MSG_CONTENT,
            code="content",
            params={"name": posixpath.basename(upload.name), "extension": extension},
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form; the file's content checked after its size."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        _content_checked(upload, [e.lower() for e in allowed] if allowed else None)
        return upload

    def _post_clean(self):
        # A file refused (here or by Wagtail's field: too large) is not put on the
        # instance, and Wagtail's Document.clean would then add that files with the
        # extension "" are not accepted: keep only the reason the file was refused.
        refused = self._errors.get("file") if self._errors else None
        kept = refused.copy() if refused else None
        super()._post_clean()
        if kept is not None:
            self._errors["file"] = kept


class CheckedImageField(WagtailImageField):
    """Wagtail's image field with the file's content checked first (after its size,
    so a huge file is never read): a damaged image is refused with a message, where
    Willow would fail reading it (a server error) or, for a truncated one, accept it
    and break its renditions later."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            self.check_image_file_size(data)
            extension = extension_of(data.name)
            if extension in self.allowed_image_extensions:
                _content_checked(data, [extension])
        return super().to_python(data)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The field Wagtail made for the model's file (absent from the multiple
        # upload's edit form), replaced by the checking one with the same settings.
        field = self.fields.get("file")
        if field is not None and not isinstance(field, CheckedImageField):
            self.fields["file"] = CheckedImageField(
                label=field.label,
                required=field.required,
                widget=field.widget,
            )
