"""Files of people for the import tests: CSV text and XLSX bytes from rows."""

from __future__ import annotations

import io

HEADER = [
    "E-mail",
    "ФИО",
    "Дата рождения",
    "Регион",
    "Организация",
    "Роль",
    "Дата начала",
]


def csv_bytes(
    rows: list[list[str]], header: list[str] = HEADER, sep: str = ";"
) -> bytes:
    lines = [sep.join(header), *(sep.join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_rows(count: int, *, organization: str, region: str = "KZ-75") -> list:
    return [
        [
            f"person{n}@example.kz",
            f"Человек Номер {n}",
            "14.03.1995",
            region,
            organization,
            "staff",
            "01.09.2025",
        ]
        for n in range(count)
    ]
