"""A small kit of server-side SVG charts: the geometry only (pure Python, no business
rule, no query), which the templates in templates/reports/charts/ draw as a
<figure> with an <svg role="img"> (its <title> and <desc>), values printed as text
beside the shapes, and the data table under it. No JavaScript, no CSS colour needed
to read them.

- `bar_chart`: horizontal bars, one a row (e.g. completion by region), each with an
  optional marker line (its target);
- `column_chart`: vertical columns (e.g. completions a month);
- `line_chart`: a line over points, with an optional reference line (a target's
  trend as a sparkline).

Coordinates are in the SVG's own units (its viewBox); the SVG scales to its box.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

# Character width of the labels (12 px system font, Cyrillic included), to size the
# label column: a guess on the server, so generous.
CHAR_WIDTH = 7.0


@dataclasses.dataclass(frozen=True)
class Datum:
    """One bar, column or point: its label, its value (None: no value), an optional
    marker (a bar's target), a second line under a column's label (`note`, e.g. the
    year) and a longer name for the data table (`title`, else the label)."""

    label: str
    value: float | None
    marker: float | None = None
    note: str = ""
    title: str = ""

    @property
    def name(self) -> str:
        return self.title or self.label


@dataclasses.dataclass(frozen=True)
class Tick:
    """A gridline of the value axis at `position` (x or y), labelled `value`."""

    value: float
    position: float


def _round(value: float) -> float:
    return round(value, 1)


def scale_top(
    maximum: float, *, ticks: int = 4, whole: bool = False
) -> tuple[float, float]:
    """A round top for an axis reaching `maximum`, and its step: about `ticks` steps
    of 1, 2, 2.5 or 5 times a power of ten (whole numbers only if `whole`)."""
    if maximum <= 0:
        return (float(ticks) if whole else 1.0), (1.0 if whole else 0.25)
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = magnitude
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw and (not whole or step == int(step)):
            break
    if whole:
        step = max(1.0, float(math.ceil(step)))
    top = math.ceil(maximum / step - 1e-9) * step
    return float(top), float(step)


def _clamp(value: float, top: float) -> float:
    return min(max(value, 0.0), top)


# Horizontal bars
# ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Bar:
    datum: Datum
    y: float  # top of the bar
    width: float  # 0 when there is no value
    text_y: float  # baseline of the label and value texts
    marker_x: float | None
    marker_top: float  # the marker line reaches past the bar, above and below
    marker_bottom: float


@dataclasses.dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    label_width: float  # labels end here (text-anchor end)
    plot_x: float  # bars start here
    plot_width: float
    value_x: float  # values are printed from here
    bar_height: float
    axis_y: float  # the tick labels' baseline
    top: float  # the axis' maximum
    bars: list[Bar]
    ticks: list[Tick]

    @property
    def plot_bottom(self) -> float:
        return self.axis_y - 14


def bar_chart(
    data: Sequence[Datum],
    *,
    maximum: float | None = 100.0,
    width: float = 640.0,
    bar_height: float = 18.0,
    gap: float = 8.0,
    value_width: float = 96.0,
) -> BarChart:
    """Horizontal bars, one per datum, scaled to `maximum` (None: a round number
    above the largest value or marker), each with its marker line if it has one."""
    values = [v for d in data for v in (d.value, d.marker) if v is not None]
    if maximum is None:
        top, step = scale_top(max(values, default=0.0))
    else:
        top, step = float(maximum), float(maximum) / 4
    longest = max((len(d.label) for d in data), default=0)
    label_width = _round(min(width * 0.4, 8 + CHAR_WIDTH * longest))
    plot_x = label_width + 8
    plot_width = max(40.0, width - plot_x - value_width)
    first = 4.0
    bars = []
    for n, datum in enumerate(data):
        y = first + n * (bar_height + gap)
        bar_width = 0.0
        if datum.value is not None:
            bar_width = plot_width * _clamp(datum.value, top) / top
        marker_x = None
        if datum.marker is not None:
            marker_x = _round(plot_x + plot_width * _clamp(datum.marker, top) / top)
        bars.append(
            Bar(
                datum=datum,
                y=_round(y),
                width=_round(bar_width),
                text_y=_round(y + bar_height / 2 + 4),
                marker_x=marker_x,
                marker_top=_round(y - 3),
                marker_bottom=_round(y + bar_height + 3),
            )
        )
    plot_bottom = first + len(data) * (bar_height + gap)
    axis_y = plot_bottom + 14
    ticks = [
        Tick(value=step * i, position=_round(plot_x + plot_width * step * i / top))
        for i in range(round(top / step) + 1)
    ]
    return BarChart(
        width=width,
        height=_round(axis_y + 6),
        label_width=label_width,
        plot_x=_round(plot_x),
        plot_width=_round(plot_width),
        value_x=_round(plot_x + plot_width + 8),
        bar_height=bar_height,
        axis_y=_round(axis_y),
        top=top,
        bars=bars,
        ticks=ticks,
    )


# Columns
# ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Column:
    datum: Datum
    x: float  # left edge
    y: float  # top
    width: float
    height: float
    center: float
    value_y: float  # baseline of the value printed above it


@dataclasses.dataclass(frozen=True)
class ColumnChart:
    width: float
    height: float
    plot_x: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    label_y: float
    note_y: float
    top: float
    columns: list[Column]
    ticks: list[Tick]


def column_chart(
    data: Sequence[Datum],
    *,
    width: float = 640.0,
    height: float = 240.0,
    whole: bool = True,
) -> ColumnChart:
    """Vertical columns, one per datum, on an axis from 0 to a round number above the
    largest value (whole numbers only, for counts, if `whole`)."""
    top, step = scale_top(
        max((d.value for d in data if d.value is not None), default=0.0), whole=whole
    )
    plot_x, plot_right, plot_top = 44.0, width - 8.0, 20.0
    plot_bottom = height - 40.0
    plot_height = plot_bottom - plot_top
    slot = (plot_right - plot_x) / max(1, len(data))
    column_width = slot * 0.6
    columns = []
    for n, datum in enumerate(data):
        value = datum.value or 0.0
        column_height = plot_height * _clamp(value, top) / top
        x = plot_x + n * slot + (slot - column_width) / 2
        columns.append(
            Column(
                datum=datum,
                x=_round(x),
                y=_round(plot_bottom - column_height),
                width=_round(column_width),
                height=_round(column_height),
                center=_round(x + column_width / 2),
                value_y=_round(plot_bottom - column_height - 4),
            )
        )
    ticks = [
        Tick(
            value=step * i, position=_round(plot_bottom - plot_height * step * i / top)
        )
        for i in range(round(top / step) + 1)
    ]
    return ColumnChart(
        width=width,
        height=height,
        plot_x=plot_x,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        label_y=plot_bottom + 16,
        note_y=plot_bottom + 30,
        top=top,
        columns=columns,
        ticks=ticks,
    )


# Lines and sparklines
# ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Point:
    datum: Datum
    x: float
    y: float | None  # None: no value there (the line breaks)


@dataclasses.dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    top: float
    points: list[Point]
    path: str  # the SVG path of the line, broken where a value is missing
    reference_y: float | None  # the reference line (a target)

    @property
    def drawn(self) -> list[Point]:
        """The points that have a value."""
        return [point for point in self.points if point.y is not None]

    @property
    def first(self) -> Datum | None:
        """The first datum with a value."""
        drawn = self.drawn
        return drawn[0].datum if drawn else None

    @property
    def last(self) -> Datum | None:
        """The last datum with a value."""
        drawn = self.drawn
        return drawn[-1].datum if drawn else None


def line_chart(
    data: Sequence[Datum],
    *,
    maximum: float = 100.0,
    width: float = 160.0,
    height: float = 40.0,
    padding: float = 4.0,
    reference: float | None = None,
) -> LineChart:
    """A line through the data in order, scaled from 0 to `maximum`, with a
    horizontal reference line at `reference` if given: a sparkline at the default
    size."""
    inner_width, inner_height = width - 2 * padding, height - 2 * padding

    def y_of(value: float) -> float:
        return _round(padding + inner_height * (1 - _clamp(value, maximum) / maximum))

    points = []
    for n, datum in enumerate(data):
        if len(data) == 1:
            x = width / 2
        else:
            x = padding + inner_width * n / (len(data) - 1)
        y = None if datum.value is None else y_of(datum.value)
        points.append(Point(datum=datum, x=_round(x), y=y))
    segments, pen_down = [], False
    for point in points:
        if point.y is None:
            pen_down = False
            continue
        segments.append(f"{'L' if pen_down else 'M'}{point.x:g} {point.y:g}")
        pen_down = True
    return LineChart(
        width=width,
        height=height,
        top=maximum,
        points=points,
        path=" ".join(segments),
        reference_y=None if reference is None else y_of(reference),
    )
