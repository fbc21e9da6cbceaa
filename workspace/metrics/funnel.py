"""The funnel for a month, by source and campaign, in two views: of the leads handed over in
the month (a cohort: leads → MQL → SQL → won so far), and the deals closed in it (won and
lost, whenever their leads were handed over)."""

from dataclasses import dataclass

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.filters import NONE, Filters
from workspace.months import Month


@dataclass
class FunnelRow:
    source: str
    campaign: str
    leads: int
    mqls: int
    sqls: int
    won: int
    revenue: int  # cents

    def rate(self, numerator: str, denominator: str) -> float | None:
        bottom = getattr(self, denominator)
        return getattr(self, numerator) / bottom if bottom else None


@dataclass
class ClosedRow:
    source: str
    campaign: str
    won: int
    lost: int
    revenue: int  # cents

    @property
    def closed(self) -> int:
        return self.won + self.lost

    @property
    def win_rate(self) -> float | None:
        return self.won / self.closed if self.closed else None


def funnel(month: Month, filters: Filters = NONE) -> list[FunnelRow]:
    """Of the leads handed over in the month, from the monthly sums: one small query."""
    leads = func.sum(LeadMonth.leads)
    rows = db.session.execute(
        select(LeadMonth.source, LeadMonth.campaign, leads, func.sum(LeadMonth.mqls),
               func.sum(LeadMonth.sqls), func.sum(LeadMonth.won), func.sum(LeadMonth.revenue))
        .where(LeadMonth.month == month.label, *filters.on(LeadMonth))
        .group_by(LeadMonth.source, LeadMonth.campaign).having(leads > 0)
        .order_by(leads.desc(), LeadMonth.source, LeadMonth.campaign)).all()
    return [FunnelRow(r[0], r[1], int(r[2]), int(r[3] or 0), int(r[4] or 0), int(r[5] or 0),
                      int(r[6] or 0)) for r in rows]


def closed_deals(month: Month, filters: Filters = NONE) -> list[ClosedRow]:
    """The deals won or lost in the month, by source and campaign: one query over the
    (status, closed_at) index."""
    won = func.count().filter(Lead.status == "won")
    rows = db.session.execute(
        select(Lead.source, Lead.campaign, won, func.count().filter(Lead.status == "lost"),
               func.coalesce(func.sum(Lead.deal_value).filter(Lead.status == "won"), 0))
        .where(Lead.status.in_(("won", "lost")), Lead.closed_at >= month.start,
               Lead.closed_at < month.end, *filters.on(Lead))
        .group_by(Lead.source, Lead.campaign)
        .order_by(won.desc(), func.count().desc(), Lead.source, Lead.campaign)).all()
    return [ClosedRow(source, campaign, int(w), int(lost), int(cents))
            for source, campaign, w, lost, cents in rows]


def closed_total(rows: list[ClosedRow]) -> ClosedRow:
    return ClosedRow("", "", *(sum(getattr(r, name) for r in rows)
                               for name in ("won", "lost", "revenue")))


def median_cycle_days(month: Month, filters: Filters = NONE) -> float | None:
    """Median days from hand-off to won, for deals won in the period (nearest rank, in SQL)."""
    from workspace.metrics.percentiles import nearest_rank
    from workspace.sqltime import seconds_between

    cycle = seconds_between(Lead.handed_over_at, Lead.closed_at,
                            db.session.get_bind().dialect.name)
    value = db.session.execute(nearest_rank(cycle, [
        Lead.status == "won", Lead.closed_at >= month.start, Lead.closed_at < month.end,
        *filters.on(Lead)], (50,))).scalar()
    return round(value / 86400, 1) if value is not None else None
