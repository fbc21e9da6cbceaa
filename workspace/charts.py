"""Charts drawn on the server as SVG geometry, for templates/_macros/charts.html to render.

No script, no inline style (the CSP allows neither): positions are computed here, series are
told apart by shape and label as well as colour, and every plotted value is also in the table
the template puts beside the chart, read from the same points.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # the day or month, as the table shows it
    value: float


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class ProgressChart:
    """A value over a period against its target (a level line) and its pace (baseline to
    target, start to end)."""

    width: int
    height: int
    points: list[Point]
    target: Line
    pace: Line
    y_ticks: list[tuple[float, float]]  # (y position, value)
    x_ticks: list[tuple[float, str]]  # (x position, label)

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}"
                        for i, p in enumerate(self.points))


def progress_chart(start: date, end: date, baseline: float, target: float,
                   values: list[tuple[date, str, float]],
                   x_ticks: list[tuple[date, str]]) -> ProgressChart:
    """`values`: (day, its label, value), oldest first; `x_ticks`: (day, label) under the axis."""
    low, high = _bounds([baseline, target, *(value for _, _, value in values)])
    span_days = max((end - start).days, 1)

    def x(day: date) -> float:
        share = min(max((day - start).days / span_days, 0.0), 1.0)
        return LEFT + share * (WIDTH - LEFT - RIGHT)

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM)

    points = [Point(x(day), y(value), label, value) for day, label, value in values]
    return ProgressChart(
        WIDTH, HEIGHT, points,
        target=Line(LEFT, y(target), WIDTH - RIGHT, y(target)),
        pace=Line(x(start), y(baseline), x(end), y(target)),
        y_ticks=[(y(tick), tick) for tick in _ticks(low, high)],
        x_ticks=[(x(day), label) for day, label in x_ticks])


def _bounds(values: list[float]) -> tuple[float, float]:
    """An axis from a round number below the lowest value to one above the highest."""
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.1
    return low - margin, high + margin


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """A few round values inside the axis: steps of 1, 2 or 5 times a power of ten."""
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    return [round(first + i * step, 10) for i in range(count + 2) if first + i * step <= high]


# Charts over a row of categories (months): bars of a count against a level per month, or
# rates as lines. Room above the plot for notes ("v3"), below it for the month and the year.
ROW_WIDTH, ROW_HEIGHT = 600, 260
ROW_LEFT, ROW_RIGHT, ROW_TOP, ROW_BOTTOM = 58, 12, 36, 42
ROW_BOX = (ROW_HEIGHT, ROW_TOP, ROW_BOTTOM)  # height, room above the plot, room below it
PANEL_BOX = (124, 26, 8)  # a small chart under another, sharing its months (ROI under money)


@dataclass(frozen=True)
class Slot:
    """One category along the axis: its tick label ("Mar"), its year, its name in full for the
    accessible name and the table, and a note drawn above it ("v3"), if any."""

    tick: str
    name: str
    year: str = ""  # what groups the ticks: written under the first one and where it changes
    note: str = ""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    minor: bool  # every other one, counted from the last: hidden where the chart is narrow
    year: str = ""  # under it where the chart is wide: at the first tick and where it changes
    narrow_year: str = ""  # the same among the ticks a narrow chart keeps
    name: str = ""  # its slot's name in full


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    name: str
    value: float
    level: float | None  # the slot's level (a monthly target), None where it has none
    level_y: float | None
    series: int = 1  # in a chart of paired bars, the first or the second of its slot


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float | None  # None: no value there (a rate with no denominator), a gap in the line
    name: str
    value: float | None


@dataclass(frozen=True)
class Series:
    points: tuple[LinePoint, ...]

    @property
    def path(self) -> str:
        """The line through the points, lifted over each gap (never drawn down to zero)."""
        steps, lifted = [], True
        for point in self.points:
            if point.value is None:
                lifted = True
                continue
            steps.append(f"{'M' if lifted else 'L'}{round(point.x)} {round(point.y)}")
            lifted = False
        return "".join(steps)


@dataclass(frozen=True)
class RowChart:
    """Bars (`bars`) or lines (`series`) over a row of slots, with the axis from zero up."""

    width: int
    height: int
    left: float
    right: float
    base: float  # the y of zero
    step: float  # each slot's width
    y_ticks: tuple[tuple[float, float], ...]  # (y position, value)
    x_ticks: tuple[Tick, ...]
    notes: tuple[tuple[float, str], ...]  # (x where its slot starts, text) above the plot
    bars: tuple[Bar, ...] = ()
    series: tuple[Series, ...] = ()

    room_below: float = ROW_BOTTOM

    @property
    def bottom(self) -> float:
        """The plot's lowest y: zero's, unless the axis goes below it."""
        return self.height - self.room_below


def plain(values):
    """Numbers as the geometry computes with them: PostgreSQL sums and ratios arrive as
    Decimal, which does not mix with float; a whole one stays an int (its data-value reads
    the same on both engines)."""
    return [int(v) if isinstance(v, Decimal) and v == v.to_integral_value() else
            float(v) if isinstance(v, Decimal) else v for v in values]


def bar_chart(slots: Sequence[Slot], values: Sequence[float],
              levels: Sequence[float | None], whole: bool = True) -> RowChart:
    """One bar per slot from zero to its value, and its level (a target) across it where it
    has one. The axis reaches the highest value or level; a value above zero keeps a sliver of
    height however large the others are, so it never reads as nothing."""
    values, levels = plain(values), plain(levels)
    top, ticks = _from_zero(max([*values, *(lv for lv in levels if lv is not None), 0]), whole)
    frame = _frame(slots, top, ticks)
    step = frame.step
    bars = []
    for tick, slot, value, level in zip(frame.x_ticks, slots, values, levels, strict=True):
        y = min(_y(value, top), frame.base - 1.5) if value > 0 else frame.base
        bars.append(Bar(tick.x - step * 0.3, y, step * 0.6, frame.base - y, slot.name, value,
                        level, None if level is None else _y(level, top)))
    return replace(frame, bars=tuple(bars))


def line_chart(slots: Sequence[Slot], series: Sequence[Sequence[float | None]],
               top: float = 1.0, floor: float | None = None, box=ROW_BOX) -> RowChart:
    """One line per series (rates: the axis from 0 to `top`, higher if a value is, and below
    zero as far as a negative value needs, down to `floor` where nothing can be lower: ROI
    -100%), a point per slot with a value; a slot without one leaves a gap."""
    series = [plain(line) for line in series]
    values = [value for line in series for value in line if value is not None]
    bottom, top, ticks = _scale(min([0, *values]), max([top, *values]), whole=False,
                                floor=floor)
    frame = _frame(slots, top, ticks, bottom, box)
    drawn = [Series(tuple(LinePoint(tick.x,
                                    None if value is None else _y(value, top, bottom, box),
                                    slot.name, value)
                          for tick, slot, value in zip(frame.x_ticks, slots, line, strict=True)))
             for line in series]
    return replace(frame, series=tuple(drawn))


def paired_bars(slots: Sequence[Slot], first: Sequence[float | None],
                second: Sequence[float | None], whole: bool = True) -> RowChart:
    """Two bars per slot side by side (spend and revenue), the first left of the slot's middle,
    the second right of it; a value of None draws no bar. Heights as in bar_chart."""
    first, second = plain(first), plain(second)
    known = [value for value in (*first, *second) if value is not None]
    top, ticks = _from_zero(max([*known, 0]), whole)
    frame = _frame(slots, top, ticks)
    width = frame.step * 0.36
    bars = []
    for tick, slot, pair in zip(frame.x_ticks, slots, zip(first, second, strict=True),
                                strict=True):
        for series, value in enumerate(pair, start=1):
            if value is None:
                continue
            y = min(_y(value, top), frame.base - 1.5) if value > 0 else frame.base
            x = tick.x - width - 1 if series == 1 else tick.x + 1
            bars.append(Bar(x, y, width, frame.base - y, slot.name, value, None, None, series))
    return replace(frame, bars=tuple(bars))


def stacked_bars(slots: Sequence[Slot], parts: Sequence[Sequence[float]],
                 whole: bool = True) -> RowChart:
    """A bar per slot as tall as the sum of its parts, split into them from zero up in order
    (`series`: the part's place, 1-based); a part of zero draws nothing, one above zero keeps a
    sliver however large the others are."""
    parts = [plain(row) for row in parts]
    top, ticks = _from_zero(max([*(sum(row) for row in parts), 0]), whole)
    frame = _frame(slots, top, ticks)
    bars = []
    for tick, slot, row in zip(frame.x_ticks, slots, parts, strict=True):
        floor = frame.base
        for series, value in enumerate(row, start=1):
            if value <= 0:
                continue
            height = max(frame.base - _y(value, top), 1.5)
            bars.append(Bar(tick.x - frame.step * 0.3, floor - height, frame.step * 0.6, height,
                            slot.name, value, None, None, series))
            floor -= height
    return replace(frame, bars=tuple(bars))


def _frame(slots: Sequence[Slot], top: float, ticks: list[float],
           bottom: float = 0, box=ROW_BOX) -> RowChart:
    step = (ROW_WIDTH - ROW_LEFT - ROW_RIGHT) / max(len(slots), 1)
    x_ticks, wide, narrow = [], None, None
    for i, slot in enumerate(slots):
        minor = len(slots) > 6 and (len(slots) - 1 - i) % 2 == 1  # a few always fit
        x_ticks.append(Tick(ROW_LEFT + step * (i + 0.5), slot.tick, minor,
                            slot.year if slot.year != wide else "",
                            slot.year if slot.year != narrow and not minor else "", slot.name))
        wide, narrow = slot.year, narrow if minor else slot.year
    x_ticks = tuple(x_ticks)
    return RowChart(ROW_WIDTH, box[0], ROW_LEFT, ROW_WIDTH - ROW_RIGHT,
                    _y(0, top, bottom, box), step,
                    tuple((_y(tick, top, bottom, box), tick) for tick in ticks), x_ticks,
                    tuple((tick.x - step / 2, slot.note)
                          for tick, slot in zip(x_ticks, slots, strict=True) if slot.note),
                    room_below=box[2])


def _y(value: float, top: float, bottom: float = 0, box=ROW_BOX) -> float:
    height, above, below = box
    return above + (top - value) / (top - bottom) * (height - above - below)


def _from_zero(high: float, whole: bool, count: int = 4) -> tuple[float, list[float]]:
    """An axis from zero to the first round step at or above `high` (1 when all is zero), and
    its ticks: steps of 1, 2 or 5 times a power of ten (whole numbers for counts)."""
    _, top, ticks = _scale(0, high, whole, count)
    return top, ticks


def _scale(low: float, high: float, whole: bool, count: int = 4,
           floor: float | None = None) -> tuple[float, float, list[float]]:
    """An axis from the first round step at or below `low` (zero or less; no lower than
    `floor`, which then has no tick of its own) to the first at or above `high`, and its
    ticks, zero among them."""
    high = high if high > 0 or low < 0 else 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw
                and not (whole and (m * power) % 1))
    below, above = math.ceil(round(-low / step, 9)), math.ceil(round(high / step, 9))
    bottom = -below * step if floor is None else max(-below * step, floor)
    return (bottom, above * step,
            [round(i * step, 10) for i in range(-below, above + 1) if i * step >= bottom])


# A distribution over a few buckets (first-contact times), as horizontal bars: a row per
# bucket, its name on the left where long words fit, its count at the bar's end, and a level
# across the rows (an agreed threshold) between the buckets inside it and those past it.
BUCKET_WIDTH, BUCKET_ROW, BUCKET_LABEL, BUCKET_TOP, BUCKET_END = 600, 30, 150, 8, 64


@dataclass(frozen=True)
class BucketBar:
    y: float  # the bar's top
    width: float
    name: str
    value: int
    within: bool | None  # inside the threshold, past it, or neither (not contacted)


@dataclass(frozen=True)
class BucketChart:
    width: int
    height: int
    left: float  # where bars start
    row: float  # each row's height
    bar: float  # each bar's thickness
    bars: tuple[BucketBar, ...]
    threshold_y: float | None  # the line between the buckets inside the threshold and past it


def bucket_chart(names: Sequence[str], values: Sequence[int], within: Sequence[bool | None],
                 end: int = BUCKET_END) -> BucketChart:
    """A bar per bucket, the longest reaching the plot's end (`end` short of the chart's, room
    for its readout); a count above zero keeps a sliver however large the others. `within`:
    per bucket, True inside the threshold, False past it, None outside the scale; the threshold
    line goes after the last True when a False follows."""
    high = max([*values, 1])
    room = BUCKET_WIDTH - BUCKET_LABEL - end
    bars = tuple(BucketBar(BUCKET_TOP + i * BUCKET_ROW + BUCKET_ROW * 0.15,
                           max(value / high * room, 1.5) if value > 0 else 0, name, value, inside)
                 for i, (name, value, inside) in enumerate(zip(names, values, within,
                                                                 strict=True)))
    inside = [i for i, flag in enumerate(within) if flag]
    threshold = BUCKET_TOP + (inside[-1] + 1) * BUCKET_ROW \
        if inside and False in within[inside[-1] + 1:] else None
    return BucketChart(BUCKET_WIDTH, int(BUCKET_TOP + len(values) * BUCKET_ROW + 8),
                       BUCKET_LABEL, BUCKET_ROW, BUCKET_ROW * 0.7, bars, threshold)


# Rows of bars split into parts (a campaign's ratings, 1 to 5 stars): each row named above its
# bar, so long names never collide at phone width, its total at the bar's end.
STACK_WIDTH, STACK_ROW, STACK_LEFT, STACK_END = 600, 56, 8, 56


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    part: int  # 1-based: which part of the row (the rating)
    value: int


@dataclass(frozen=True)
class StackRow:
    y: float  # the bar's top; the name sits above it
    name: str
    total: int
    segments: tuple[Segment, ...]  # only the parts above zero


@dataclass(frozen=True)
class StackChart:
    width: int
    height: int
    left: float
    row: float
    bar: float
    rows: tuple[StackRow, ...]


def stacked_rows(names: Sequence[str], parts: Sequence[Sequence[int]]) -> StackChart:
    """A bar per row as long as its total against the largest, split into its parts in order;
    a part above zero keeps a sliver however large the others."""
    high = max([sum(row) for row in parts] + [1])
    room = STACK_WIDTH - STACK_LEFT - STACK_END
    rows = []
    for i, (name, counts) in enumerate(zip(names, parts, strict=True)):
        x, segments = float(STACK_LEFT), []
        for part, value in enumerate(counts, start=1):
            if value > 0:
                width = max(value / high * room, 1.5)
                segments.append(Segment(x, width, part, value))
                x += width
        rows.append(StackRow(i * STACK_ROW + 30, name, sum(counts), tuple(segments)))
    return StackChart(STACK_WIDTH, int(len(rows) * STACK_ROW + 4), STACK_LEFT, STACK_ROW, 20,
                      tuple(rows))


# A chart as a file of its own (downloaded as SVG): the page's stylesheet does not travel with
# it, so each class becomes the presentation attributes it stands for (static/css/app.css's
# Charts section, screen colours), the focus-only text stays hidden, the hit areas clear.
SVG_LOOK = {
    "chart-grid": {"stroke": "#e3e7ee", "stroke-width": "1", "fill": "none"},
    "chart-tick": {"font-size": "12", "fill": "#5b6473"},
    "chart-axis": {"stroke": "#5b6473", "fill": "none"},
    "chart-year": {"font-weight": "600"},
    "chart-narrow-only": {"display": "none"},
    "chart-unit": {"font-style": "italic"},
    "chart-bar": {"fill": "#0072b2"},
    "chart-bar-2": {"fill": "url(#chart-hatch)", "stroke": "#b34a00", "stroke-width": "1.5"},
    "chart-stack-2": {"stroke": "#b34a00", "stroke-width": "1.5"},
    "chart-bar-past": {"fill": "#fff", "stroke": "#b34a00", "stroke-width": "2"},
    "chart-bar-other": {"fill": "#c9ced6"},
    "chart-hatch-ground": {"fill": "#fff"},
    "chart-hatch": {"stroke": "#b34a00", "stroke-width": "2.5"},
    "chart-level": {"stroke": "#1c2330", "stroke-width": "3", "stroke-linecap": "square"},
    "chart-note": {"font-size": "12", "font-weight": "700", "fill": "#1c2330"},
    "chart-note-line": {"stroke": "#5b6473", "stroke-width": "1", "stroke-dasharray": "2 3"},
    "chart-readout": {"font-size": "12", "font-weight": "600", "fill": "#1c2330"},
    "chart-on-focus": {"visibility": "hidden"},
    "chart-point": {"fill": "#3a47c6", "stroke": "#fff", "stroke-width": "1.5"},
    "chart-series": {"fill": "none", "stroke-width": "2.5"},
    "chart-series-1": {"stroke": "#0072b2", "fill": "#0072b2"},
    "chart-series-2": {"stroke": "#b34a00", "fill": "#fff", "stroke-width": "2"},
    "path.chart-series-1": {"fill": "none"},
    "path.chart-series-2": {"fill": "none", "stroke-width": "2.5", "stroke-dasharray": "7 4"},
    "chart-series-3": {"stroke": "#007a5a", "fill": "#007a5a"},
    "chart-series-4": {"stroke": "#a34f86", "fill": "#fff", "stroke-width": "2"},
    "path.chart-series-3": {"fill": "none", "stroke-dasharray": "2 3"},
    "path.chart-series-4": {"fill": "none", "stroke-width": "2.5", "stroke-dasharray": "10 3 2 3"},
    "chart-threshold": {"stroke": "#1c2330", "stroke-width": "2.5", "stroke-dasharray": "8 4"},
    "chart-part-1": {"fill": "#b34a00"}, "chart-part-2": {"fill": "#e69f00"},
    "chart-part-3": {"fill": "#c9ced6"}, "chart-part-4": {"fill": "#56b4e9"},
    "chart-part-5": {"fill": "#0072b2"},
    "chart-part-label": {"font-size": "12", "font-weight": "700", "text-anchor": "middle",
                         "fill": "#1c2330"},
    "chart-part-label-1": {"fill": "#fff"}, "chart-part-label-5": {"fill": "#fff"},
}
SVG_CONTEXT = {"buckets": {"chart-tick": {"text-anchor": "end"}}}  # rules under the figure's class
LEGEND_COLOURS = {"legend-bar": "#0072b2", "legend-series-1": "#0072b2",
                  "legend-series-2": "#b34a00", "legend-series-3": "#007a5a",
                  "legend-series-4": "#a34f86", "legend-level": "#1c2330",
                  "legend-past": "#b34a00", "legend-threshold": "#1c2330"}
LEGEND_LINE, LEGEND_CHAR = 20, 7  # a legend line's height; a character's width at 12px, about


def standalone_svg(markup: str, kind: str, description: str) -> str:
    """The first <svg> of a chart's markup (chart_card's) as a file: XML declaration, xmlns, a
    font, its finding as <desc>, and presentation attributes in place of classes."""
    from xml.etree import ElementTree

    start = markup.index("<svg")
    end = markup.index("</svg>", start) + len("</svg>")
    root = ElementTree.fromstring(markup[start:end])
    root.attrib.pop("aria-describedby", None)  # the page's paragraphs: here, <desc>
    root.set("xmlns", "http://www.w3.org/2000/svg")
    root.set("font-family", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif")
    root.set("width", root.get("viewBox").split()[2])
    root.set("height", root.get("viewBox").split()[3])
    desc = ElementTree.Element("desc")
    desc.text = description
    root.insert(1, desc)
    _add_legend(root, markup[end:])
    context = SVG_CONTEXT.get(kind, {})
    for element in root.iter():
        classes = element.attrib.pop("class", "").split()
        if element.tag == "rect" and not classes and element is not root:
            element.set("fill", "none")  # a column's hit area: lit on the page, clear here
        for name in classes:
            for rule in (SVG_LOOK.get(name), SVG_LOOK.get(f"{element.tag}.{name}"),
                         context.get(name)):
                element.attrib.update(rule or {})
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _add_legend(root, after: str) -> None:
    """The page's legend (the figcaption after the chart) drawn under the chart, its keys as
    the page shows them (a glyph in its colour, or a swatch of the series' own fill), wrapping
    where a line is full: a file has no page around it to name its series."""
    from xml.etree import ElementTree

    if "<figcaption" not in after.split("</figure>", 1)[0]:
        return
    start = after.index("<figcaption")
    caption = ElementTree.fromstring(after[start:after.index("</figcaption>", start) + 13])
    width, height = (float(n) for n in root.get("viewBox").split()[2:])
    legend = ElementTree.SubElement(root, "g", {"class": "chart-tick"})
    x, y = 8.0, height + 16
    for item in caption:
        key = item[0] if len(item) else None
        name = " ".join(((key.tail if key is not None else item.text) or "").split())
        glyph = key.text if key is not None and key.tag == "span" else ""
        room = (len(glyph) * 10 if glyph else 18) + len(name) * LEGEND_CHAR + 20
        if x > 8 and x + room > width:
            x, y = 8.0, y + LEGEND_LINE
        if glyph:
            colour = next((LEGEND_COLOURS[c] for c in key.get("class", "").split()
                           if c in LEGEND_COLOURS), "#1c2330")
            ElementTree.SubElement(legend, "text", {"x": str(round(x)), "y": str(round(y)),
                                                    "fill": colour, "font-weight": "700"}
                                   ).text = glyph
            x += len(glyph) * 10 + 4
        elif key is not None:  # a swatch: the series' fill (a hatch, a part's colour)
            swatch = key.find("rect")
            ElementTree.SubElement(legend, "rect", {
                **swatch.attrib, "x": str(round(x)), "y": str(round(y - 10))})
            x += 18
        ElementTree.SubElement(legend, "text", {"x": str(round(x)), "y": str(round(y))}
                               ).text = name
        x += len(name) * LEGEND_CHAR + 16
    height = y + 10
    root.set("viewBox", f"0 0 {round(width)} {round(height)}")
    root.set("height", str(round(height)))
