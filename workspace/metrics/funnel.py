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
