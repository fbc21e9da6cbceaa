"""Every figure a page, the API or a goal can name, defined once: a metric's key → its figure
for a period (whole months of the workspace, metrics.period) and a slice of leads
(metrics.filters).

A figure carries its numerator and denominator, and is None where it is not available: money
under a rep filter, or spend that paid for leads both inside and outside the slice
(metrics.slices); its numerator is then None too. A period's figure divides the sums of its
months, read in at most six queries whatever its length (metrics.sums); the metrics page, its
review and the API read the same sums through the same formulas (Share.rate, FunnelRow.rate,
Money). The page's team filter narrows no figure: it picks one side's metrics (`keys`)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from workspace import clock
from workspace.i18n import N_
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.money import Money
from workspace.metrics.period import Period
from workspace.metrics.sums import CLOSED, MonthSums, Share, added, monthly_sums

COUNT, RATE, MONEY, RATIO = "count", "rate", "money", "ratio"


@dataclass(frozen=True)
class Figure:
    """A count, a rate (0 to 1), an amount in cents of the workspace currency, or a ratio
    (ROI: 0.5 is 50 %). A count or an amount is its own numerator, with no denominator."""

    value: float | None
    numerator: int | None
    denominator: int | None
    unit: str


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # marked with N_(): translate it where it is shown
    unit: str
    team: str | None  # the side whose commitment it measures; None: both
    figure: Callable[[MonthSums, Filters], Figure]
    higher_is_better: bool = True
    reads_spend: bool = False


class UnknownMetric(ValueError):
    def __init__(self, key: str):
        super().__init__(f"Unknown metric {key!r}; the catalog has {', '.join(METRICS)}.")


def _count(value: int) -> Figure:
    return Figure(value, value, None, COUNT)


def _share(share: Share) -> Figure:
    return Figure(share.rate, share.met, share.met + share.missed, RATE)


def _funnel(numerator: str, denominator: str) -> Callable[[MonthSums, Filters], Figure]:
    def figure(sums: MonthSums, _: Filters) -> Figure:
        row = sums.funnel
        return Figure(row.rate(numerator, denominator), getattr(row, numerator),
                      getattr(row, denominator), RATE)
    return figure


def _cost(of: str, count: str, marketing_only: bool) -> Callable[[MonthSums, Filters], Figure]:
    """Spend over a count: marketing spend per lead or MQL, or all spend per customer won."""
    def figure(sums: MonthSums, filters: Filters) -> Figure:
        money = Money.of(sums, filters)
        known = money.cost_available if marketing_only else money.spend_available
        spend = money.marketing_spend if marketing_only else money.spend
        return Figure(getattr(money, of), spend if known else None, getattr(money, count), MONEY)
    return figure


def _roi(sums: MonthSums, filters: Filters) -> Figure:
    money = Money.of(sums, filters)
    known = money.spend_available
    return Figure(money.roi, money.revenue - money.spend if known else None,
                  money.spend if known else None, RATIO)


METRICS = {metric.key: metric for metric in (
    Metric("mqls_delivered", N_("MQLs delivered"), COUNT, "marketing",
           lambda sums, _: _count(sums.delivered)),
    Metric("leads", N_("Leads"), COUNT, "marketing", lambda sums, _: _count(sums.leads)),
    Metric("mql_to_sql", N_("MQL → SQL"), RATE, None, _funnel("sqls", "mqls")),
    Metric("sql_to_won", N_("SQL → won"), RATE, None, _funnel("won", "sqls")),
    Metric("speed_met_rate", N_("First contact on time"), RATE, "sales",
           lambda sums, _: _share(sums.speed)),
    Metric("persistence_rate", N_("Enough attempts"), RATE, "sales",
           lambda sums, _: _share(sums.persistence)),
    Metric("feedback_rate", N_("Feedback on time"), RATE, "sales",
           lambda sums, _: _share(sums.feedback)),
    Metric("cost_per_lead", N_("Cost per lead"), MONEY, "marketing",
           _cost("cost_per_lead", "leads", marketing_only=True), False, True),
    Metric("cost_per_mql", N_("Cost per MQL"), MONEY, "marketing",
           _cost("cost_per_mql", "mqls", marketing_only=True), False, True),
    Metric("cac", N_("CAC"), MONEY, None, _cost("cac", "won", marketing_only=False), False,
           True),
    Metric("roi", N_("ROI"), RATIO, None, _roi, reads_spend=True),
    Metric("revenue_won", N_("Revenue won"), MONEY, None,
           lambda sums, _: Figure(sums.revenue, sums.revenue, None, MONEY)),
)}


def metric(key: str) -> Metric:
    if key not in METRICS:
        raise UnknownMetric(key)
    return METRICS[key]


def keys(team: str | None = None) -> list[str]:
    """The metrics shown to a team (the metrics page's team filter), or all of them."""
    return [key for key, m in METRICS.items() if team is None or m.team in (None, team)]


def figures(names: Iterable[str], period: Period, filters: Filters = NONE,
            deals: str = CLOSED, now: datetime | None = None) -> dict[str, Figure]:
    """Several metrics over a period, from one read of its sums. `deals`: the won deals that
    revenue, CAC and ROI count, closed in the period (CLOSED) or of its hand-offs (HANDOFF);
    the funnel's rates always follow the hand-offs."""
    wanted = [metric(name) for name in names]
    total = added(_sums(period, filters, deals, now, any(m.reads_spend for m in wanted)))
    return {m.key: m.figure(total, filters) for m in wanted}


def figure(key: str, period: Period, filters: Filters = NONE, deals: str = CLOSED,
           now: datetime | None = None) -> Figure:
    return figures([key], period, filters, deals, now)[key]


def monthly(key: str, period: Period, filters: Filters = NONE, deals: str = CLOSED,
            now: datetime | None = None) -> list[tuple[str, Figure]]:
    """The metric month by month over the period, oldest first, as ("YYYY-MM", figure)."""
    chosen = metric(key)
    return [(sums.label, chosen.figure(sums, filters)) for sums in
            _sums(period, filters, deals, now, chosen.reads_spend)]


def running(key: str, period: Period, filters: Filters = NONE, deals: str = CLOSED,
            now: datetime | None = None) -> list[tuple[str, Figure]]:
    """The metric from the period's start to each month's end, oldest first, as ("YYYY-MM",
    figure): a rate to date, not the month's own, from one read of the sums."""
    chosen = metric(key)
    months = _sums(period, filters, deals, now, chosen.reads_spend)
    return [(months[upto].label, chosen.figure(added(months[:upto + 1]), filters))
            for upto in range(len(months))]


def _sums(period: Period, filters: Filters, deals: str, now: datetime | None,
          spend: bool) -> list[MonthSums]:
    return monthly_sums(period.months, now or clock.now(), filters, deals, spend)
