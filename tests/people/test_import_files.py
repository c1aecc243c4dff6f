"""Reading a file of people: CSV or XLSX, headers in any case and language, lines."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core import uploads
from core.importing import MSG_NOT_UTF8
from people.importing import people_file_read, template_csv
from people.importing.files import (
    MSG_COLUMN_EMAIL_MISSING,
    MSG_COLUMN_UNKNOWN,
    MSG_XLSX_UNREADABLE,
)
from tests.people.import_helpers import csv_bytes, xlsx_bytes


def test_csv_with_russian_headers_in_any_case_is_read_with_file_line_numbers():
    raw = (
        "\ufeffЭЛ. ПОЧТА;фамилия;Имя;Отчество;Дата_Рождения;РЕГИОН;Организация*;роль\n"
        "\n"
        'A@Example.kz;Нурланова;Айгерим;"Ерлановна";14.03.1995;KZ-75;Фронт;staff\n'
        'b@example.kz;"Две\nстроки";Б;;;KZ-75;;\n'
        "c@example.kz;;;;;KZ-71;;\n"
    ).encode()

    rows, problems = people_file_read(raw)

    assert problems == []
    assert [row.line for row in rows] == [3, 4, 6]
    assert rows[0].cells == {
        "email": "A@Example.kz",
        "last_name": "Нурланова",
        "first_name": "Айгерим",
        "middle_name": "Ерлановна",
        "birth_date": "14.03.1995",
        "region": "KZ-75",
        "organization": "Фронт",
        "role": "staff",
    }


def test_comma_separated_english_headers_are_read():
    raw = csv_bytes(
        [["x@example.kz", "X Y", "1990-12-31"]],
        header=["Email", "Full name", "Date of birth"],
        sep=",",
    )
    rows, problems = people_file_read(raw)
    assert problems == []
    assert rows[0].cells == {
        "email": "x@example.kz",
        "full_name": "X Y",
        "birth_date": "1990-12-31",
    }


def test_xlsx_is_read_with_its_dates_as_dates():
    raw = xlsx_bytes(
        [
            ["a@example.kz", "Айгерим Н.", datetime.datetime(1995, 3, 14), "KZ-75"],  # noqa: DTZ001 (a spreadsheet cell is naive)
            [None, None, None, None],
            ["b@example.kz", "Б", "31.12.1990", 75],
        ],
        header=["Почта", "ФИО", "Дата рождения", "Регион"],
    )
    rows, problems = people_file_read(raw)
    assert problems == []
    assert [row.line for row in rows] == [2, 4]
    assert rows[0].cells["birth_date"] == datetime.date(1995, 3, 14)
    assert rows[1].cells["region"] == "75"


def test_unknown_columns_and_a_missing_email_column_are_problems_of_the_header():
    raw = csv_bytes([["Имя"]], header=["ФИО", "Любимый цвет"])
    rows, problems = people_file_read(raw)
    assert rows == []
    assert [(p.line, p.message) for p in problems] == [
        (1, str(MSG_COLUMN_UNKNOWN % {"name": "Любимый цвет"})),
        (1, str(MSG_COLUMN_EMAIL_MISSING)),
    ]


def test_csv_that_is_not_utf8_is_refused():
    with pytest.raises(ValidationError) as caught:
        people_file_read("Почта\na@b.kz\n".encode("cp1251"))
    assert caught.value.messages == [str(MSG_NOT_UTF8)]


def test_the_template_file_reads_without_problems():
    rows, problems = people_file_read(template_csv().encode())
    assert problems == []
    assert len(rows) == 1
    assert set(rows[0].cells) >= {"email", "full_name", "region", "role", "start_date"}


def test_a_workbook_that_would_unpack_past_the_limit_is_refused_unread(monkeypatch):
    """A "zip bomb" named .xlsx: refused before openpyxl inflates it (core.uploads)."""
    monkeypatch.setattr(uploads, "ZIP_MAX_UNPACKED", 1000)
    monkeypatch.setattr(
        "openpyxl.load_workbook", lambda *a, **k: pytest.fail("the workbook was read")
    )

    rows, problems = people_file_read(xlsx_bytes([["a@example.kz", "Айгерим Н."]]))

    assert rows == []
    assert [(p.line, p.message) for p in problems] == [(1, str(MSG_XLSX_UNREADABLE))]
