"""Cost per lead, CAC, ROI, average deal value and attribution for a month, in SQL."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, select

from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.metrics.models import Spend


@dataclass
class Money:
    marketing_spend: int
    sales_cost: int
    leads: int
    mqls: int
    won: int
    revenue: int
    attribution: dict[str, int] = field(default_factory=dict)
    by_campaign: list[tuple[str, int, int, int]] = field(default_factory=list)
    by_source: list[tuple[str, str, int]] = field(default_factory=list)  # source, credit, cents

    @property
    def spend(self) -> int:
        return self.marketing_spend + self.sales_cost

    @property
    def cost_per_lead(self) -> float | None:
        return self.marketing_spend / self.leads if self.leads and self.marketing_spend else None

    @property
    def cost_per_mql(self) -> float | None:
        return self.marketing_spend / self.mqls if self.mqls and self.marketing_spend else None

    @property
    def cac(self) -> float | None:
        return self.spend / self.won if self.won and self.spend else None

    @property
    def average_deal(self) -> float | None:
        return self.revenue / self.won if self.won else None

    @property
    def roi(self) -> float | None:
        return (self.revenue - self.spend) / self.spend if self.spend else None


def money(month: str, start: datetime, end: datetime, filters: list | None = None,
          campaign: str | None = None) -> Money:
    """Spend of the month against leads handed over and deals won in it: five queries.
    Narrowed to a campaign, only that campaign's spend counts."""
    spend_where = [Spend.month == month]
    if campaign:
        spend_where += [Spend.team == "marketing", Spend.channel == campaign]
    spend = dict(db.session.execute(select(Spend.team, func.sum(Spend.amount))
                                    .where(*spend_where).group_by(Spend.team)).all())
    handed = and_(Lead.handed_over_at >= start, Lead.handed_over_at < end, *(filters or []))
    leads, mqls = db.session.execute(select(
        func.count(Lead.id), func.count(Lead.id).filter(Lead.is_mql.is_(True))).where(
        handed)).one()
    won = and_(Lead.status == "won", Lead.closed_at >= start, Lead.closed_at < end,
               *(filters or []))
    attribution = dict(db.session.execute(select(Lead.attribution, func.sum(Lead.deal_value))
                                          .where(won).group_by(Lead.attribution)).all())
    count = db.session.scalar(select(func.count(Lead.id)).where(won)) or 0
    by_source = db.session.execute(select(Lead.source, Lead.attribution, func.sum(Lead.deal_value))
                                   .where(won).group_by(Lead.source, Lead.attribution)
                                   .order_by(Lead.source, Lead.attribution)).all()
    result = Money(int(spend.get("marketing") or 0), int(spend.get("sales") or 0), leads,
                   mqls, count, int(sum(v or 0 for v in attribution.values())),
                   {k: int(v or 0) for k, v in attribution.items() if k},
                   by_source=[(source, credit or "", int(cents or 0))
                              for source, credit, cents in by_source])
    campaign_spend = select(Spend.channel, func.sum(Spend.amount).label("amount")).where(
        *spend_where, Spend.team == "marketing", Spend.channel != "").group_by(
        Spend.channel).subquery()
    result.by_campaign = [tuple(r) for r in db.session.execute(
        select(campaign_spend.c.channel, campaign_spend.c.amount,
               func.count(Lead.id), func.count(Lead.id).filter(Lead.is_mql.is_(True)))
        .select_from(campaign_spend).outerjoin(Lead, and_(Lead.campaign == campaign_spend.c.channel,
                                                          handed))
        .group_by(campaign_spend.c.channel, campaign_spend.c.amount)
        .order_by(campaign_spend.c.amount.desc())).all()]
    return result
