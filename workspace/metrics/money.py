"""Cost per lead, CAC, ROI, average deal value and attribution for a month, in SQL.

Under a filter, every ratio divides the spend that belongs to the same slice (metrics.slices)
by the slice's own count, or is not available; never whole-company spend over filtered leads.
Deals count either the leads handed over in the month that were won (`HANDOFF`, a cohort) or
the deals closed in it (`CLOSED`)."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.slices import COMPANY, IN, SPLIT, SpendLine, spend_lines
from workspace.months import Month

HANDOFF, CLOSED = "handoff", "closed"
DEALS = (CLOSED, HANDOFF)  # the first is what a page counts unless asked


def won_in(month: Month, deals: str):
    """The won leads a month counts: of its hand-offs, or closed in it."""
    if deals == CLOSED:
        return [Lead.status == "won", Lead.closed_at >= month.start, Lead.closed_at < month.end]
    return [Lead.status == "won", Lead.handoff_month == month.label]


@dataclass
class CampaignCost:
    """One line of marketing spend and the leads it paid for (None: the whole company's)."""

    channel: str
    kind: str
    amount: int
    leads: int | None
    mqls: int | None

    @property
    def per_lead(self) -> float | None:
        return self.amount / self.leads if self.leads else None

    @property
    def per_mql(self) -> float | None:
        return self.amount / self.mqls if self.mqls else None


@dataclass
class Money:
    marketing_spend: int  # of the slice
    sales_cost: int  # of the slice
    leads: int
    mqls: int
    won: int
    revenue: int
    attribution: dict[str, int] = field(default_factory=dict)
    by_campaign: list[CampaignCost] = field(default_factory=list)
    by_source: list[tuple[str, str, int]] = field(default_factory=list)  # source, credit, cents
    split: list[SpendLine] = field(default_factory=list)  # spend that straddles the slice
    per_rep: bool = False  # a rep filter: no spend is entered per rep

    @property
    def spend(self) -> int:
        return self.marketing_spend + self.sales_cost

    @property
    def marketing_split(self) -> list[SpendLine]:
        return [line for line in self.split if line.team == "marketing"]

    @property
    def cost_available(self) -> bool:
        """Whether the slice's marketing spend is known: cost per lead and per MQL."""
        return not self.per_rep and not self.marketing_split

    @property
    def spend_available(self) -> bool:
        """Whether all the slice's spend is known: CAC and ROI."""
        return not self.per_rep and not self.split

    @property
    def cost_per_lead(self) -> float | None:
        if not self.cost_available or not self.marketing_spend or not self.leads:
            return None
        return self.marketing_spend / self.leads

    @property
    def cost_per_mql(self) -> float | None:
        if not self.cost_available or not self.marketing_spend or not self.mqls:
            return None
        return self.marketing_spend / self.mqls

    @property
    def cac(self) -> float | None:
        if not self.spend_available or not self.spend or not self.won:
            return None
        return self.spend / self.won

    @property
    def average_deal(self) -> float | None:
        return self.revenue / self.won if self.won else None

    @property
    def roi(self) -> float | None:
        if not self.spend_available or not self.spend:
            return None
        return (self.revenue - self.spend) / self.spend


def money_figures(month: Month, filters: Filters = NONE, deals: str = CLOSED) -> Money:
    """The month's spend of the slice against its leads and deals: four small queries (the
    spend and its ties to the leads, the leads by source and campaign, the won deals)."""
    lines = spend_lines(month)
    placed = [(line, line.place(filters)) for line in lines]
    leads_by_pair = {(source, campaign): (int(leads), int(mqls)) for source, campaign, leads, mqls
                     in db.session.execute(
        select(LeadMonth.source, LeadMonth.campaign, func.sum(LeadMonth.leads),
               func.sum(LeadMonth.mqls))
        .where(LeadMonth.month == month.label, *filters.on(LeadMonth))
        .group_by(LeadMonth.source, LeadMonth.campaign))}
    by_source = db.session.execute(select(Lead.source, Lead.attribution, func.count(Lead.id),
                                          func.sum(Lead.deal_value))
                                   .where(*won_in(month, deals), *filters.on(Lead))
                                   .group_by(Lead.source, Lead.attribution)
                                   .order_by(Lead.source, Lead.attribution)).all()
    attribution: dict[str, int] = {}
    for _, credit, _, cents in by_source:
        if credit:
            attribution[credit] = attribution.get(credit, 0) + int(cents or 0)
    return Money(
        marketing_spend=sum(line.amount for line, place in placed
                            if place == IN and line.team == "marketing"),
        sales_cost=sum(line.amount for line, place in placed
                       if place == IN and line.team != "marketing"),
        leads=sum(leads for leads, _ in leads_by_pair.values()),
        mqls=sum(mqls for _, mqls in leads_by_pair.values()),
        won=sum(count for _, _, count, _ in by_source),
        revenue=sum(int(cents or 0) for _, _, _, cents in by_source),
        attribution=attribution,
        by_campaign=sorted((_campaign_cost(line, leads_by_pair) for line, place in placed
                            if place == IN and line.team == "marketing"),
                           key=lambda cost: (cost.kind == COMPANY, -cost.amount, cost.channel)),
        by_source=[(source, credit or "", int(cents or 0))
                   for source, credit, _, cents in by_source],
        split=[line for line, place in placed if place == SPLIT],
        per_rep=bool(filters.rep_id))


def _campaign_cost(line: SpendLine, leads_by_pair: dict) -> CampaignCost:
    if line.kind == COMPANY:
        return CampaignCost(line.channel, line.kind, line.amount, None, None)
    counts = [leads_by_pair.get(pair, (0, 0)) for pair in line.pairs]
    return CampaignCost(line.channel, line.kind, line.amount, sum(c[0] for c in counts),
                        sum(c[1] for c in counts))
