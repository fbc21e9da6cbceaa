"""The metrics pages' twelve months of MQLs delivered against the SLA's monthly target and of
the funnel's conversion, drawn from the trend's monthly sums through the catalog's figures (the
same the table beside them shows), each with its finding in words; and the two-sided SLA chart
beside them (sla_chart)."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from workspace import clock
from workspace.charts import Slot, bar_chart, line_chart
from workspace.csvout import whole_percent
from workspace.metrics.catalog import metric
from workspace.metrics.charts import (
    CLOSE_DAYS,
    MonthChart,
    following_month,
    month_slots,
    shown_percent,
    table_labels,
)
from workspace.metrics.filters import Filters
from workspace.metrics.sla_chart import sla_chart
from workspace.metrics.sums import MonthSums
from workspace.months import month_name
from workspace.templating import number

CONVERSIONS = ("mql_to_sql", "sql_to_won")


def trend_charts(trend: Sequence[MonthSums], versions: Sequence, filters: Filters,
                 team: str | None = None) -> dict:
    """The charts of the trend's months; `versions`: the SLA version in force at each month's
    end (metrics.queries.month_versions); `team`: the SLA's side to show (None: both)."""
    locale = str(get_locale())
    slots = month_slots([row.label for row in trend], versions, locale)
    targets = [None if filters or not v else (v.mql_target_per_month or None) for v in versions]
    return {"delivery": delivery_chart(trend, slots, targets, filters, locale),
            "conversion": conversion_chart(trend, slots, filters, locale),
            "sla": sla_chart(trend, slots, targets, filters, locale, team)}


def delivery_chart(trend: Sequence[MonthSums], slots: Sequence[Slot],
                   targets: Sequence[int | None], filters: Filters, locale: str) -> MonthChart:
    delivered = [metric("mqls_delivered").figure(row, filters).value for row in trend]
    first, last = month_name(trend[0].label, locale), month_name(trend[-1].label, locale)
    title = _("MQLs delivered against the monthly target")
    labels = {**table_labels(), "value": _("MQLs delivered"), "target": _("Monthly target"),
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
    labels = {**table_labels(), "series": names}
    cohort = _("Of the leads handed over in each month: SQL → won counts the deals won from "
               "them so far, so the latest months are still filling in.")
    if all(value is None for line in rates for value in line):
        return MonthChart(title, _("No MQLs were handed over from %(first)s to %(last)s.",
                                   first=month_name(trend[0].label, locale),
                                   last=month_name(trend[-1].label, locale)), None, labels)
    plain = [replace(slot, note="") for slot in slots]  # versions are marked on the bars
    won_words, young = _won_movement(names[1], trend, rates[1], locale)
    if young:
        cohort = " ".join([cohort, ngettext(
            "The latest month is left out of SQL → won's comparison: its deals have had less "
            "than %(days)s days to close.",
            "The latest %(num)d months are left out of SQL → won's comparison: their deals "
            "have had less than %(days)s days to close.", young, days=CLOSE_DAYS)])
    return MonthChart(title, " ".join([_movement(names[0], trend, rates[0], locale), won_words]),
                      line_chart(plain, rates), labels, cohort, kind="lines")



def _won_movement(name: str, trend: Sequence[MonthSums], rates: Sequence[float | None],
                  locale: str) -> tuple[str, int]:
    """How SQL → won moved over the months whose deals have had CLOSE_DAYS to close (a recent
    month's deals are still open, so its rate would read as a fall), and how many months are
    too recent to compare."""
    today = clock.now().date()
    young = sum(1 for row in trend if following_month(row.label) + timedelta(CLOSE_DAYS) > today)
    if not young:
        return _movement(name, trend, rates, locale), 0
    old = [None] * len(trend) if young >= len(trend) else [*rates[:-young], *[None] * young]
    if all(rate is None for rate in old):
        return _("%(series)s is not compared: no month's deals have had %(days)s days to close "
                 "yet.", series=name, days=CLOSE_DAYS), young
    return " ".join([_("Over the months whose deals have had %(days)s days to close:",
                       days=CLOSE_DAYS), _movement(name, trend, old, locale)]), young


def _movement(name: str, trend: Sequence[MonthSums], rates: Sequence[float | None],
              locale: str) -> str:
    """How a rate moved from the first month with a figure to the last one."""
    known = [(row.label, rate) for row, rate in zip(trend, rates, strict=True) if rate is not None]
    if not known:
        return _("%(series)s has no figure: no month had any to divide by.", series=name)
    (first, start), (last, end) = known[0], known[-1]
    words = {"series": name, "first": month_name(first, locale), "start": shown_percent(start),
             "last": month_name(last, locale), "end": shown_percent(end)}
    if len(known) == 1:
        return _("%(series)s was %(start)s in %(first)s, the only month with a figure.", **words)
    if whole_percent(start) == whole_percent(end):
        return _("%(series)s held at %(start)s from %(first)s to %(last)s.", **words)
    if end > start:
        return _("%(series)s rose from %(start)s in %(first)s to %(end)s in %(last)s.", **words)
    return _("%(series)s fell from %(start)s in %(first)s to %(end)s in %(last)s.", **words)
