"""Which spend belongs to a filtered slice of the leads (README: "Metrics: which spend a
filtered figure uses").

A spend entry's "Campaign or channel" names what it paid for: a campaign's exact name ties it
to that campaign's leads, else a source's exact name to that source's leads; anything else (a
blank, "Sales team", an agency fee) was spent for the whole company. Which sources a campaign
runs in, and which campaigns a source holds, come from every lead ever handed over.

Under a source or campaign filter an entry is `IN` when all the leads it paid for are inside
the filter, `OUT` when none are, and `SPLIT` when some are: an amount that cannot be divided
fairly, so a figure that needs it is not available rather than a guess. Spend is never
entered per rep, so under a rep filter every entry that is not `OUT` is `SPLIT`.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.leads.models import LeadMonth
from workspace.metrics.filters import Filters
from workspace.metrics.models import Spend

CAMPAIGN, SOURCE, COMPANY = "campaign", "source", "company"
IN, OUT, SPLIT = "in", "out", "split"


@dataclass(frozen=True)
class SpendLine:
    """The month's spend of one team on one campaign or channel."""

    team: str  # marketing spend or sales cost
    channel: str
    amount: int  # cents
    kind: str  # CAMPAIGN, SOURCE or COMPANY
    pairs: frozenset[tuple[str, str]]  # (source, campaign) of the leads it paid for

    def place(self, filters: Filters) -> str:
        if not filters:
            return IN
        if self.kind == COMPANY:
            return SPLIT
        inside = [filters.takes(source, campaign) for source, campaign in self.pairs]
        if not any(inside):
            return OUT
        return IN if all(inside) and not filters.rep_id else SPLIT


def spend_by_month(labels: list[str]) -> dict[str, list[SpendLine]]:
    """Each month's spend by team and channel, each tied to the leads it paid for: two small
    queries (the spend, and the source and campaign pairs of the monthly sums)."""
    amounts = db.session.execute(
        select(Spend.month, Spend.team, Spend.channel, func.sum(Spend.amount))
        .where(Spend.month.in_(labels)).group_by(Spend.month, Spend.team, Spend.channel)
        .order_by(Spend.month, Spend.team, Spend.channel)).all()
    if not amounts:
        return {}
    pairs = lead_pairs()
    lines: dict[str, list[SpendLine]] = {}
    for month, team, channel, amount in amounts:
        lines.setdefault(month, []).append(tie(team, channel, int(amount), pairs))
    return lines


def lead_pairs() -> frozenset[tuple[str, str]]:
    """Every (source, campaign) that leads were ever handed over with, from the monthly sums:
    read once per request (the spend's ties and the filters' choices both ask)."""
    from workspace.data_version import once_per_commit

    def read():
        rows = db.session.execute(select(LeadMonth.source, LeadMonth.campaign).distinct()
                                  .where(LeadMonth.leads > 0))
        return frozenset((source, campaign) for source, campaign in rows)

    return once_per_commit("lead_pairs", read)


def tie(team: str, channel: str, amount: int, pairs: set[tuple[str, str]]) -> SpendLine:
    """A spend entry tied to the leads it paid for, by the name in its channel."""
    by_campaign = frozenset(pair for pair in pairs if channel and pair[1] == channel)
    if by_campaign:
        return SpendLine(team, channel, amount, CAMPAIGN, by_campaign)
    by_source = frozenset(pair for pair in pairs if channel and pair[0] == channel)
    if by_source:
        return SpendLine(team, channel, amount, SOURCE, by_source)
    return SpendLine(team, channel, amount, COMPANY, frozenset())
