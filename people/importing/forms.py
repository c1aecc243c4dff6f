"""Forms of the import of people: the upload (CSV or XLSX, read by clean()) and the
confirmation of a preview (core.importing's signed payload)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import importing
from core.importing import upload_read

from .files import people_file_read

IMPORT_KIND = "people"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class PeopleImportForm(forms.Form):
    """The file and whether organisations it names that do not exist are created."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A spreadsheet (.xlsx) or a CSV file (UTF-8), up to 5 MB and 10,000 rows."
        ),
    )
    create_organizations = forms.BooleanField(
        label=_("Create missing organisations"),
        required=False,
        help_text=_(
            "Without it, an organisation that does not exist in the row's region is a "
            "problem of that row. With it, the organisation is created (kind “Other”)."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.raw = upload_read(upload, max_bytes=MAX_UPLOAD_BYTES)
        # A CSV that is not UTF-8 is refused here (ValidationError), with the form.
        self.rows, self.problems = people_file_read(self.raw)
        return upload


class PeopleImportConfirmForm(importing.ImportConfirmForm):
    """The confirmation of a preview: cleaned_data["payload"] is (raw bytes, data with
    the file name and create_organizations)."""

    kind = IMPORT_KIND
