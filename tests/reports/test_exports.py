"""The export of every enrolment in the viewer's scope (CSV streamed, XLSX from a
temporary file): its columns, its rows (scope and the dashboard's filters), cells
that cannot run as formulas, a fixed number of queries; and the table writer the
reports share (reports.tables)."""

import csv
import datetime
import io

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from courses.models import Enrolment, ItemProgress
from people.models import OrganizationKind
from reports import tables
from reports.tables import Table, csv_response, xlsx_response
from tests.courses.helpers import ru
from tests.factories import OrganizationFactory, UserFactory, course_with_lessons

pytestmark = pytest.mark.django_db

CSV = "reports:enrolments_csv"
XLSX = "reports:enrolments_xlsx"


def csv_lines(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def xlsx_lines(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def enrol(learner, course, *, done: int = 0, completed: bool = False):
    """An enrolment with its first `done` lessons done (completed: all of them)."""
    enrolment = Enrolment.objects.create(
        learner=learner,
        course_key=course.translation_key,
        status=Enrolment.Status.COMPLETED if completed else Enrolment.Status.ACTIVE,
        completed_at=timezone.now() if completed else None,
    )
    lessons = course.get_children().order_by("path")
    for lesson in lessons[: len(lessons) if completed else done]:
        ItemProgress.objects.create(
            enrolment=enrolment,
            item_key=lesson.translation_key,
            completed_at=timezone.now(),
        )
    return enrolment


@pytest.fixture
def courses(program_page):
    first, _lessons = course_with_lessons(program_page, 3, title="Права волонтёра")
    second, _lessons = course_with_lessons(program_page, 2, title="Паллиативная помощь")
    return first, second


@pytest.fixture
def people(region, other_region, courses):
    """In `region`: Айгерим (of an NGO) enrolled in the first course (1 of 3 done) and
    done with the second; Бекзат enrolled in the second (none done). In
    `other_region`: Данияр in the first course, 2 of 3 done."""
    first, second = courses
    ngo = OrganizationFactory(
        name="Добрые руки", kind=OrganizationKind.VOLUNTEER_NGO, region=region
    )
    aigerim = UserFactory(
        region=region,
        full_name="Айгерим Сапарова",
        organization=ngo,
        organization_kind=OrganizationKind.VOLUNTEER_NGO,
    )
    bekzat = UserFactory(region=region, full_name="Бекзат Ахметов")
    daniyar = UserFactory(region=other_region, full_name="Данияр Ким")
    enrol(aigerim, first, done=1)
    enrol(aigerim, second, completed=True)
    enrol(bekzat, second)
    enrol(daniyar, first, done=2)
    return aigerim, bekzat, daniyar


def by_learner(lines) -> dict[tuple[str, str], list]:
    return {(line[0], line[4]): list(line) for line in lines[1:]}


def test_the_csv_has_a_line_per_enrolment_with_every_column(
    national_admin_client, people, region, other_region
):
    aigerim, _bekzat, daniyar = people
    response = national_admin_client.get(reverse(CSV))

    lines = csv_lines(response)
    assert lines[0] == [
        ru("Learner"),
        ru("E-mail"),
        ru("Region"),
        ru("Organisation"),
        ru("Course"),
        ru("Enrolled at"),
        ru("Status"),
        ru("Completed at"),
        ru("Progress, %"),
    ]
    rows = by_learner(lines)
    assert len(rows) == 4
    started = rows[("Айгерим Сапарова", "Права волонтёра")]
    assert started[1:5] == [
        aigerim.email,
        region.name_ru,
        "Добрые руки",
        "Права волонтёра",
    ]
    assert started[5] == timezone.localtime(
        Enrolment.objects.get(learner=aigerim, status="active").created_at
    ).strftime("%Y-%m-%d %H:%M")
    assert started[6:] == [ru("In progress"), "", "33"]
    done = rows[("Айгерим Сапарова", "Паллиативная помощь")]
    assert done[6] == ru("Completed") and done[7] and done[8] == "100"
    assert rows[("Бекзат Ахметов", "Паллиативная помощь")][8] == "0"
    far = rows[("Данияр Ким", "Права волонтёра")]
    assert (far[1], far[2], far[3], far[8]) == (
        daniyar.email,
        other_region.name_ru,
        "",
        "67",
    )


def test_the_csv_is_streamed_and_the_xlsx_sent_from_a_file(
    national_admin_client, people
):
    streamed = national_admin_client.get(reverse(CSV))
    sheet = national_admin_client.get(reverse(XLSX))

    assert isinstance(streamed, StreamingHttpResponse)
    assert streamed["Content-Disposition"] == 'attachment; filename="enrolments.csv"'
    assert streamed["Content-Type"] == "text/csv; charset=utf-8"
    assert isinstance(sheet, FileResponse)
    assert 'filename="enrolments.xlsx"' in sheet["Content-Disposition"]


def test_the_xlsx_has_the_same_rows_with_numbers_and_dates(
    national_admin_client, people
):
    lines = xlsx_lines(national_admin_client.get(reverse(XLSX)))

    assert len(lines) == 1 + 4
    rows = by_learner(lines)
    started = rows[("Айгерим Сапарова", "Права волонтёра")]
    assert isinstance(started[5], datetime.datetime) and started[5].tzinfo is None
    assert started[7] is None and started[8] == 33
    assert rows[("Данияр Ким", "Права волонтёра")][8] == 67


def test_a_regional_admin_gets_only_their_regions_enrolments(
    regional_admin_client, people
):
    rows = by_learner(csv_lines(regional_admin_client.get(reverse(CSV))))
    assert {name for name, _course in rows} == {"Айгерим Сапарова", "Бекзат Ахметов"}
    rows = by_learner(xlsx_lines(regional_admin_client.get(reverse(XLSX))))
    assert len(rows) == 3


def test_a_regional_admin_cannot_filter_their_way_into_another_region(
    regional_admin_client, people, other_region
):
    response = regional_admin_client.get(reverse(CSV), {"region": other_region.pk})
    names = {name for name, _course in by_learner(csv_lines(response))}
    assert "Данияр Ким" not in names


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organization_kind": OrganizationKind.VOLUNTEER_NGO}, 2),
        ({"course": "first"}, 2),
        ({"course": "second"}, 2),
        ({"course": "program"}, 4),
        ({"region": "other"}, 1),
    ],
)
def test_the_dashboard_filters_apply(
    national_admin_client, people, courses, program_page, other_region, params, expected
):
    query = dict(params)
    targets = {
        "first": courses[0].translation_key,
        "second": courses[1].translation_key,
        "program": program_page.translation_key,
    }
    if "course" in query:
        query = {"target": str(targets[query.pop("course")])}
    if query.get("region") == "other":
        query["region"] = other_region.pk
    lines = csv_lines(national_admin_client.get(reverse(CSV), query))
    assert len(lines) - 1 == expected


def test_formulas_in_names_and_organisations_are_neutralised(
    national_admin_client, region, courses
):
    ngo = OrganizationFactory(name="+7 777 (call)", region=region)
    person = UserFactory(
        region=region, full_name='=HYPERLINK("http://x")', organization=ngo
    )
    enrol(person, courses[0])

    [line] = csv_lines(national_admin_client.get(reverse(CSV)))[1:]
    assert line[0] == '\'=HYPERLINK("http://x")'
    assert line[3] == "'+7 777 (call)"
    [row] = xlsx_lines(national_admin_client.get(reverse(XLSX)))[1:]
    assert row[0].startswith("'=") and row[3].startswith("'+")


def test_the_export_reads_the_same_number_of_queries_for_3_and_30_enrolments(
    national_admin_client, region, courses, django_assert_num_queries
):
    def queries(enrolments: int) -> None:
        national_admin_client.get(reverse(CSV))  # the session and memos warm
        # the viewer's scope; the filters' regions, programs and courses; the
        # names of the regions, programs and courses; the live courses and their
        # required items; then the enrolments, in one query
        with django_assert_num_queries(10):
            response = national_admin_client.get(reverse(CSV))
            assert len(csv_lines(response)) == 1 + enrolments

    for course in courses:
        enrol(UserFactory(region=region), course, done=1)
    enrol(UserFactory(region=region), courses[0])
    queries(3)
    for n in range(27):
        enrol(UserFactory(region=region), courses[n % 2], done=n % 3)
    queries(30)


def test_the_rows_are_read_in_the_viewers_language_after_the_view_returned(
    national_admin_client, people, region
):
    response = national_admin_client.get(reverse(CSV))
    with translation.override("en"):
        lines = csv_lines(response)  # the server writes it outside the request
    assert lines[0][0] == ru("Learner")
    assert region.name_ru in {line[2] for line in lines[1:]}


@pytest.mark.parametrize("name", [CSV, XLSX])
@pytest.mark.parametrize("who", ["learner", "mentor", "editor"])
def test_learners_mentors_and_editors_are_refused(client, people, request, who, name):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


def test_the_dashboard_links_both_exports_with_its_filters(
    national_admin_client, region
):
    html = national_admin_client.get(
        reverse("reports:dashboard"), {"region": region.pk}
    ).content.decode()
    assert f'href="{reverse(CSV)}?region={region.pk}"' in html
    assert f'href="{reverse(XLSX)}?region={region.pk}"' in html


# reports.tables
# ------------------------------------------------------------------------------


def test_a_table_keeps_numbers_dates_and_times_and_quotes_text_formulas():
    moment = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=datetime.UTC)
    table = Table(
        title="T",
        header=["a"],
        rows=[],
        zone=datetime.timezone(datetime.timedelta(hours=5)),
    )

    assert [table.csv_cell(v) for v in (-3, 2.5, None, "-1+2", moment)] == [
        "-3",
        "2.5",
        "",
        "'-1+2",
        "2026-03-05 14:30",
    ]
    # a spreadsheet's time has no zone: the wall-clock time in the table's zone
    wall_clock = moment.astimezone(table.zone).replace(tzinfo=None)
    assert table.xlsx_cell(moment) == wall_clock
    assert (wall_clock.hour, wall_clock.minute) == (14, 30)
    assert table.xlsx_cell(datetime.date(2026, 3, 5)) == datetime.date(2026, 3, 5)
    assert table.xlsx_cell("@SUM(1)") == "'@SUM(1)"


def test_a_table_longer_than_a_worksheet_ends_with_a_pointer_to_the_csv(
    monkeypatch,
):
    monkeypatch.setattr(tables, "XLSX_MAX_ROWS", 4)
    fits = Table(title="T", header=["n"], rows=([n] for n in range(3)))
    cut = Table(title="T", header=["n"], rows=([n] for n in range(10)))

    assert [line[0] for line in xlsx_lines(xlsx_response(fits, "x"))] == [
        "n",
        0,
        1,
        2,
    ]
    lines = xlsx_lines(xlsx_response(cut, "x"))
    assert len(lines) == 4 and lines[:3] == [("n",), (0,), (1,)]
    assert lines[3][0] == ru("More rows than a worksheet holds: download the CSV.")
    csv_all = csv_response(
        Table(title="T", header=["n"], rows=([n] for n in range(10))), "x"
    )
    assert len(csv_lines(csv_all)) == 11
