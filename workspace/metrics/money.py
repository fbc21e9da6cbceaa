"""Cost per lead, CAC, ROI, average deal value and attribution for a month, in SQL."""

from dataclasses import dataclass, field

from sqlalchemy import and_, func, select

from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.models import Spend
from workspace.months import Month


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


def money(month: Month, filters: Filters = NONE) -> Money:
    """Spend of the month against leads handed over and deals won in it: four small queries.
    Narrowed to a campaign, only that campaign's spend counts. (CAC and ROI count both
    teams' spend whatever the team filter: that is what acquiring a customer cost.)"""
    spend_where = [Spend.month == month.label]
    if filters.campaign:
        spend_where += [Spend.team == "marketing", Spend.channel == filters.campaign]
    spend = dict(db.session.execute(select(Spend.team, func.sum(Spend.amount))
                                    .where(*spend_where).group_by(Spend.team)).all())
    summed = [LeadMonth.month == month.label, *filters.on(LeadMonth)]
    leads, mqls = db.session.execute(select(func.coalesce(func.sum(LeadMonth.leads), 0),
                                            func.coalesce(func.sum(LeadMonth.mqls), 0))
                                     .where(*summed)).one()
    won = and_(Lead.status == "won", Lead.closed_at >= month.start, Lead.closed_at < month.end,
               *filters.on(Lead))
    by_source = db.session.execute(select(Lead.source, Lead.attribution, func.count(Lead.id),
                                          func.sum(Lead.deal_value))
                                   .where(won).group_by(Lead.source, Lead.attribution)
                                   .order_by(Lead.source, Lead.attribution)).all()
    attribution: dict[str, int] = {}
    for _, credit, _, cents in by_source:
        if credit:
            attribution[credit] = attribution.get(credit, 0) + int(cents or 0)
    result = Money(int(spend.get("marketing") or 0), int(spend.get("sales") or 0), int(leads),
                   int(mqls), sum(count for _, _, count, _ in by_source),
                   sum(int(cents or 0) for _, _, _, cents in by_source), attribution,
                   by_source=[(source, credit or "", int(cents or 0))
                              for source, credit, _, cents in by_source])
    campaign_spend = select(Spend.channel, func.sum(Spend.amount).label("amount")).where(
        *spend_where, Spend.team == "marketing", Spend.channel != "").group_by(
        Spend.channel).subquery()
    campaign_leads = select(LeadMonth.campaign, func.sum(LeadMonth.leads).label("leads"),
                            func.sum(LeadMonth.mqls).label("mqls")).where(*summed).group_by(
        LeadMonth.campaign).subquery()
    result.by_campaign = [(channel, int(amount), int(leads or 0), int(mqls or 0))
                          for channel, amount, leads, mqls in db.session.execute(
        select(campaign_spend.c.channel, campaign_spend.c.amount, campaign_leads.c.leads,
               campaign_leads.c.mqls)
        .select_from(campaign_spend).outerjoin(
            campaign_leads, campaign_leads.c.campaign == campaign_spend.c.channel)
        .order_by(campaign_spend.c.amount.desc(), campaign_spend.c.channel)).all()]
    return result
