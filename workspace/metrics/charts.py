"""The metrics pages' charts of twelve months (workspace.charts): MQLs delivered against the SLA's
monthly target, the funnel's conversion, and the money (spend and revenue won, ROI; CAC beside
the average deal for the month), who brought the revenue won, both sides of the SLA over the
year, and the month's funnel. Drawn from the trend's monthly sums through the catalog's figures
(the funnel from the funnel card's own totals), the same the tables beside them show, each with
its finding in words."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from babel.dates import format_skeleton
from babel.numbers import get_currency_symbol
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import case, func, select

from workspace import clock
from workspace.charts import (
    PANEL_BOX,
    BucketChart,
    RowChart,
    Slot,
    bar_chart,
    bucket_chart,
    line_chart,
    paired_bars,
    stacked_bars,
)
from workspace.csvout import whole_percent
from workspace.metrics.catalog import metric
from workspace.metrics.filters import Filters
from workspace.metrics.funnel import ClosedRow, FunnelRow
from workspace.metrics.money import Money
from workspace.metrics.period import Period
from workspace.metrics.sums import CLOSED, MonthSums, Share, won_in
from workspace.months import month_name
from workspace.templating import current_workspace, money, money_float, number

CONVERSIONS = ("mql_to_sql", "sql_to_won")
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


def trend_charts(trend: Sequence[MonthSums], versions: Sequence, filters: Filters) -> dict:
    """Both charts for the trend's months; `versions`: the SLA version in force at each
    month's end (metrics.queries.month_versions)."""
    locale = str(get_locale())
    slots = month_slots([row.label for row in trend], versions, locale)
    targets = [None if filters or not v else (v.mql_target_per_month or None) for v in versions]
    return {"delivery": delivery_chart(trend, slots, targets, filters, locale),
            "conversion": conversion_chart(trend, slots, filters, locale),
            "sla": sla_chart(trend, slots, targets, filters, locale)}


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
    young = sum(1 for row in trend if _following(row.label) + timedelta(CLOSE_DAYS) > today)
    if not young:
        return _movement(name, trend, rates, locale), 0
    old = [None] * len(trend) if young >= len(trend) else [*rates[:-young], *[None] * young]
    if all(rate is None for rate in old):
        return _("%(series)s is not compared: no month's deals have had %(days)s days to close "
                 "yet.", series=name, days=CLOSE_DAYS), young
    return " ".join([_("Over the months whose deals have had %(days)s days to close:",
                       days=CLOSE_DAYS), _movement(name, trend, old, locale)]), young


def _following(label: str) -> date:
    day = _first_day(label)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _table_labels() -> dict:
    return {"numbers": _("Show the numbers"), "when": _("Month")}


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


def shown_percent(rate: float) -> str:
    return f"{whole_percent(rate)}%"  # as the tables beside the charts show it


def _first_day(label: str) -> date:
    return date.fromisoformat(f"{label}-01")


def money_charts(trend: Sequence[MonthSums], filters: Filters, money_now: Money,
                 closed: bool) -> dict:
    """Spend and revenue won over the trend's months with their ROI in a small chart under
    them, and the month's CAC beside its average deal; amounts on the axis in thousands of the
    workspace's currency."""
    locale = str(get_locale())
    slots = month_slots([row.label for row in trend], [None] * len(trend), locale)  # no notes
    unit = _("Thousands of %(currency)s",
             currency=get_currency_symbol(current_workspace().currency, locale))
    return {"flows": _flows_chart(trend, slots, filters, closed, unit, locale),
            "cac": _cac_chart(money_now, trend[-1].label, unit, locale)}


def thousands(cents: float) -> str:
    return number(cents / 100_000, 1, at_most=True)


def _flows_chart(trend, slots, filters, closed: bool, unit: str, locale: str) -> MonthChart:
    spent = [money.spend if money.spend_available else None
             for money in (Money.of(row, filters) for row in trend)]
    won = [metric("revenue_won").figure(row, filters).value for row in trend]
    rois = [metric("roi").figure(row, filters).value for row in trend]
    words = {"first": month_name(trend[0].label, locale),
             "last": month_name(trend[-1].label, locale)}
    labels = {**_table_labels(), "series": [_("Spend"), _("Revenue won"), _("ROI")],
              "unit": unit, "percent": _maybe_percent}
    title = _("Spend, revenue won and ROI, month by month")
    if not any(spent) and not any(won):
        return MonthChart(title, _("No spend was entered and no deal was won from %(first)s to "
                                   "%(last)s.", **words), None, labels, kind="pairs")
    finding = _("%(revenue)s won against %(spend)s spent from %(first)s to %(last)s.",
                revenue=money(sum(won)), spend=money(sum(v for v in spent if v)), **words)
    detail = [_("Deals closed in each month.") if closed else
              _("Deals won from each month's leads so far.")]
    if any(won):
        best = max(range(len(won)), key=lambda i: (won[i], i))
        detail.append(_("The most won in %(month)s (%(amount)s).", amount=money(won[best]),
                        month=month_name(trend[best].label, locale)))
    if None in spent:
        detail.append(_("Spend is not available for this filter where no bar is drawn."))
    detail.append(_roi_words(trend, rois, locale, words))
    if any(roi is not None for roi in rois):
        labels["panel"] = line_chart(slots, [rois], top=0.0, floor=-1.0, box=PANEL_BOX)
    return MonthChart(title, finding, paired_bars(slots, spent, won), labels, " ".join(detail),
                      kind="pairs", shown=money, tick=thousands)


def _roi_words(trend, rois, locale: str, words: dict) -> str:
    """ROI over the months with spend: how often positive, the highest, those below zero."""
    known = [(row.label, roi) for row, roi in zip(trend, rois, strict=True) if roi is not None]
    if not known:
        return _("ROI needs spend: none is available from %(first)s to %(last)s.", **words)
    sentences = [ngettext("ROI was positive in %(positive)s of %(num)d month with spend.",
                          "ROI was positive in %(positive)s of %(num)d months with spend.",
                          len(known), positive=sum(1 for label, roi in known if roi > 0))]
    best = max(known, key=lambda pair: pair[1])
    sentences.append(_("The highest: %(roi)s in %(month)s.", roi=shown_percent(best[1]),
                       month=month_name(best[0], locale)))
    below = [f"{month_name(label, locale)} ({shown_percent(roi)})" for label, roi in known
             if roi < 0]
    if below:
        sentences.append(_("Below zero, spend not yet earned back: %(months)s.",
                           months=", ".join(below)))
    return " ".join(sentences)


def _cac_chart(money_now: Money, month: str, unit: str, locale: str) -> MonthChart:
    named = month_name(month, locale)
    cac, deal = money_now.cac, money_now.average_deal
    labels = {**_table_labels(), "value": _("Amount"), "when": _("Figure"), "unit": unit}
    title = _("CAC beside the average deal")
    if not money_now.won:
        finding = _("No customer was won in %(month)s: no CAC or average deal.", month=named)
    elif cac is None:
        finding = _("CAC is not available for %(month)s: no spend to divide, or none for this "
                    "filter.", month=named)
    elif deal >= cac:
        finding = _("An average deal brought %(times)s times what winning a customer cost "
                    "(%(deal)s against a CAC of %(cac)s).", times=number(deal / cac, 1),
                    deal=money_float(deal), cac=money_float(cac))
    else:
        finding = _("Winning a customer cost %(cac)s, more than the %(deal)s an average deal "
                    "brought.", cac=money_float(cac), deal=money_float(deal))
    if cac is None:
        return MonthChart(title, finding, None, labels)
    slots = [Slot(_("CAC"), _("CAC")), Slot(_("Average deal"), _("Average deal"))]
    return MonthChart(title, finding, bar_chart(slots, [cac, deal], [None, None]), labels,
                      shown=money_float, tick=thousands)


def _maybe_percent(rate: float | None) -> str:
    return "—" if rate is None else shown_percent(rate)


SIDES = ("speed", "persistence", "feedback")  # sales' shares, as the twelve months' table reads


def sla_chart(trend: Sequence[MonthSums], slots: Sequence[Slot], targets: Sequence[int | None],
              filters: Filters, locale: str) -> MonthChart:
    """Both sides of the SLA on one axis of shares: marketing's MQLs delivered as a share of the
    month's target, and sales' three shares met, so a head sees which side kept its part."""
    delivered = [metric("mqls_delivered").figure(row, filters).value for row in trend]
    delivery = [value / target if target else None
                for value, target in zip(delivered, targets, strict=True)]
    sales = [[getattr(row, side).rate for row in trend] for side in SIDES]
    names = [_("MQLs delivered, share of the target"), _("First contact on time"),
             _("Enough attempts"), _("Feedback on time")]
    words = {"first": month_name(trend[0].label, locale),
             "last": month_name(trend[-1].label, locale)}
    title = _("Both sides of the SLA, month by month")
    labels = {**_table_labels(), "series": names,
              "goal": _("100%: the target reached, every commitment kept")}
    if not any(delivered):
        return MonthChart(title, _("No MQLs were handed over from %(first)s to %(last)s.",
                                   **words), None, labels)
    judged = [(value, target) for value, target in zip(delivered, targets, strict=True)
              if target]
    if judged:
        marketing = ngettext(
            "Marketing: the MQL target was reached in %(met)s of %(num)d month with a target.",
            "Marketing: the MQL target was reached in %(met)s of %(num)d months with a target.",
            len(judged), met=sum(value >= target for value, target in judged))
    elif filters:
        marketing = _("The monthly target is for all leads, not for this filter.")
    else:
        marketing = _("No SLA target was in force in these months.")
    year = [sum((getattr(row, side) for row in trend), Share()).rate for side in SIDES]
    shares = "; ".join(f"{name} {_maybe_percent(rate)}" for name, rate
                       in zip(names[1:], year, strict=True))
    finding = " ".join([marketing, _("Sales over the twelve months: %(shares)s.",
                                     shares=shares)])
    lowest = []
    for name, rates in zip(names[1:], sales, strict=True):
        known = [(rate, row.label) for row, rate in zip(trend, rates, strict=True)
                 if rate is not None]
        if len(known) > 1:
            rate, label = min(known, key=lambda pair: pair[0])
            lowest.append(_("%(series)s was lowest in %(month)s (%(share)s).", series=name,
                            month=month_name(label, locale), share=shown_percent(rate)))
    detail = " ".join([*lowest, _("A month with no MQL judged leaves a gap in its line.")])
    plain = [replace(slot, note="") for slot in slots]
    return MonthChart(title, finding, line_chart(plain, [delivery, *sales]), labels, detail,
                      kind="lines")


CREDITS = ("marketing", "sales", "both")
READOUT_END = 120  # room after a stage's bar for its count and conversion ("1,234 · 100%")


def credit_by_month(period: Period, filters: Filters, deals: str) -> list[dict[str, int]]:
    """Revenue won in each month of the period by credit (marketing, sales, both), counting the
    deals the page counts: one grouped query, read as money.money_figures reads one month's."""
    from workspace.extensions import db
    from workspace.leads.models import Lead

    which = case(*((Lead.closed_at < month.end, month.label) for month in period.months)) \
        if deals == CLOSED else Lead.handoff_month
    won = select(which.label("month"), Lead.attribution, Lead.deal_value).where(
        *won_in(period, deals), *filters.on(Lead)).subquery()
    by_month: dict[str, dict[str, int]] = {label: {} for label in period.labels}
    for label, credit, cents in db.session.execute(
            select(won.c.month, won.c.attribution, func.sum(won.c.deal_value))
            .group_by(won.c.month, won.c.attribution)):
        if credit and label in by_month:
            by_month[label][credit] = int(cents or 0)
    return [by_month[label] for label in period.labels]


def attribution_chart(trend: Sequence[MonthSums], credits: Sequence[dict[str, int]],
                      closed: bool) -> MonthChart:
    """Revenue won in each month split by who brought it, stacked: marketing, sales, both."""
    locale = str(get_locale())
    slots = month_slots([row.label for row in trend], [None] * len(trend), locale)
    parts = [[month.get(credit, 0) for credit in CREDITS] for month in credits]
    words = {"first": month_name(trend[0].label, locale),
             "last": month_name(trend[-1].label, locale)}
    labels = {**_table_labels(), "series": [_("Marketing"), _("Sales"), _("Both")],
              "total": _("Total"),
              "unit": _("Thousands of %(currency)s",
                        currency=get_currency_symbol(current_workspace().currency, locale))}
    title = _("Who brought the revenue won, month by month")
    totals = [sum(row) for row in parts]
    if not any(totals):
        return MonthChart(title, _("No deal with a credit was won from %(first)s to %(last)s.",
                                   **words), None, labels, kind="stacked")
    year = [sum(row[i] for row in parts) for i in range(len(CREDITS))]
    finding = _("From %(first)s to %(last)s, marketing brought %(marketing)s of the credited "
                "revenue won, sales %(sales)s and both together %(both)s.", **words,
                **{credit: shown_percent(part / sum(year))
                   for credit, part in zip(CREDITS, year, strict=True)})
    best = max(range(len(totals)), key=lambda i: (totals[i], i))
    detail = [_("Deals closed in each month.") if closed else
              _("Deals won from each month's leads so far."),
              _("The most won in %(month)s (%(amount)s).", amount=money(totals[best]),
                month=month_name(trend[best].label, locale))]
    uncredited = sum(row.revenue for row in trend) - sum(year)
    if uncredited > 0:
        detail.append(_("%(amount)s won without a credit is left out.",
                        amount=money(uncredited)))
    return MonthChart(title, finding, stacked_bars(slots, parts), labels, " ".join(detail),
                      kind="stacked", shown=money, tick=thousands)


def funnel_chart(total: FunnelRow, month: str) -> MonthChart:
    """The month's hand-offs as far as each has come, from the funnel card's own totals: a bar
    per stage, each step's conversion at its end and in words, the weakest step named."""
    locale = str(get_locale())
    named = month_name(month, locale)
    stages = [(_("Leads"), "leads"), ("MQL", "mqls"), ("SQL", "sqls"), (_("Won"), "won")]
    steps = [_("Lead → MQL"), _("MQL → SQL"), _("SQL → won")]
    labels = {**_table_labels(), "when": _("Stage"), "value": _("Leads"),
              "share": _("Conversion from the stage before")}
    title = _("Funnel of the leads handed over in %(month)s", month=named)
    if not total.leads:
        return MonthChart(title, _("No leads were handed over in %(month)s.", month=named),
                          None, labels, kind="buckets")
    rates = [total.rate(after, before) for (_n, before), (_m, after) in pairwise(stages)]
    counts = [getattr(total, key) for _n, key in stages]
    labels["shares"] = [None, *rates]
    labels["readouts"] = [number(total.leads), *(f"{number(n)} · {_maybe_percent(rate)}"
                                                 for n, rate in zip(counts[1:], rates,
                                                                    strict=True))]
    labels["spoken"] = _spoken(counts, labels["value"], [None, *steps], labels["shares"])
    finding = [ngettext("Of the %(num)d lead handed over in %(month)s, %(won)s won so far.",
                        "Of the %(num)d leads handed over in %(month)s, %(won)s won so far.",
                        total.leads, month=named, won=number(total.won))]
    young = _following(month) + timedelta(CLOSE_DAYS) > clock.now().date()
    known = [(rate, step) for step, rate in zip(steps, rates, strict=True)
             if rate is not None and not (young and step == steps[-1])]
    if known:
        rate, step = min(known, key=lambda pair: pair[0])
        finding.append(_("The weakest step: %(step)s, %(share)s.", step=step,
                         share=shown_percent(rate)))
    detail = []
    for step, ((_n, before), (_m, after)), rate in zip(steps, pairwise(stages), rates,
                                                       strict=True):
        detail.append(_("%(step)s: %(share)s, %(n)s of %(of)s.", step=step,
                        share=shown_percent(rate), n=number(getattr(total, after)),
                        of=number(getattr(total, before))) if rate is not None else
                      _("%(step)s: no figure, none reached the stage before.", step=step))
    if young:
        detail.append(_("%(step)s is still filling in: these deals have had less than %(days)s "
                        "days to close.", step=steps[-1], days=CLOSE_DAYS))
    chart = bucket_chart([name for name, _k in stages], counts, [True] * len(stages),
                         end=READOUT_END)
    return MonthChart(title, " ".join(finding), chart, labels, " ".join(detail), kind="buckets")


def closed_chart(total: ClosedRow, month: str) -> MonthChart:
    """The deals closed in the month, from the card's own totals: closed, won and lost as
    bars, won solid and lost hollow, the win rate in words."""
    locale = str(get_locale())
    named = month_name(month, locale)
    labels = {**_table_labels(), "when": _("Deals"), "value": _("Deals"),
              "share": _("Share of the deals closed")}
    title = _("Deals closed in %(month)s", month=named)
    if not total.closed:
        return MonthChart(title, _("No deal was closed in %(month)s.", month=named), None,
                          labels, kind="buckets")
    shares = [total.won / total.closed, total.lost / total.closed]
    labels["shares"] = [None, *shares]
    labels["readouts"] = [number(total.closed), *(f"{number(n)} · {shown_percent(share)}"
                                                  for n, share in zip((total.won, total.lost),
                                                                      shares, strict=True))]
    labels["spoken"] = _spoken([total.closed, total.won, total.lost], labels["value"],
                               [None, *[labels["share"].lower()] * 2], labels["shares"])
    finding = ngettext(
        "%(won)s of the %(num)d deal closed in %(month)s was won: a win rate of %(share)s.",
        "%(won)s of the %(num)d deals closed in %(month)s were won: a win rate of %(share)s.",
        total.closed, won=number(total.won), month=named, share=shown_percent(shares[0]))
    chart = bucket_chart([_("Deals closed"), _("Deals won"), _("Deals lost")],
                         [total.closed, total.won, total.lost], [None, True, False],
                         end=READOUT_END)
    return MonthChart(title, finding, replace(chart, threshold_y=None), labels,
                      _("Revenue won: %(amount)s.", amount=money(total.revenue)),
                      kind="buckets")


def _spoken(counts, unit: str, steps, shares) -> list[str]:
    """Each stage's figures for its accessible name: "62 leads, MQL → SQL 59%"."""
    return [f"{number(n)} {unit.lower()}" + (f", {step} {shown_percent(share)}"
                                            if share is not None else "")
            for n, step, share in zip(counts, steps, shares, strict=True)]
