"""The server-side SVG charts: their geometry (reports.charts), their templates (valid
SVG with a text alternative, values printed, a data table with caption and header
scopes, coordinates never in a language's decimal comma), the pages that show them,
and the completions a month they draw on the dashboard."""

import datetime
import re
import uuid
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Assignment, Enrolment, ProgramCompletion
from reports import charts, services
from reports.selectors import DashboardFilters, completions_by_month
from tests.factories import UserFactory
from tests.lms.test_headers import inline_code

from .helpers import assign

SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
FIGURE = re.compile(r"<figure\b.*?</figure>", re.DOTALL)


def _svgs(html: str) -> list[ET.Element]:
    """Every <svg> of the page, parsed as XML (which fails on anything not well formed)."""
    return [ET.fromstring(match) for match in SVG.findall(html)]


def _numbers(svg: ET.Element) -> list[float]:
    """Every coordinate and size of the drawing, read as a number (a decimal comma
    would not parse)."""
    found = []
    for element in svg.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "width", "height", "cx", "cy"):
            if name in element.attrib:
                found.append(float(element.attrib[name]))
    return found


def _check_figure(html: str) -> ET.Element:
    """A figure with its caption, its SVG (role img, labelled by its own title and
    description) and its data table (caption, column and row headers)."""
    assert "<figcaption" in html
    (svg,) = _svgs(html)
    assert svg.get("role") == "img"
    labels = svg.get("aria-labelledby").split()
    title, desc = svg.find("title"), svg.find("desc")
    assert [title.get("id"), desc.get("id")] == labels
    assert title.text.strip() and desc.text.strip()
    viewbox = [float(n) for n in svg.get("viewBox").split()]
    assert viewbox[2] > 0 and viewbox[3] > 0
    _numbers(svg)
    assert "<caption" in html and '<th scope="col">' in html
    assert '<th scope="row">' in html
    return svg


# Geometry
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "whole", "top", "step"),
    [
        (100, False, 100, 25),
        (7, True, 8, 2),
        (0, True, 4, 1),
        (1, True, 1, 1),
        (130, True, 150, 50),
        (2.3, False, 3, 1),
    ],
)
def test_an_axis_ends_on_a_round_number(maximum, whole, top, step):
    found_top, found_step = charts.scale_top(maximum, whole=whole)
    assert (found_top, found_step) == (top, step)


def test_bars_are_as_long_as_their_share_and_markers_stand_at_theirs():
    chart = charts.bar_chart(
        [
            charts.Datum("Алматы", 50.0, marker=80),
            charts.Datum("Астана", 100.0),
            charts.Datum("Абай", None, marker=40),
        ]
    )
    half, full, empty = chart.bars
    assert half.width == pytest.approx(chart.plot_width / 2, abs=0.1)
    assert full.width == pytest.approx(chart.plot_width, abs=0.1)
    assert empty.width == 0
    assert half.marker_x == pytest.approx(
        chart.plot_x + 0.8 * chart.plot_width, abs=0.1
    )
    assert full.marker_x is None
    assert half.y < full.y < empty.y
    assert [tick.value for tick in chart.ticks] == [0, 25, 50, 75, 100]
    assert chart.height > empty.y + chart.bar_height


def test_a_value_past_the_axis_is_drawn_to_its_end():
    (bar,) = charts.bar_chart([charts.Datum("x", 140.0, marker=120)]).bars
    chart = charts.bar_chart([charts.Datum("x", 140.0, marker=120)])
    assert bar.width == chart.plot_width
    assert bar.marker_x == pytest.approx(chart.plot_x + chart.plot_width, abs=0.1)


def test_columns_are_as_tall_as_their_counts():
    chart = charts.column_chart(
        [charts.Datum("янв", 3), charts.Datum("фев", 6), charts.Datum("мар", 0)]
    )
    a, b, c = chart.columns
    plot = chart.plot_bottom - chart.plot_top
    assert chart.top == 6
    assert b.height == pytest.approx(plot, abs=0.1)
    assert a.height == pytest.approx(plot / 2, abs=0.1)
    assert c.height == 0 and c.y == chart.plot_bottom
    assert a.x < b.x < c.x
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6]


def test_a_line_breaks_where_a_value_is_missing_and_marks_its_reference():
    chart = charts.line_chart(
        [
            charts.Datum("1", 0.0),
            charts.Datum("2", 50.0),
            charts.Datum("3", None),
            charts.Datum("4", 100.0),
        ],
        width=100,
        height=40,
        padding=0,
        reference=75,
    )
    assert chart.path == "M0 40 L33.3 20 M100 0"
    assert chart.reference_y == 10
    assert [p.datum.label for p in chart.drawn] == ["1", "2", "4"]
    assert (chart.first.value, chart.last.value) == (0.0, 100.0)
    assert charts.line_chart([]).path == ""
    assert charts.line_chart([]).last is None


# Templates
# ------------------------------------------------------------------------------


@pytest.fixture
def russian():
    with translation.override("ru"):
        yield


def test_the_bar_chart_renders_valid_svg_with_its_values_and_table(russian):
    chart = charts.bar_chart(
        [charts.Datum("Алматы <&>", 62.4, marker=80), charts.Datum("Астана", None)]
    )
    html = render_to_string(
        "reports/charts/bar.html",
        {
            "chart": chart,
            "id": "c1",
            "caption": "Выполнение",
            "title": "Выполнение по регионам",
            "desc": "Полосы и цели",
            "label_heading": "Регион",
            "value_heading": "Выполнено",
            "marker_heading": "Цель",
            "unit": "%",
        },
    )
    svg = _check_figure(html)
    texts = ["".join(t.itertext()) for t in svg.iter("text")]
    assert "Алматы <&>" in texts
    assert "62\xa0% / 80\xa0%" in texts  # both printed beside the bar
    assert "—" in texts
    assert len(list(svg.iter("rect"))) == 1  # no bar without a value
    assert "62,4" in html  # the table's figure in Russian; coordinates parsed above


def test_the_column_chart_renders_valid_svg_with_its_values_and_table(russian):
    chart = charts.column_chart(
        [
            charts.Datum("дек", 3, note="2025", title="декабрь 2025"),
            charts.Datum("янв", 5),
        ]
    )
    html = render_to_string(
        "reports/charts/column.html",
        {
            "chart": chart,
            "id": "c2",
            "caption": "По месяцам",
            "title": "По месяцам",
            "desc": "Столбцы",
            "label_heading": "Месяц",
            "value_heading": "Выполнено",
        },
    )
    svg = _check_figure(html)
    texts = ["".join(t.itertext()) for t in svg.iter("text")]
    assert {"3", "5", "дек", "янв", "2025"} <= set(texts)
    assert "декабрь 2025" in html


def test_the_sparkline_renders_valid_svg_with_its_table(russian):
    chart = charts.line_chart(
        [charts.Datum("01.12.26", 12.5, note="1 / 8"), charts.Datum("07.12.26", 37.5)],
        reference=80,
    )
    html = render_to_string(
        "reports/charts/line.html",
        {
            "chart": chart,
            "id": "c3",
            "caption": "Динамика",
            "title": "Динамика",
            "desc": "От 13 до 38",
            "label_heading": "Неделя",
            "value_heading": "Выполнено",
            "note_heading": "Из",
            "unit": "%",
        },
    )
    svg = _check_figure(html)
    assert len(list(svg.iter("circle"))) == 2
    assert svg.find("path").get("d").startswith("M")
    assert "12,5" in html and "1 / 8" in html


# The pages
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_shows_completion_by_region_and_by_month(
    client, national_admin, learner
):
    assign(learner, uuid.uuid4(), state="completed")
    client.force_login(national_admin)
    html = client.get(reverse("reports:dashboard")).content.decode()
    figures = FIGURE.findall(html)
    assert len(figures) == 2
    for figure in figures:
        _check_figure(figure)
    rates, months = (_svgs(figure)[0] for figure in figures)
    assert len(list(rates.iter("rect"))) == 1  # one region has something assigned
    assert len([t for t in rates.iter("text") if t.text == "—"]) == 19
    assert len(list(months.iter("rect"))) == 12
    assert "100\xa0%" in ["".join(t.itertext()) for t in rates.iter("text")]
    assert inline_code(html) == []  # no script, no style attribute: the CSP holds


@pytest.mark.django_db
def test_the_targets_page_shows_valid_charts(
    client, national_admin, learner, program_page, region, other_region
):
    key = program_page.translation_key
    Assignment.objects.create(
        learner=learner, target_kind=Assignment.TargetKind.PROGRAM, target_key=key
    )
    created, _ = services.target_create(
        by=national_admin,
        regions=[region, other_region],
        title="Цель",
        target_key=key,
        percent=80,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    services.target_snapshots_backfill(
        targets=created,
        days=[timezone.localdate() - datetime.timedelta(weeks=n) for n in range(3)],
    )
    client.force_login(national_admin)
    html = client.get(reverse("reports:targets")).content.decode()
    figures = FIGURE.findall(html)
    assert len(figures) == 1 + 2  # the group's bars, one trend a region
    for figure in figures:
        _check_figure(figure)
    assert len(_svgs(html)) == 3
    assert inline_code(html) == []


# Completions a month
# ------------------------------------------------------------------------------


def _completed_at(learner, key, when):
    assign(learner, key, state="completed")
    Enrolment.objects.filter(learner=learner, course_key=key).update(completed_at=when)


@pytest.mark.django_db
def test_completions_are_counted_by_month_of_completion(region, other_region):
    now = timezone.now()
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    key = uuid.uuid4()
    for _ in range(2):
        _completed_at(UserFactory(region=region), key, now)
    _completed_at(
        UserFactory(region=region),
        uuid.uuid4(),
        timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(12))),
    )
    _completed_at(
        UserFactory(region=region), uuid.uuid4(), now - datetime.timedelta(days=400)
    )
    assign(UserFactory(region=region), key, state="started")  # not completed
    program_learner = UserFactory(region=region)
    Assignment.objects.create(
        learner=program_learner,
        target_kind=Assignment.TargetKind.PROGRAM,
        target_key=key,
    )
    ProgramCompletion.objects.create(
        learner=program_learner, program_key=key, completed_at=now
    )
    _completed_at(UserFactory(region=other_region), key, now)

    months = completions_by_month(filters=DashboardFilters(), region_ids=[region.pk])
    assert len(months) == 12
    assert months[-1] == (this_month, 3)
    assert months[-2] == (last_month, 1)
    assert sum(count for _month, count in months) == 4  # 400 days ago: not shown
    assert [m for m, _c in months] == sorted(m for m, _c in months)
    every = completions_by_month(filters=DashboardFilters(), region_ids=None)
    assert every[-1] == (this_month, 4)
    one_key = completions_by_month(
        filters=DashboardFilters(target_key=key), region_ids=[region.pk], months=3
    )
    assert one_key == [(one_key[0][0], 0), (last_month, 0), (this_month, 3)]


@pytest.mark.django_db
def test_completions_by_month_take_one_query(region, django_assert_num_queries):
    _completed_at(UserFactory(region=region), uuid.uuid4(), timezone.now())
    with django_assert_num_queries(1):
        completions_by_month(filters=DashboardFilters(), region_ids=[region.pk])
