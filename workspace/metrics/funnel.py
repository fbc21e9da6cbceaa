"""The funnel for a period: leads → MQL → SQL → won, by source and campaign, in one query."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select

from workspace.extensions import db
from workspace.leads.models import Lead

SQL_STATUSES = ("accepted", "won", "lost")


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


def funnel(start: datetime, end: datetime, filters: list | None = None) -> list[FunnelRow]:
    rows = db.session.execute(
        select(Lead.source, Lead.campaign, func.count(Lead.id),
               func.sum(case((Lead.is_mql.is_(True), 1), else_=0)),
               func.sum(case((Lead.status.in_(SQL_STATUSES), 1), else_=0)),
               func.sum(case((Lead.status == "won", 1), else_=0)),
               func.sum(case((Lead.status == "won", Lead.deal_value), else_=0)))
        .where(and_(Lead.handed_over_at >= start, Lead.handed_over_at < end, *(filters or [])))
        .group_by(Lead.source, Lead.campaign).order_by(func.count(Lead.id).desc())).all()
    return [FunnelRow(r[0], r[1], r[2], int(r[3] or 0), int(r[4] or 0), int(r[5] or 0),
                      int(r[6] or 0)) for r in rows]


def total(rows: list[FunnelRow]) -> FunnelRow:
    return FunnelRow("", "", *(sum(getattr(r, name) for r in rows)
                               for name in ("leads", "mqls", "sqls", "won", "revenue")))


def median_cycle_days(start: datetime, end: datetime, filters: list | None = None) -> float | None:
    """Median days from hand-off to won, for deals won in the period (nearest rank, in SQL)."""
    from workspace.sqltime import seconds_between

    dialect = db.session.get_bind().dialect.name
    cycle = seconds_between(Lead.handed_over_at, Lead.closed_at, dialect)
    ranked = select(cycle.label("cycle"), func.row_number().over(order_by=cycle).label("rank"),
                    func.count().over().label("total")).where(
        Lead.status == "won", Lead.closed_at >= start, Lead.closed_at < end,
        *(filters or [])).subquery()
    value = db.session.scalar(select(ranked.c.cycle).where(
        ranked.c.rank * 2 >= ranked.c.total).order_by(ranked.c.rank).limit(1))
    return round(value / 86400, 1) if value is not None else None
