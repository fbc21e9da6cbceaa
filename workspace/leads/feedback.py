"""Marketing's view of sales' feedback: per source and campaign, for a period, in SQL."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.leads.models import Lead, LeadMonth, Rating
from workspace.months import Month


@dataclass
class SourceFeedback:
    source: str
    campaign: str
    leads: int
    mqls: int
    rated: int
    accepted: int
    average_rating: float | None
    median_first_contact_minutes: float | None = None
    reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.rated if self.rated else None


def feedback_by_source(month: Month) -> list[SourceFeedback]:
    """One row per source and campaign with leads handed over in the month: the counts from
    the monthly sums, the medians and reasons from the month's leads; three queries."""
    leads = func.sum(LeadMonth.leads)
    rows = db.session.execute(
        select(LeadMonth.source, LeadMonth.campaign, leads, func.sum(LeadMonth.mqls),
               func.sum(LeadMonth.rated), func.sum(LeadMonth.sqls),
               func.sum(LeadMonth.rating_sum), func.sum(LeadMonth.rating_count))
        .where(LeadMonth.month == month.label)
        .group_by(LeadMonth.source, LeadMonth.campaign).having(leads > 0)
        .order_by(leads.desc(), LeadMonth.source, LeadMonth.campaign)).all()
    result = {(r[0], r[1]): SourceFeedback(r[0], r[1], int(r[2]), int(r[3]), int(r[4]),
                                           int(r[5]), r[6] / r[7] if r[7] else None)
              for r in rows}
    in_period = Lead.handoff_month == month.label
    for (source, campaign), minutes in _median_first_contact(in_period).items():
        if (source, campaign) in result:
            result[(source, campaign)].median_first_contact_minutes = minutes
    for source, campaign, reason, count in _rejection_reasons(in_period):
        if (source, campaign) in result:
            result[(source, campaign)].reasons.append((reason, count))
    return list(result.values())


def _median_first_contact(in_period) -> dict[tuple[str, str], float]:
    """Nearest-rank median per source and campaign over the stored whole seconds, read in the
    order of the (month, source, campaign, seconds) index."""
    from workspace.metrics.percentiles import nearest_rank

    rows = db.session.execute(nearest_rank(Lead.first_contact_seconds, [in_period], (50,),
                                           by=(Lead.source, Lead.campaign)))
    return {(source, campaign): delay / 60 for source, campaign, delay in rows}


def _rejection_reasons(in_period):
    """Reasons given when sales did not accept, most frequent first."""
    return db.session.execute(
        select(Lead.source, Lead.campaign, Rating.reason, func.count(Rating.id))
        .join(Rating, Rating.lead_id == Lead.id)
        .where(in_period, Rating.verdict != "accepted")
        .group_by(Lead.source, Lead.campaign, Rating.reason)
        .order_by(func.count(Rating.id).desc())).all()


def ratings_by_source(month: Month) -> dict[tuple[str, str], list[int]]:
    """Per source and campaign, how many of the month's leads carry each rating (their latest),
    1 to 5: one grouped query through the month's index."""
    counts: dict[tuple[str, str], list[int]] = {}
    for source, campaign, rating, count in db.session.execute(
            select(Lead.source, Lead.campaign, Lead.rating, func.count())
            .where(Lead.handoff_month == month.label, Lead.rating.is_not(None))
            .group_by(Lead.source, Lead.campaign, Lead.rating)):
        counts.setdefault((source, campaign), [0] * 5)[int(rating) - 1] = int(count)
    return counts
