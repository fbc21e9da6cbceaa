"""The metrics pages' charts of twelve months (workspace.charts): MQLs delivered against the SLA's
monthly target, and the funnel's conversion. Drawn from the trend's monthly sums through the
catalog's figures, the same the table beside them shows, each with its finding in words."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from workspace.charts import RowChart, Slot, bar_chart, line_chart
from workspace.csvout import whole_percent
from workspace.metrics.catalog import metric
from workspace.metrics.filters import Filters
from workspace.metrics.sums import MonthSums
from workspace.months import month_name
from workspace.templating import number

CONVERSIONS = ("mql_to_sql", "sql_to_won")


@dataclass(frozen=True)
class MonthChart:
    """A chart with its words, all in the reader's language (the macros translate nothing)."""

    title: str
    finding: str  # the main finding, in a sentence
    chart: RowChart | None  # None: nothing to draw, and `finding` says so
    labels: dict  # legend, table headings, a note under the chart
    detail: str = ""  # what else the chart shows, in words

    @property
    def description(self) -> str:
        return f"{self.finding} {self.detail}".strip()


def trend_charts(trend: Sequence[MonthSums], versions: Sequence, filters: Filters) -> dict:
    """Both charts for the trend's months; `versions`: the SLA version in force at each
    month's end (metrics.queries.month_versions)."""
    locale = str(get_locale())
    slots = month_slots([row.label for row in trend], versions, locale)
    targets = [None if filters or not v else (v.mql_target_per_month or None) for v in versions]
    return {"delivery": delivery_chart(trend, slots, targets, filters, locale),
            "conversion": conversion_chart(trend, slots, filters, locale)}


def month_slots(labels: Sequence[str], versions: Sequence, locale: str) -> list[Slot]:
    """A slot per month: "Mar" under it, its year, and "v3" above the month a version takes
    effect (and above the first month, the version then in force)."""
    slots, previous = [], None
    for label, version in zip(labels, versions, strict=True):
        day = _first_day(label)
        number_now = version.number if version else None
        slots.append(Slot(format_skeleton("MMM", day, locale=locale), month_name(label, locale),
                          str(day.year),
                          f"v{number_now}" if number_now and number_now != previous else ""))
        previous = number_now
    return slots


def delivery_chart(trend: Sequence[MonthSums], slots: Sequence[Slot],
                   targets: Sequence[int | None], filters: Filters, locale: str) -> MonthChart:
    delivered = [metric("mqls_delivered").figure(row, filters).value for row in trend]
    first, last = month_name(trend[0].label, locale), month_name(trend[-1].label, locale)
    title = _("MQLs delivered against the monthly target")
    labels = {**_table_labels(), "value": _("MQLs delivered"), "target": _("Monthly target"),
              "notes": _("v2, v3…: the SLA version in force from that month")}
    if not any(delivered):
        return MonthChart(title, _("No MQLs were handed over from %(first)s to %(last)s.",
                                   first=first, last=last), None, labels)
    judged = [(value, target) for value, target in zip(delivered, targets, strict=True)
              if target]
    if judged:
        finding = ngettext(
            "MQLs delivered reached the target in %(met)s of %(num)d month with a target.",
            "MQLs delivered reached the target in %(met)s of %(num)d months with a target.",
            len(judged), met=sum(value >= target for value, target in judged))
    elif filters:
        finding = _("The monthly target is for all leads, not for this filter.")
    else:
        finding = _("No SLA target was in force in these months.")
    peak = max(range(len(delivered)), key=lambda i: (delivered[i], i))
    total = _("%(total)s MQLs from %(first)s to %(last)s, the most in %(peak)s (%(n)s).",
              total=number(sum(delivered)), first=first, last=last,
              peak=month_name(trend[peak].label, locale), n=number(delivered[peak]))
    changes = [_("SLA version %(n)s took effect in %(month)s.", n=slot.note[1:],
                 month=slot.name) for slot in slots[1:] if slot.note]
    return MonthChart(title, finding, bar_chart(slots, delivered, targets), labels,
                      " ".join([total, *changes]))


def conversion_chart(trend: Sequence[MonthSums], slots: Sequence[Slot], filters: Filters,
                     locale: str) -> MonthChart:
    rates = [[metric(key).figure(row, filters).value for row in trend] for key in CONVERSIONS]
    names = [_(metric(key).label) for key in CONVERSIONS]
    title = _("Conversion, month by month")
    labels = {**_table_labels(), "series": names}
    cohort = _("Of the leads handed over in each month: SQL → won counts the deals won from "
               "them so far, so the latest months are still filling in.")
    if all(value is None for line in rates for value in line):
        return MonthChart(title, _("No MQLs were handed over from %(first)s to %(last)s.",
                                   first=month_name(trend[0].label, locale),
                                   last=month_name(trend[-1].label, locale)), None, labels)
    plain = [replace(slot, note="") for slot in slots]  # versions are marked on the bars
    return MonthChart(title, " ".join(
        _movement(name, trend, line, locale) for name, line in zip(names, rates, strict=True)),
        line_chart(plain, rates), labels, cohort)


def _table_labels() -> dict:
    return {"numbers": _("Show the numbers"), "when": _("Month")}


def _movement(name: str, trend: Sequence[MonthSums], rates: Sequence[float | None],
              locale: str) -> str:
    """How a rate moved from the first month with a figure to the last one."""
    known = [(row.label, rate) for row, rate in zip(trend, rates, strict=True) if rate is not None]
    if not known:
        return _("%(series)s has no figure: no month had any to divide by.", series=name)
    (first, start), (last, end) = known[0], known[-1]
    words = {"series": name, "first": month_name(first, locale), "start": _percent(start),
             "last": month_name(last, locale), "end": _percent(end)}
    if len(known) == 1:
        return _("%(series)s was %(start)s in %(first)s, the only month with a figure.", **words)
    if whole_percent(start) == whole_percent(end):
        return _("%(series)s held at %(start)s from %(first)s to %(last)s.", **words)
    if end > start:
        return _("%(series)s rose from %(start)s in %(first)s to %(end)s in %(last)s.", **words)
    return _("%(series)s fell from %(start)s in %(first)s to %(end)s in %(last)s.", **words)


def _percent(rate: float) -> str:
    return f"{whole_percent(rate)}%"  # as the tables beside the charts show it


def _first_day(label: str) -> date:
    return date.fromisoformat(f"{label}-01")
