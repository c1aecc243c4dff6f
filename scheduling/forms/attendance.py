"""Forms of the attendance pages: the trainer's list (one radio group per person),
the batch of marks a phone sends as JSON, the check-in code, the filled sheet."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ..models import AttendanceMark
from ..selectors import AttendanceRow
from ..services import BatchMark

# A phone's clock may run ahead: a mark "made" later than this after it arrived is
# taken as made when it arrived (else it could never be corrected from the list).
CLOCK_SKEW = datetime.timedelta(minutes=5)
MAX_BATCH = 500


def mark_field_name(person_id: int) -> str:
    return f"mark-{person_id}"


class AttendanceListForm(forms.Form):
    """The day's list: for each registered person, present / absent / excused
    (or nothing yet)."""

    def __init__(self, *args, rows: list[AttendanceRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[mark_field_name(row.person.pk)] = forms.ChoiceField(
                label=row.person.full_name or row.person.email,
                choices=AttendanceMark.choices,
                required=False,
                initial=row.mark,
                widget=forms.RadioSelect,
            )

    def marks(self, *, now: datetime.datetime) -> list[BatchMark]:
        """The marks chosen, as made now (people left blank are not sent)."""
        return [
            BatchMark(
                person_id=row.person.pk,
                mark=self.cleaned_data[mark_field_name(row.person.pk)],
                marked_at=now,
            )
            for row in self.rows
            if self.cleaned_data.get(mark_field_name(row.person.pk))
        ]


def batch_parse(payload, *, now: datetime.datetime | None = None) -> list[BatchMark]:
    """The marks of a JSON batch ({"marks": [{"person", "mark", "marked_at",
    "client_id"}, ...]}); raises ValueError when it is not one. A bad mark value is
    left for the service to refuse, with its client id."""
    now = now or timezone.now()
    if not isinstance(payload, dict) or not isinstance(payload.get("marks"), list):
        raise ValueError("a JSON object with a list of marks is expected")
    items = payload["marks"]
    if len(items) > MAX_BATCH:
        raise ValueError("too many marks in one batch")
    marks = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError("every mark is an object")
        try:
            person_id = int(item.get("person"))
        except (TypeError, ValueError):
            raise ValueError("every mark names a person by id") from None
        marked_at = parse_datetime(str(item.get("marked_at") or ""))
        if marked_at is None or timezone.is_naive(marked_at):
            raise ValueError("marked_at is an ISO 8601 time with its offset")
        marks.append(
            BatchMark(
                person_id=person_id,
                mark=str(item.get("mark") or ""),
                marked_at=min(marked_at, now + CLOCK_SKEW),
                client_id=str(item.get("client_id") or "")[:64],
            )
        )
    return marks


class CheckInCodeForm(forms.Form):
    """The six-digit code shown during an online meeting."""

    code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        help_text=_("The six digits the trainer shows during the meeting."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class SheetUploadForm(forms.Form):
    """A filled sign-in sheet."""

    file = forms.FileField(
        label=_("Filled sheet (.csv or .xlsx)"),
        help_text=_(
            "Columns: email (or registration) and mark: present, absent or excused "
            "(in Russian or Kazakh too). Lines without a mark are skipped."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet"
            }
        ),
    )
