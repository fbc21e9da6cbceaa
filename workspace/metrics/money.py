"""Cost per lead, CAC, ROI, average deal value and attribution for a month, in SQL.

Under a filter, every ratio divides the spend that belongs to the same slice (metrics.slices)
by the slice's own count, or is not available; never whole-company spend over filtered leads.
The totals come from the month's sums (metrics.sums), which the catalog reads too; deals count
either the leads handed over in the month that were won, or the deals closed in it."""

from dataclasses import dataclass, field, replace

from sqlalchemy import func, select

from workspace import clock
from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth
from workspace.metrics.filters import NONE, Filters
from workspace.metrics.period import Period
from workspace.metrics.slices import COMPANY, SpendLine
from workspace.metrics.sums import CLOSED, MonthSums, monthly_sums, won_in
from workspace.months import Month


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

    @classmethod
    def of(cls, sums: MonthSums, filters: Filters) -> "Money":
        """The totals of a month's or a period's sums (read with their spend)."""
        return cls(marketing_spend=sums.marketing_spend, sales_cost=sums.sales_cost,
                   leads=sums.leads, mqls=sums.delivered, won=sums.won, revenue=sums.revenue,
                   split=list(sums.split), per_rep=bool(filters.rep_id))

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


def money_figures(month: Month, filters: Filters = NONE, deals: str = CLOSED,
                  sums: MonthSums | None = None) -> Money:
    """The month's totals from its sums with their spend (six small queries, unless the caller
    has read them with other months), and its breakdowns: the won deals by source and credit
    (one query) and, when spend is entered for campaigns or sources, their leads (one)."""
    sums = sums or monthly_sums([month], clock.now(), filters, deals, spend=True)[0]
    marketing = [line for line in sums.spend if line.team == "marketing"]
    leads_by_pair = {(source, campaign): (int(leads), int(mqls)) for source, campaign, leads, mqls
                     in db.session.execute(
        select(LeadMonth.source, LeadMonth.campaign, func.sum(LeadMonth.leads),
               func.sum(LeadMonth.mqls))
        .where(LeadMonth.month == month.label, *filters.on(LeadMonth))
        .group_by(LeadMonth.source, LeadMonth.campaign))} if marketing else {}
    by_source = db.session.execute(select(Lead.source, Lead.attribution, func.sum(Lead.deal_value))
                                   .where(*won_in(Period.of(month), deals), *filters.on(Lead))
                                   .group_by(Lead.source, Lead.attribution)
                                   .order_by(Lead.source, Lead.attribution)).all()
    attribution: dict[str, int] = {}
    for _, credit, cents in by_source:
        if credit:
            attribution[credit] = attribution.get(credit, 0) + int(cents or 0)
    return replace(
        Money.of(sums, filters), attribution=attribution,
        by_campaign=sorted((_campaign_cost(line, leads_by_pair) for line in marketing),
                           key=lambda cost: (cost.kind == COMPANY, -cost.amount, cost.channel)),
        by_source=[(source, credit or "", int(cents or 0)) for source, credit, cents in by_source])


def _campaign_cost(line: SpendLine, leads_by_pair: dict) -> CampaignCost:
    if line.kind == COMPANY:
        return CampaignCost(line.channel, line.kind, line.amount, None, None)
    counts = [leads_by_pair.get(pair, (0, 0)) for pair in line.pairs]
    return CampaignCost(line.channel, line.kind, line.amount, sum(c[0] for c in counts),
                        sum(c[1] for c in counts))
