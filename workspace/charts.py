"""Charts drawn on the server as SVG geometry, for templates/_macros/charts.html to render.

No script, no inline style (the CSP allows neither): positions are computed here, series are
told apart by shape and label as well as colour, and every plotted value is also in the table
the template puts beside the chart, read from the same points.
"""

from dataclasses import dataclass
from datetime import date

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
    import math

    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    return [round(first + i * step, 10) for i in range(count + 2) if first + i * step <= high]
