"""The sign-in sheet: the printable PDF, the template prefilled with the people
registered, and the upload of the filled file (CSV or XLSX): every bad line is
reported with its number and nothing is applied until the whole file is valid; the
same file applied twice changes nothing."""

# The shared fixtures are imported by name (see test_attendance.py).
# ruff: noqa: F401, F811

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry

from scheduling import sheets
from scheduling.models import Attendance, Registration
from scheduling.services.attendance import (
    MSG_SHEET_BAD_MARK,
    MSG_SHEET_DUPLICATE,
    MSG_SHEET_NO_ONE,
    MSG_SHEET_UNKNOWN,
)
from tests.courses.helpers import ru
from tests.factories import OrganizationFactory, UserFactory
from tests.scheduling.attendance_helpers import (
    attend_course,
    day,
    participant,
    people_registered,
    register,
    session,
    today,
    trainer,
)
from tests.services import missing

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(session, region):
    office = OrganizationFactory(name="ҚҚ «Жасөспірімдер орталығы»", region=region)
    people = [
        UserFactory(full_name="Әлия Қасымова", email="aliya@example.kz"),
        UserFactory(full_name="Борис Иванов", email="boris@example.kz"),
        UserFactory(full_name="Ғалым Нұров", email="galym@example.kz"),
    ]
    people[0].organization = office
    people[0].save(update_fields=["organization"])
    register(session, *people)
    return people


def upload(client, day, name, content):
    return client.post(
        reverse("scheduling_attendance:day_sheet_upload", args=[day.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def csv_bytes(rows, *, delimiter=",", encoding="utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def marks(day) -> dict[str, str]:
    return dict(Attendance.objects.filter(day=day).values_list("person__email", "mark"))


def shown(message, **params) -> str:
    """A message as the page shows it: in Russian, HTML-escaped."""
    return escape(ru(message, **params))


def test_sheet_with_bad_lines_reports_each_with_its_number_and_applies_nothing(
    client, day, people, trainer
):
    client.force_login(trainer)
    content = csv_bytes(
        [
            ["email", "mark"],
            ["aliya@example.kz", "present"],
            ["nobody@example.kz", "present"],
            ["boris@example.kz", "late"],
            ["ALIYA@example.kz", "absent"],
            ["", "present"],
            ["galym@example.kz", ""],
        ]
    )

    response = upload(client, day, "sheet.csv", content)

    html = response.content.decode()
    assert response.status_code == 400
    assert shown(MSG_SHEET_UNKNOWN, line=3, who="nobody@example.kz") in html
    assert shown(MSG_SHEET_BAD_MARK, line=4, mark="late") in html
    assert shown(MSG_SHEET_DUPLICATE, line=5, who="ALIYA@example.kz", first=2) in html
    assert shown(MSG_SHEET_NO_ONE, line=6) in html
    assert shown(MSG_SHEET_NO_ONE, line=7) not in html  # no mark: skipped
    assert not Attendance.objects.exists()


def test_sheet_applied_twice_changes_nothing_the_second_time(
    client, day, people, trainer
):
    client.force_login(trainer)
    content = csv_bytes(
        [
            ["registration", "email", "name", "mark"],
            ["", "aliya@example.kz", "Әлия", "Присутствовал"],
            ["", "boris@example.kz", "Борис", "отсутствовал"],
            ["", "galym@example.kz", "Ғалым", "себепті"],
        ],
        delimiter=";",
    )

    first = upload(client, day, "sheet.csv", content)
    stamps = list(Attendance.objects.order_by("pk").values_list("updated_at", "mark"))
    second = upload(client, day, "sheet.csv", content)

    assert first.status_code == second.status_code == 302
    assert marks(day) == {
        "aliya@example.kz": "present",
        "boris@example.kz": "absent",
        "galym@example.kz": "excused",
    }
    assert (
        list(Attendance.objects.order_by("pk").values_list("updated_at", "mark"))
        == stamps
    )
    assert Attendance.objects.filter(source="sheet").count() == 3
    entries = ModelLogEntry.objects.for_instance(day.session).filter(
        action="scheduling.attendance_sheet"
    )
    assert [entry.data["saved"] for entry in entries.order_by("pk")] == [3, 0]


def test_sheet_reads_windows_1251_csv_by_registration_number(
    client, day, people, trainer
):
    client.force_login(trainer)
    registration = Registration.objects.get(person=people[1])
    content = csv_bytes(
        [["№", "отметка"], [str(registration.pk), "Уважительная причина"]],
        delimiter=";",
        encoding="cp1251",
    )

    response = upload(client, day, "лист.csv", content)

    assert response.status_code == 302
    assert marks(day) == {"boris@example.kz": "excused"}


def test_xlsx_template_lists_the_registered_people_and_comes_back_filled(
    client, day, people, trainer
):
    client.force_login(trainer)
    response = client.get(
        reverse("scheduling_attendance:day_sheet_template", args=[day.pk, "xlsx"])
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(sheets.COLUMNS)
    assert {row[1] for row in rows[1:]} == {p.email for p in people}
    assert "ҚҚ «Жасөспірімдер орталығы»" in {row[3] for row in rows[1:]}

    for number, mark in zip(range(2, 5), ["қатысты", "absent", "+"], strict=True):
        sheet.cell(row=number, column=5, value=mark)
    out = io.BytesIO()
    book.save(out)
    upload(client, day, "filled.xlsx", out.getvalue())

    assert sorted(marks(day).values()) == ["absent", "present", "present"]


def test_csv_template_is_prefilled_and_opens_in_excel(client, day, people, trainer):
    client.force_login(trainer)
    response = client.get(
        reverse("scheduling_attendance:day_sheet_template", args=[day.pk, "csv"])
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffregistration,email,name,organisation,mark")
    assert "Әлия Қасымова" in text
    assert response["Content-Disposition"].startswith("attachment;")


def test_sheet_that_is_not_a_spreadsheet_is_refused_clearly(
    client, day, people, trainer
):
    client.force_login(trainer)
    not_xlsx = upload(client, day, "sheet.xlsx", b"not a zip")
    no_columns = upload(client, day, "sheet.csv", csv_bytes([["who", "what"]]))
    other_type = upload(client, day, "sheet.pdf", b"%PDF-")

    assert shown(sheets.MSG_FILE_UNREADABLE, kind="XLSX") in not_xlsx.content.decode()
    assert shown(sheets.MSG_FILE_COLUMNS) in no_columns.content.decode()
    assert shown(sheets.MSG_FILE_TYPE) in other_type.content.decode()
    assert not Attendance.objects.exists()


def test_sheet_pages_are_refused_to_a_learner(client, day, participant):
    client.force_login(participant)
    for name, args in [
        ("day_sheet_upload", [day.pk]),
        ("day_sheet_template", [day.pk, "csv"]),
        ("day_sheet_pdf", [day.pk]),
    ]:
        url = reverse(f"scheduling_attendance:{name}", args=args)
        assert client.get(url).status_code == 403


def _weasyprint():
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        missing(f"WeasyPrint cannot load ({exc}): apt-get install libpango-1.0-0")


def test_sign_in_sheet_pdf_lists_names_organisations_and_a_signature_column(
    client, day, people, trainer
):
    _weasyprint()
    from pypdf import PdfReader

    client.force_login(trainer)
    response = client.get(reverse("scheduling_attendance:day_sheet_pdf", args=[day.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    with translation.override("ru"):
        signature = translation.gettext("Signature")
    for expected in ["Әлия Қасымова", "Ғалым Нұров", "Жасөспірімдер", signature]:
        assert expected in text
