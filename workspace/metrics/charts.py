"""What the metrics pages' charts share (workspace.charts draws them): a chart with its words
in the reader's language, a slot per month, and how a share or a month is written. Each family
has its own module: trend_charts (MQLs delivered, conversion), sla_chart (both sides of the
SLA), money_charts (spend, revenue won, ROI, CAC, revenue by credit) and funnel_charts (the
month's funnel or deals closed); speed (first contacts) and leads.feedback_charts too."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from flask_babel import gettext as _

from workspace.charts import BucketChart, RowChart, Slot
from workspace.csvout import whole_percent
from workspace.months import month_name

CLOSE_DAYS = 90  # how long a month's SQLs have to close before its SQL → won is compared


@dataclass(frozen=True)
class MonthChart:
    """A chart with its words, all in the reader's language (the macros translate nothing)."""

    title: str
    finding: str  # the main finding, in a sentence
    chart: RowChart | BucketChart | None  # None: nothing to draw, and `finding` says so
    labels: dict  # legend, table headings, a note under the chart
    detail: str = ""  # what else the chart shows, in words
    kind: str = "bars"  # bars, lines, pairs (two bars a month), stacked (parts of a month's
    # bar), buckets (horizontal bars: a histogram, a funnel's stages) or stack
    shown: Callable | None = None  # a value as the table shows it (the page's own by default)
    tick: Callable | None = None  # a value on the axis, when shorter than `shown`

    @property
    def description(self) -> str:
        return f"{self.finding} {self.detail}".strip()


def month_slots(labels: Sequence[str], versions: Sequence, locale: str) -> list[Slot]:
    """A slot per month: "Mar" under it, its year, and "v3" above the month a version takes
    effect (and above the first month, the version then in force)."""
    slots, previous = [], None
    for label, version in zip(labels, versions, strict=True):
        day = first_day(label)
        number_now = version.number if version else None
        slots.append(Slot(format_skeleton("MMM", day, locale=locale), month_name(label, locale),
                          str(day.year),
                          f"v{number_now}" if number_now and number_now != previous else ""))
        previous = number_now
    return slots


def following_month(label: str) -> date:
    day = first_day(label)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def table_labels() -> dict:
    return {"numbers": _("Show the numbers"), "when": _("Month")}


def shown_percent(rate: float) -> str:
    return f"{whole_percent(rate)}%"  # as the tables beside the charts show it


def first_day(label: str) -> date:
    return date.fromisoformat(f"{label}-01")


def maybe_percent(rate: float | None) -> str:
    return "—" if rate is None else shown_percent(rate)
