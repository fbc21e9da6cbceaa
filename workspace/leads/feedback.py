"""Marketing's view of sales' feedback: per source and campaign, for a period, in SQL."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, select

from workspace.extensions import db
from workspace.leads.models import Lead, Rating
from workspace.sqltime import seconds_between

ACCEPTED = ("accepted", "won", "lost")


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


def feedback_by_source(start: datetime, end: datetime) -> list[SourceFeedback]:
    """One row per source and campaign with leads handed over in [start, end): three queries."""
    in_period = and_(Lead.handed_over_at >= start, Lead.handed_over_at < end)
    rows = db.session.execute(
        select(Lead.source, Lead.campaign, func.count(Lead.id),
               func.sum(case((Lead.is_mql.is_(True), 1), else_=0)),
               func.sum(case((Lead.first_rated_at.is_not(None), 1), else_=0)),
               func.sum(case((Lead.status.in_(ACCEPTED), 1), else_=0)),
               func.avg(Lead.rating))
        .where(in_period).group_by(Lead.source, Lead.campaign)
        .order_by(func.count(Lead.id).desc())).all()
    result = {(r[0], r[1]): SourceFeedback(r[0], r[1], r[2], r[3] or 0, r[4] or 0, r[5] or 0,
                                           float(r[6]) if r[6] is not None else None)
              for r in rows}
    for (source, campaign), minutes in _median_first_contact(in_period).items():
        if (source, campaign) in result:
            result[(source, campaign)].median_first_contact_minutes = minutes
    for source, campaign, reason, count in _rejection_reasons(in_period):
        if (source, campaign) in result:
            result[(source, campaign)].reasons.append((reason, count))
    return list(result.values())


def _median_first_contact(in_period) -> dict[tuple[str, str], float]:
    """Nearest-rank median with window functions, the same SQL on both databases."""
    dialect = db.session.get_bind().dialect.name
    delay = seconds_between(Lead.handed_over_at, Lead.first_attempt_at, dialect)
    ranked = (select(Lead.source, Lead.campaign, delay.label("delay"),
                     func.row_number().over(partition_by=(Lead.source, Lead.campaign),
                                            order_by=delay).label("rank"),
                     func.count().over(partition_by=(Lead.source, Lead.campaign))
                     .label("total"))
              .where(in_period, Lead.first_attempt_at.is_not(None)).subquery())
    rows = db.session.execute(select(ranked.c.source, ranked.c.campaign, ranked.c.delay)
                              .where(ranked.c.rank == (ranked.c.total + 1) // 2))
    # julianday arithmetic carries float noise: whole seconds are what was measured.
    return {(source, campaign): round(delay) / 60 for source, campaign, delay in rows}


def _rejection_reasons(in_period):
    """Reasons given when sales did not accept, most frequent first."""
    return db.session.execute(
        select(Lead.source, Lead.campaign, Rating.reason, func.count(Rating.id))
        .join(Rating, Rating.lead_id == Lead.id)
        .where(in_period, Rating.verdict != "accepted")
        .group_by(Lead.source, Lead.campaign, Rating.reason)
        .order_by(func.count(Rating.id).desc())).all()
